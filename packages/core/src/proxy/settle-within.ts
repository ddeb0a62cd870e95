/** What {@link settleWithin} gives: the value, the error thrown, or that the time ran out. */
export type Settled<T> = { value: T } | { error: unknown } | { timedOut: true }

/**
 * `run()`'s outcome, or `{ timedOut }` after `ms`; a synchronous throw counts as its error. The timer is cleared
 * as soon as either side wins, so nothing is left pending; a `run()` that never settles is simply dropped.
 */
export function settleWithin<T>(run: () => T | PromiseLike<T>, ms: number): Promise<Settled<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ timedOut: true }), ms)
    new Promise<T>((inner) => inner(run())).then(
      (value) => {
        clearTimeout(timer)
        resolve({ value })
      },
      (error: unknown) => {
        clearTimeout(timer)
        resolve({ error })
      },
    )
  })
}
