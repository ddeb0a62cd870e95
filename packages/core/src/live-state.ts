/**
 * How one live collection applies what it hears: frames and the server's answers. Every rule must be idempotent
 * (a frame applied twice changes nothing more than once) so duplicated frames and a reload's replay are harmless.
 */
export interface LiveRules<V, F, E = unknown> {
  /** Applies one frame; returns `value` itself when nothing changed. */
  apply(value: V, frame: F): V
  /**
   * What the frame shows the server has that the collection may lack (`value` is after the frame was applied,
   * `previous` before): e.g. a count its entries do not add up to, a join the merge rule refused. None by default.
   */
  evidence?(value: V, frame: F, previous: V): readonly E[]
  /** Whether `value` still lacks what `evidence` shows. @default true: only a load settles it */
  lacks?(value: V, evidence: E): boolean
  /**
   * A key for evidence a load could not satisfy, so the same evidence does not load again and again; `undefined`
   * (the default) never marks evidence exhausted: every piece asks for its own load.
   */
  key?(evidence: E): string | undefined
}

/**
 * What a live collection knows: its value, and whether the server's evidence says it may be behind. Pure data;
 * the functions below are its only transitions ({@link liveFrame}, {@link liveLoadStarted}, {@link liveLoaded},
 * {@link liveLoadFailed}).
 */
export interface LiveState<V, F, E = unknown> {
  /** `undefined` until the first answer (or a seed). */
  readonly value: V | undefined
  /**
   * Evidence the value lacks that no load started after it has covered yet (at most {@link MAX_LIVE_PENDING}: the
   * rest is heard before the next load starts, which covers it too, and the value is behind meanwhile anyway).
   */
  readonly pending: readonly E[]
  /** Evidence the load in flight was started after (it settles it). */
  readonly covering: readonly E[]
  /** Frames heard since the load in flight started, applied again on top of its answer; `undefined`: no load. */
  readonly during: readonly F[] | undefined
  /** Keys of evidence a load that covered it could not satisfy (newest last, at most {@link MAX_LIVE_EXHAUSTED}). */
  readonly exhausted: readonly string[]
}

/** Evidence kept waiting for a load. */
export const MAX_LIVE_PENDING = 1_000
/** Exhausted evidence remembered. */
export const MAX_LIVE_EXHAUSTED = 500

/** @internal The empty list every live state shares. */
export const NONE: readonly never[] = /* @__PURE__ */ Object.freeze([])

/** A collection that knows nothing yet, or starts from `seed` (a value loaded before). */
export function createLiveState<V, F, E = unknown>(seed?: V): LiveState<V, F, E> {
  return { value: seed, pending: NONE, covering: NONE, during: undefined, exhausted: NONE }
}

/** Whether the collection knows it may be behind the server: evidence it lacks waits for a load. */
export const isLiveBehind = (state: LiveState<unknown, unknown, unknown>): boolean =>
  state.pending.length > 0 || state.covering.length > 0

const lacks = <V, F, E>(rules: LiveRules<V, F, E>, value: V, e: E) => rules.lacks?.(value, e) ?? true

/**
 * One frame heard: applied to the value (when there is one), kept for replay over the answer of the load in
 * flight, and the evidence it carries that the value lacks is recorded. Returns `state` itself when nothing changed.
 */
export function liveFrame<V, F, E>(
  state: LiveState<V, F, E>,
  frame: F,
  rules: LiveRules<V, F, E>,
): LiveState<V, F, E> {
  const during = state.during ? [...state.during, frame] : undefined
  if (state.value === undefined) return during ? { ...state, during } : state
  const value = rules.apply(state.value, frame)
  let pending = state.pending
  for (const e of rules.evidence?.(value, frame, state.value) ?? NONE) {
    if (pending.length >= MAX_LIVE_PENDING || !lacks(rules, value, e)) continue
    const key = rules.key?.(e)
    if (key !== undefined && (state.exhausted.includes(key) || pending.some((p) => rules.key?.(p) === key)))
      continue
    pending = [...pending, e]
  }
  if (value === state.value && pending === state.pending && !during) return state
  return { ...state, value, pending, during }
}

/** A load starts: it covers the evidence heard so far, and the frames heard from now on are replayed over it. */
export function liveLoadStarted<V, F, E>(state: LiveState<V, F, E>): LiveState<V, F, E> {
  return {
    ...state,
    pending: NONE,
    covering: [...state.covering, ...state.pending],
    during: [],
  }
}

/**
 * The load's answer: the server's value wins over everything remembered (event times included), then the frames
 * heard while it was in flight are applied again. Evidence it covered that the new value still lacks is learned
 * as exhausted (when it has a key); pending evidence the new value satisfies is dropped.
 */
export function liveLoaded<V, F, E>(
  state: LiveState<V, F, E>,
  answer: V,
  rules: LiveRules<V, F, E>,
): LiveState<V, F, E> {
  let value = answer
  for (const frame of state.during ?? NONE) value = rules.apply(value, frame)
  let exhausted = state.exhausted
  for (const e of state.covering) {
    if (!lacks(rules, value, e)) continue
    const key = rules.key?.(e)
    if (key === undefined || exhausted.includes(key)) continue
    exhausted = [...exhausted, key].slice(-MAX_LIVE_EXHAUSTED)
  }
  // Evidence heard during the load may be about something the answer already holds.
  const pending = state.pending.filter((e) => lacks(rules, value, e))
  return { value, pending, covering: NONE, during: undefined, exhausted }
}

/** The load failed or was abandoned: what it covered waits again. */
export function liveLoadFailed<V, F, E>(state: LiveState<V, F, E>): LiveState<V, F, E> {
  return {
    ...state,
    pending: [...state.covering, ...state.pending].slice(0, MAX_LIVE_PENDING),
    covering: NONE,
    during: undefined,
  }
}
