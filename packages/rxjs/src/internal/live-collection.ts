import type {
  ConversationClient,
  ConversationWebsocketFrame,
  LiveRules,
  LiveState,
} from '@uc-conversation/core'
import {
  createLiveState,
  isLiveBehind,
  isPermanentError,
  liveFrame,
  liveLoaded,
  liveLoadFailed,
  liveLoadStarted,
} from '@uc-conversation/core'
import { asyncScheduler, map, Observable, type SchedulerLike } from 'rxjs'
import type { AgentSocket } from '../agent-socket/agent-socket'
import type { BackoffOptions } from '../backoff'
import type { Freshness, LiveSource, LiveWarning } from '../freshness'
import { checkRevalidateMs, type RevalidateOptions } from '../poll-delay'
import { createSyncEngine } from './sync-engine'

/** A state from a load (the server's word on the whole collection), not from a frame or a status change. */
export const isLoad = (source: LiveSource) =>
  source === 'initial' || source === 'catch-up' || source === 'poll'

/** The collection's options (poll, check, backoff, scheduler) with its own parts over them. */
export interface LiveCollectionSpec<T, E>
  extends RevalidateOptions,
    LiveRules<T, ConversationWebsocketFrame, E> {
  client: ConversationClient
  socket?: AgentSocket | undefined
  scheduler?: SchedulerLike | undefined
  retry?: BackoffOptions | undefined
  /** The periodic check while the socket is up, when its options are not the spec's own. */
  revalidate?: RevalidateOptions | undefined
  /**
   * The authoritative value from REST; `current` is the value when the load started (for what the server does
   * not hold, e.g. a log of events). The answer replaces the value, remembered event times included.
   */
  load(signal: AbortSignal, current: T | undefined): Promise<T>
  /**
   * The frames that may change the value. Narrow it even where the rules ignore the rest: while a load is in flight
   * (it may wait long for the hourly budget) every frame given here is kept to be applied again over its answer.
   */
  frames(socket: AgentSocket): Observable<ConversationWebsocketFrame>
  /** A value loaded before (e.g. on the server): emitted at once; the first load is then a catch-up. */
  initial?: T | undefined
  /** The value a failure before the first successful load is reported with (e.g. `[]`). */
  empty: T
}

/** One emission of {@link liveCollection}. */
export interface LiveEmission<T> {
  value: T
  source: LiveSource
  freshness: Freshness
  /** Only while a load the stream needs waits for the budget. */
  warning?: LiveWarning
  /** The last load failure while the stream retries it with backoff; absent once a load succeeds. */
  error?: unknown
}

/**
 * A value loaded through REST and kept current by socket frames, by core's live state: the server's answer
 * wins, frames that arrive while a load is in flight are applied again on top of it, and evidence in a frame
 * that the value lacks something loads at once and reports `behind` until a load started after it answers.
 * Reloaded after every (re)connect and on refocus, checked periodically within the client's budget while the
 * socket is up, polled while it is down or absent. Says when its loads fail while it retries them (with backoff)
 * instead of staying silent: every emission carries the last failure as `error` until a load succeeds, and a
 * failure emits at once (`status`, `stale`), before the first successful load with `empty` as the value (a UI
 * shows the error instead of "Loading…" forever). A permanent failure ends the stream.
 */
export function liveCollection<T, E = unknown>(spec: LiveCollectionSpec<T, E>): Observable<LiveEmission<T>> {
  return new Observable((subscriber) => {
    let state: LiveState<T, ConversationWebsocketFrame, E> = createLiveState(spec.initial)
    let error: unknown
    let last: LiveEmission<T> | undefined
    const next = (emission: LiveEmission<T>) => {
      last = emission
      subscriber.next(emission)
    }
    const emit = (source: LiveSource) => {
      const { warning } = engine
      if (isLoad(source)) error = undefined
      if (state.value !== undefined)
        next({
          value: state.value,
          source,
          freshness: engine.freshness,
          ...(warning && { warning }),
          ...(error !== undefined && { error }),
        })
    }
    const engine = createSyncEngine({
      ...spec.revalidate,
      ...spec,
      scheduler: spec.scheduler ?? asyncScheduler,
      fetch: async (signal) => {
        state = liveLoadStarted(state)
        // A load abandoned for another (a superseded poll: the engine aborts it) leaves the state to the one that
        // replaced it.
        try {
          const answer = await spec.load(signal, state.value)
          if (!signal.aborted) state = liveLoaded(state, answer, spec)
        } catch (failure) {
          if (!signal.aborted) {
            state = liveLoadFailed(state)
            if (!isPermanentError(failure)) {
              error = failure
              next({ ...(last ?? { value: spec.empty }), source: 'status', freshness: 'stale', error })
            }
          }
          throw failure
        }
      },
      onLoaded: (source) => {
        emit(source === 'gap' ? 'catch-up' : source)
        // Evidence heard during the load that its answer does not settle asks for the next one.
        if (isLiveBehind(state)) engine.request('gap')
      },
      onFreshness: () => emit('status'),
      onError: (error) => subscriber.error(error),
      behind: () => isLiveBehind(state),
    })
    if (spec.socket)
      engine.listen(spec.frames(spec.socket), (frame) => {
        const before = state
        state = liveFrame(state, frame, spec)
        if (state.pending !== before.pending) engine.request('gap')
        if (state.value !== before.value) emit('socket')
      })
    engine.start(spec.initial !== undefined)
    if (spec.initial !== undefined) emit('initial')
    return engine.stop
  })
}

/**
 * A collection's public stream: `revalidateMs` checked at once, {@link liveCollection} with the value under `key`
 * (`[]` until the first load answers).
 */
export function liveStates<S, T extends readonly unknown[], E = unknown>(
  key: string,
  spec: Omit<LiveCollectionSpec<T, E>, 'empty'>,
): Observable<S> {
  checkRevalidateMs(spec.revalidateMs)
  return liveCollection({ ...spec, empty: [] as unknown as T }).pipe(
    map(({ value, ...rest }) => ({ [key]: value, ...rest }) as never),
  )
}
