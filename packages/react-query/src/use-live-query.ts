'use client'
import { type QueryClient, type QueryKey, useQueryClient } from '@tanstack/react-query'
import { type DependencyList, useEffect } from 'react'
import type { Observable } from 'rxjs'
import { LoadFailure } from './live-streams'

/**
 * A stream that failed becomes the query's error (the data it had stays), through TanStack's public
 * API: a fetch of the entry that fails with it. A fetch already running for the entry is its stream's own first
 * value, which fails with the same error.
 */
const setQueryError = (queryClient: QueryClient, queryKey: QueryKey, error: unknown) =>
  void queryClient
    .fetchQuery({ queryKey, queryFn: () => Promise.reject(error), retry: false, staleTime: 0 })
    .catch(() => {})

/**
 * @internal While mounted and enabled, writes every value of a live stream into one cache entry (`write`: how,
 * given what the entry holds; by default the value replaces it); a load failure before any data becomes the
 * query's error (the stream retries, and its next data replaces the error). `create` gets what the entry holds
 * when the stream starts (a server prefetch, hydrated), to seed a stream started now instead of reloading it.
 */
export function useLiveQuery<T, D = T>(
  queryKey: QueryKey,
  create: (cached: D | undefined) => Observable<T | LoadFailure>,
  enabled: boolean,
  deps: DependencyList,
  write: (value: T, data: D | undefined) => D = (value) => value as unknown as D,
): void {
  const queryClient = useQueryClient()
  const effectDeps = [queryClient, enabled, ...deps]
  useEffect(() => {
    if (!enabled) return
    const subscription = create(queryClient.getQueryData<D>(queryKey)).subscribe({
      next: (value) => {
        // Data, even old, beats an error: a failure only shows while there is nothing to show.
        if (!(value instanceof LoadFailure))
          queryClient.setQueryData<D>(queryKey, (data) => write(value, data))
        else if (queryClient.getQueryData(queryKey) === undefined)
          setQueryError(queryClient, queryKey, value.error)
      },
      error: (error: unknown) => setQueryError(queryClient, queryKey, error),
    })
    return () => subscription.unsubscribe()
    // biome-ignore lint/correctness/useExhaustiveDependencies: `deps` identify the stream and its key
  }, effectDeps)
}

/**
 * @internal Query settings of a live entry: the stream keeps it fresh, so TanStack never considers it stale nor
 * refetches it on focus or reconnect (the stream catches up by itself).
 */
export const LIVE_QUERY_DEFAULTS = {
  staleTime: Infinity,
  refetchOnWindowFocus: false,
  refetchOnReconnect: false,
} as const
