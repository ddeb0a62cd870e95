import { type AnyConversationError, ConversationNetworkError } from './errors'
import type { RequestBudget } from './hourly-budget'
import {
  isUnreachableError,
  MAX_PROBE_INTERVAL_MS,
  PROBE_INTERVAL_MS,
  UNREACHABLE_AFTER,
  UNREACHABLE_CODE,
} from './reachability'
import { waitInLine } from './wait-in-line'

/** Live counters of one client, for adapting (e.g. slower polling as `budgetLeft` shrinks). */
export interface ClientStats {
  /** Requests handed to the transport, retries included. */
  sent: number
  /** Requests waiting for a slot, for budget or for the probe right now. */
  queued: number
  /** Requests in flight right now. */
  inFlight: number
  /** Retries scheduled. */
  retried: number
  /** 429 answers received. */
  rateLimited: number
  /** Requests the budget allows right now (`Infinity` without one). */
  budgetLeft: number
  /**
   * The server could not be reached by the last `UNREACHABLE_AFTER` attempts (refused, unknown host, timeouts):
   * only one call at a time is sent, as a probe, the others wait for it. `false` again at the first answer.
   * Always set by the client; optional in the type so that stats written by hand (test doubles) still compile.
   */
  unreachable?: boolean
}

/** @internal Whether a call may be sent now: `false` yes, `true` yes as the probe, an error: no (sent nothing). */
export type Entry = boolean | ConversationNetworkError

/**
 * @internal The one queue of a client's calls, in FIFO order: a call goes when a slot is free and the budget
 * allows. After {@link UNREACHABLE_AFTER} consecutive unreachable failures only one call at a time goes, as a
 * probe, spaced by a doubling interval; the others wait for it: when it gets any answer they go as before, when
 * it fails they fail with a network error (code {@link UNREACHABLE_CODE}) without being sent, and their own
 * retries wait for the next probe. A waiting call holds no slot and no budget.
 */
export interface RateGate {
  /** Takes a slot: at once when the call may go now, else a promise in FIFO order. */
  acquire(signal?: AbortSignal): Entry | Promise<Entry>
  /**
   * Frees the slot of an attempt that was sent (`probe`: what `acquire` gave it): its error, `undefined` for an
   * answer, `null` when the caller aborted it.
   */
  release(probe: boolean, error: AnyConversationError | undefined | null): void
  /** Mutable counters the request loop bumps (`queued` is read from the queue: see `snapshot`). */
  readonly counters: Omit<ClientStats, 'queued' | 'budgetLeft' | 'unreachable'>
  /** A fresh copy, with the budget and reachability read now. */
  snapshot(): ClientStats
}

/** @internal */
export function createRateGate(concurrency: number, budget: RequestBudget | undefined): RateGate {
  const waiting: Array<(entry: Entry) => void> = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let failures = 0
  let probing = false
  let probeAt = 0
  let interval = PROBE_INTERVAL_MS
  const stats = { sent: 0, inFlight: 0, retried: 0, rateLimited: 0 }
  const down = () => failures >= UNREACHABLE_AFTER
  // Milliseconds until the next call may go (0: now); Infinity until a release (no slot free, a probe out).
  const due = () =>
    stats.inFlight >= concurrency || (down() && probing)
      ? Infinity
      : Math.max(down() ? probeAt - Date.now() : 0, budget?.wait() ?? 0)
  // The call going now: it holds a slot and a request's worth of budget; while unreachable, it is the probe.
  const take = () => {
    budget?.take()
    stats.inFlight++
    const probe = down()
    if (probe) probing = true
    return probe
  }
  const pump = () => {
    clearTimeout(timer)
    while (waiting.length) {
      const wait = due()
      if (wait === Infinity) return
      // Wake when one request's worth has drained or the probe is due; the queue keeps its order meanwhile.
      if (wait > 0) {
        timer = setTimeout(pump, wait)
        return
      }
      waiting.shift()!(take())
    }
  }
  return {
    counters: stats,
    snapshot: () => ({
      ...stats,
      queued: waiting.length,
      budgetLeft: budget ? budget.left() : Infinity,
      unreachable: down(),
    }),
    acquire: (signal) => (waiting.length || due() ? waitInLine(waiting, pump, signal) : take()),
    release: (probe, error) => {
      stats.inFlight--
      if (probe) probing = false
      if (error === undefined || (error && !isUnreachableError(error))) {
        failures = 0
        interval = PROBE_INTERVAL_MS
      } else if (error && ++failures === UNREACHABLE_AFTER) probeAt = Date.now() + interval
      else if (error && probe) {
        interval = Math.min(MAX_PROBE_INTERVAL_MS, interval * 2)
        probeAt = Date.now() + interval
        // The probe's failure as the cause, never its text (it is scrubbed of credentials later, in place).
        const failed = new ConversationNetworkError('Server unreachable, retrying', error, UNREACHABLE_CODE)
        for (const go of waiting.splice(0)) go(failed)
      }
      pump()
    },
  }
}
