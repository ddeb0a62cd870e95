import type { RequestBudget } from './hourly-budget'
import { waitInLine } from './wait-in-line'

/** Live counters of one client, for adapting (e.g. slower polling as `budgetLeft` shrinks). */
export interface ClientStats {
  /** Requests handed to the transport, retries included. */
  sent: number
  /** Requests waiting for a slot or for budget right now. */
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

/** @internal A FIFO of request slots, optionally metered by a budget. */
export interface RateGate {
  /** Takes a slot: at once (`undefined`) when one is free, else a promise in FIFO order. */
  acquire(signal?: AbortSignal): Promise<void> | undefined
  release(): void
  /** Mutable counters the request loop bumps (`queued` is read from the queue: see `snapshot`). */
  readonly counters: Omit<ClientStats, 'budgetLeft' | 'unreachable'>
  /** A fresh copy, with the budget read now. */
  snapshot(): Omit<ClientStats, 'unreachable'>
}

/** @internal */
export function createRateGate(concurrency: number, budget: RequestBudget | undefined): RateGate {
  const waiting: Array<(go?: undefined) => void> = []
  let timer: ReturnType<typeof setTimeout> | undefined
  const stats = { sent: 0, queued: 0, inFlight: 0, retried: 0, rateLimited: 0 }
  const pump = () => {
    clearTimeout(timer)
    timer = undefined
    while (stats.inFlight < concurrency && waiting.length) {
      const wait = budget?.wait()
      // Wake when one request's worth has drained; the queue keeps its order meanwhile.
      if (wait) {
        timer = setTimeout(pump, wait)
        return
      }
      budget?.take()
      stats.inFlight++
      waiting.shift()!()
    }
  }
  return {
    counters: stats,
    snapshot: () => ({ ...stats, queued: waiting.length, budgetLeft: budget ? budget.left() : Infinity }),
    acquire: (signal) => {
      if (stats.inFlight < concurrency && !waiting.length && !budget?.wait()) {
        budget?.take()
        stats.inFlight++
        return
      }
      return waitInLine(waiting, pump, signal)
    },
    release: () => {
      stats.inFlight--
      pump()
    },
  }
}
