'use client'
import { type QueryClient, type QueryKey, useQueryClient } from '@tanstack/react-query'
import { type DependencyList, useEffect } from 'react'
import type { Observable } from 'rxjs'

/** A stream that failed for good becomes the query's error (the data it had stays). */
const setQueryError = (queryClient: QueryClient, queryKey: QueryKey, error: unknown) => {
  const query = queryClient.getQueryCache().find({ queryKey, exact: true })
  query?.setState({
    status: 'error',
    error: error as Error,
    errorUpdateCount: query.state.errorUpdateCount + 1,
    errorUpdatedAt: Date.now(),
    fetchStatus: 'idle',
  })
}

/** @internal While mounted and enabled, writes every value of a live stream into one cache entry. */
export function useLiveQuery<T>(
  queryKey: QueryKey,
  create: () => Observable<T>,
  enabled: boolean,
  deps: DependencyList,
): void {
  const queryClient = useQueryClient()
  const effectDeps = [queryClient, enabled, ...deps]
  useEffect(() => {
    if (!enabled) return
    const subscription = create().subscribe({
      next: (value) => queryClient.setQueryData(queryKey, value),
      error: (error: unknown) => setQueryError(queryClient, queryKey, error),
    })
    return () => subscription.unsubscribe()
    // biome-ignore lint/correctness/useExhaustiveDependencies: `deps` identify the stream and its key
  }, effectDeps)
}
