import { isPermanentError } from '@uc-conversation/core'
import { defer, map, merge, type Observable, Subject } from 'rxjs'
import type { Freshness, LiveSource } from '../freshness'

/** What a live collection's state carries for {@link withLoadFailures}. */
interface LiveState {
  source: LiveSource
  freshness: Freshness
  error?: unknown
}

/** A state from a load (the server's word on the whole collection), not from a frame or a status change. */
export const isLoad = (source: LiveSource) =>
  source === 'initial' || source === 'catch-up' || source === 'poll'

/**
 * Makes a live collection say when its loads fail while it retries them (with backoff), instead of staying
 * silent: every state carries the last failure as `error` until a load succeeds, and a failure before the first
 * successful load emits `empty` with `freshness: 'stale'` and that `error` (a UI shows it instead of "Loading…"
 * forever). Permanent failures still end the stream. `create` receives the load wrapper to put around `load`.
 */
export function withLoadFailures<S extends LiveState>(
  create: (
    report: <T, A extends unknown[]>(
      load: (signal: AbortSignal, ...rest: A) => Promise<T>,
    ) => (signal: AbortSignal, ...rest: A) => Promise<T>,
  ) => Observable<S>,
  empty: () => Omit<S, 'source' | 'freshness' | 'error'>,
): Observable<S> {
  return defer(() => {
    const failures = new Subject<unknown>()
    let error: unknown
    let last: S | undefined
    const report =
      <T, A extends unknown[]>(load: (signal: AbortSignal, ...rest: A) => Promise<T>) =>
      async (signal: AbortSignal, ...rest: A): Promise<T> => {
        try {
          return await load(signal, ...rest)
        } catch (failure) {
          if (!signal.aborted && !isPermanentError(failure)) failures.next(failure)
          throw failure
        }
      }
    const states = create(report).pipe(
      map((state) => {
        if (isLoad(state.source)) error = undefined
        last = error === undefined ? state : { ...state, error }
        return last
      }),
    )
    const failed = failures.pipe(
      map((failure): S => {
        error = failure
        const base = last ?? (empty() as S)
        return { ...base, source: 'status', freshness: 'stale', error: failure }
      }),
    )
    return merge(states, failed)
  })
}
