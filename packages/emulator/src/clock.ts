/** A handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = { readonly id: number }

/**
 * Time as the emulator sees it. Every delay in the emulator (JWT expiry, keepalive lapses, transport status
 * changes, simulated customers, rate-limit draining, fault latency) goes through one clock, so a test can
 * swap in a {@link ManualClock} and step through time instead of sleeping.
 */
export interface Clock {
  /** `'real'` follows the wall clock; `'manual'` only moves on {@link Clock.advance}. */
  readonly mode: 'real' | 'manual'
  /** Epoch milliseconds. */
  now(): number
  setTimeout(callback: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle | undefined): void
  /**
   * Moves a manual clock forward, running every timer that falls due on the way, in due order (timers
   * scheduled by those callbacks run too when they fall inside the window). Throws on a real clock.
   */
  advance(ms: number): void
  /** Timers scheduled and not yet run or cleared. */
  pending(): number
}

/**
 * The wall clock. Timers are `unref`ed: an emulator inside a test run never keeps the process alive on its
 * own (the HTTP server does that for the CLI).
 */
export function createRealClock(): Clock {
  let nextId = 1
  const live = new Map<number, ReturnType<typeof setTimeout>>()
  return {
    mode: 'real',
    now: () => Date.now(),
    setTimeout(callback, ms) {
      const id = nextId++
      const timer = setTimeout(
        () => {
          live.delete(id)
          callback()
        },
        Math.max(0, ms),
      )
      timer.unref?.()
      live.set(id, timer)
      return { id }
    },
    clearTimeout(handle) {
      if (!handle) return
      clearTimeout(live.get(handle.id))
      live.delete(handle.id)
    },
    advance() {
      throw new Error('advance() needs a manual clock: createEmulator({ clock: "manual" })')
    },
    pending: () => live.size,
  }
}

/**
 * Default start of a manual clock: a fixed instant so that runs with the same seed produce identical
 * timestamps.
 */
export const DEFAULT_MANUAL_START = Date.UTC(2025, 0, 6, 9, 0, 0)

/** A clock that only moves when told to. */
export function createManualClock(start: number = DEFAULT_MANUAL_START): Clock {
  let now = start
  let nextId = 1
  // Ordered by (due, id) so equal due times keep scheduling order.
  const timers = new Map<number, { due: number; callback: () => void }>()
  const nextDue = (limit: number) => {
    let best: number | undefined
    let bestDue = Number.POSITIVE_INFINITY
    for (const [id, t] of timers) {
      if (t.due <= limit && (t.due < bestDue || (t.due === bestDue && id < best!))) {
        best = id
        bestDue = t.due
      }
    }
    return best
  }
  return {
    mode: 'manual',
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++
      timers.set(id, { due: now + Math.max(0, ms), callback })
      return { id }
    },
    clearTimeout(handle) {
      if (handle) timers.delete(handle.id)
    },
    advance(ms) {
      if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError('advance(ms) needs a finite ms >= 0')
      const target = now + ms
      for (let id = nextDue(target); id !== undefined; id = nextDue(target)) {
        const timer = timers.get(id)!
        timers.delete(id)
        now = Math.max(now, timer.due)
        timer.callback()
      }
      now = target
    },
    pending: () => timers.size,
  }
}

/**
 * Tracks every timer an emulator schedules so that `close()` can cancel all of them, whatever the clock.
 * @internal
 */
export interface TimerSet {
  set(callback: () => void, ms: number): TimerHandle
  clear(handle: TimerHandle | undefined): void
  /** Resolves after `ms` on the clock (rejects with `reason` when the set is cleared). */
  sleep(ms: number): Promise<void>
  clearAll(): void
}

/** @internal */
export function createTimerSet(clock: Clock): TimerSet {
  const live = new Map<number, TimerHandle>()
  const sleepers = new Map<number, (error: Error) => void>()
  const set = (callback: () => void, ms: number): TimerHandle => {
    const handle = clock.setTimeout(() => {
      live.delete(handle.id)
      callback()
    }, ms)
    live.set(handle.id, handle)
    return handle
  }
  return {
    set,
    clear(handle) {
      if (!handle) return
      clock.clearTimeout(handle)
      live.delete(handle.id)
    },
    sleep(ms) {
      return new Promise((resolve, reject) => {
        const handle = set(() => {
          sleepers.delete(handle.id)
          resolve()
        }, ms)
        sleepers.set(handle.id, reject)
      })
    },
    clearAll() {
      for (const handle of live.values()) clock.clearTimeout(handle)
      live.clear()
      for (const reject of sleepers.values()) reject(new Error('emulator closed'))
      sleepers.clear()
    },
  }
}

/**
 * Server time: a {@link Clock} read `offsetMs` ahead (negative: behind) with its timers unchanged, and an offset
 * that {@link ServerClock.step} moves at runtime, as an NTP correction moves a real server's clock.
 */
export interface ServerClock extends Clock {
  /** How far server time is from the underlying clock now, in ms: `clockOffsetMs` plus every step. */
  readonly offsetMs: number
  /**
   * Steps server time by `ms` (negative: back) at once. Every time the emulator writes from then on
   * (`message_dts`, participants' `joined_dts` / `left_dts`, event summaries, JWT `iat` / `exp`) reads the new
   * time; delays and pending timers are unchanged, and `message_epoch` still grows within a conversation.
   * Throws a `RangeError` unless `ms` is a finite number.
   */
  step(ms: number): void
}

/** @internal */
export function createServerClock(clock: Clock, offsetMs = 0): ServerClock {
  if (!Number.isFinite(offsetMs)) throw new RangeError('clockOffsetMs must be a finite number of ms')
  let offset = offsetMs
  return {
    get mode() {
      return clock.mode
    },
    get offsetMs() {
      return offset
    },
    now: () => clock.now() + offset,
    setTimeout: (callback, ms) => clock.setTimeout(callback, ms),
    clearTimeout: (handle) => clock.clearTimeout(handle),
    advance: (ms) => clock.advance(ms),
    pending: () => clock.pending(),
    step(ms) {
      if (typeof ms !== 'number' || !Number.isFinite(ms))
        throw new RangeError('step(ms) needs a finite number of ms (negative steps back)')
      offset += ms
    },
  }
}
