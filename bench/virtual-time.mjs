// One virtual clock for both sides of an in-process run: an RxJS scheduler (every timer of the rxjs layer) and
// the emulator's manual clock (JWT expiry, customers, rate-limit draining) move together, so an hour of an agent
// console takes seconds. Between timers the loop lets real promise work (in-process fetch, socket frames) run to
// quiescence, so requests and reactions happen at the virtual instant that caused them.
import { Subscription } from 'rxjs'

/** Longest single clock step: emulator timers (customers every 15 s, ...) fire near their own time. */
const MAX_STEP_MS = 1_000

export function createVirtualTime(emulator) {
  let now = emulator.clock.now()
  let seq = 0
  let timers = []
  let activity = 0
  let inFlight = 0

  /** A rescheduleable action, as RxJS's own: `this.schedule(state, delay)` inside `work` runs it again. */
  class Action extends Subscription {
    entry = undefined
    constructor(work) {
      super()
      this.work = work
    }
    schedule(state, delay = 0) {
      if (this.closed) return this
      if (this.entry) this.entry.cancelled = true
      const entry = {
        at: now + Math.max(0, delay),
        seq: seq++,
        run: () => {
          this.entry = undefined
          this.work.call(this, state)
          if (!this.entry) Subscription.prototype.unsubscribe.call(this)
        },
      }
      this.entry = entry
      timers.push(entry)
      activity++
      return this
    }
    unsubscribe() {
      if (this.entry) this.entry.cancelled = true
      this.entry = undefined
      super.unsubscribe()
    }
  }

  const scheduler = {
    now: () => now,
    schedule: (work, delay, state) => new Action(work).schedule(state, delay),
  }

  /** Wraps a fetch so settling knows when requests are still running. */
  const trackFetch =
    (fetch) =>
    async (...args) => {
      inFlight++
      activity++
      try {
        return await fetch(...args)
      } finally {
        inFlight--
        activity++
      }
    }

  /** Real turns of the event loop until nothing is in flight and three turns pass with no new activity. */
  async function settle() {
    for (let idle = 0, guard = 0; idle < 3; guard++) {
      if (guard > 100_000) throw new Error('virtual time: work does not settle')
      const before = activity
      await new Promise((resolve) => setImmediate(resolve))
      idle = activity === before && inFlight === 0 ? idle + 1 : 0
    }
  }

  const nextTimer = () => {
    timers = timers.filter((t) => !t.cancelled)
    let best
    for (const t of timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t
    return best
  }

  /** Runs virtual time forward by `ms`; `every` = [periodMs, fn] calls fn on that period (the script's actors). */
  async function run(ms, every) {
    const end = now + ms
    let nextActor = every ? now + every[0] : Number.POSITIVE_INFINITY
    for (;;) {
      await settle()
      const timer = nextTimer()
      const due = Math.min(timer?.at ?? Number.POSITIVE_INFINITY, nextActor, end)
      const to = Math.min(due, now + MAX_STEP_MS)
      if (to > now) {
        emulator.clock.advance(to - now)
        now = to
        continue
      }
      if (timer && timer.at <= now) {
        timer.cancelled = true
        timer.run()
      } else if (nextActor <= now) {
        nextActor += every[0]
        every[1]()
      } else if (now >= end) return
    }
  }

  return { scheduler, trackFetch, settle, run, now: () => now }
}
