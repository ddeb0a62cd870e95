/** UltraCart's published hourly budget per application and IP. */
export const DEFAULT_BUDGET_PER_HOUR = 1000

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
  /** Requests the hourly budget allows right now (`Infinity` without a budget). */
  budgetLeft: number
}

/** @internal A FIFO of request slots with an optional leaky-bucket hourly budget. */
export interface RateGate {
  acquire(signal?: AbortSignal): Promise<void>
  release(): void
  /** Mutable counters the request loop bumps. */
  readonly counters: ClientStats
  /** A fresh copy, with the budget leaked up to now. */
  snapshot(): ClientStats
}

/**
 * @internal
 * `perHour` requests fill a bucket that leaks continuously (no fixed reset, like UltraCart's); a request that
 * would overflow it waits until enough has leaked.
 */
export function createRateGate(concurrency: number, perHour: number | undefined): RateGate {
  const waiting: Array<{ go: () => void }> = []
  let level = 0
  let last = Date.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const stats: ClientStats = {
    sent: 0,
    queued: 0,
    inFlight: 0,
    retried: 0,
    rateLimited: 0,
    budgetLeft: Infinity,
  }
  const leak = () => {
    if (!perHour) return
    const now = Date.now()
    level = Math.max(0, level - ((now - last) * perHour) / 3.6e6)
    last = now
    stats.budgetLeft = Math.floor(perHour - level)
  }
  leak()
  const pump = () => {
    while (stats.inFlight < concurrency && waiting.length) {
      leak()
      if (perHour && level + 1 > perHour) {
        // Wake when one request's worth has leaked; only one timer at a time.
        timer ??= setTimeout(
          () => {
            timer = undefined
            pump()
          },
          Math.ceil(((level + 1 - perHour) * 3.6e6) / perHour),
        )
        return
      }
      level += perHour ? 1 : 0
      stats.budgetLeft = perHour ? Math.floor(perHour - level) : Infinity
      stats.inFlight++
      stats.queued--
      waiting.shift()!.go()
    }
    if (!waiting.length && timer !== undefined) {
      clearTimeout(timer)
      timer = undefined
    }
  }
  return {
    counters: stats,
    snapshot: () => {
      leak()
      return { ...stats }
    },
    acquire: (signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason)
        const onAbort = () => {
          const i = waiting.indexOf(entry)
          if (i >= 0) {
            waiting.splice(i, 1)
            stats.queued--
            pump()
            reject(signal!.reason)
          }
        }
        const entry = {
          go: () => {
            signal?.removeEventListener('abort', onAbort)
            resolve()
          },
        }
        waiting.push(entry)
        stats.queued++
        signal?.addEventListener('abort', onAbort)
        pump()
      }),
    release: () => {
      stats.inFlight--
      pump()
    },
  }
}
