'use client'
import {
  type UseInfiniteQueryOptions,
  type UseInfiniteQueryResult,
  useInfiniteQuery,
  useQueryClient,
} from '@tanstack/react-query'
import type { AnyConversationError, ConversationSummary, ConversationsResponse } from '@uc-conversation/core'
import type { Freshness } from '@uc-conversation/rxjs'
import { useEffect, useMemo, useState } from 'react'
import type { ConversationListData } from './conversation-data'
import { type ConversationListFilters, conversationKeys } from './conversation-keys'
import { flattenConversations, writeLiveFirstPage } from './conversation-list-cache'
import { conversationQueries, DEFAULT_CONVERSATIONS_PAGE_SIZE } from './conversation-queries'
import { LoadFailure, liveConversationList } from './live-streams'
import { guardRetry } from './permanent-errors'
import { useConversationCacheSync } from './use-conversation-cache-sync'
import { LIVE_QUERY_DEFAULTS, setQueryError, useLiveContext } from './use-live-query'

/** TanStack options of {@link useConversations} (key, function and paging come from `conversationQueries.list`). */
export type UseConversationsOptions = Omit<
  UseInfiniteQueryOptions<
    ConversationsResponse,
    AnyConversationError,
    ConversationListData,
    ReturnType<typeof conversationKeys.list>,
    number
  >,
  'queryKey' | 'queryFn' | 'initialPageParam' | 'getNextPageParam' | 'getPreviousPageParam' | 'select'
>

/** Result of {@link useConversations}: TanStack's infinite query result plus the flattened list. */
export type UseConversationsResult = UseInfiniteQueryResult<ConversationListData, AnyConversationError> & {
  /** Every loaded conversation, newest first, each once (`unread_messages` flags included). */
  conversations: readonly ConversationSummary[]
  /**
   * The first page's stream's freshness (rxjs's one rule, the same as the messages'): `live` while the socket
   * is open, `polling` while it polls instead, `stale` while it can do neither (hidden tab, offline, failed).
   */
  freshness: Freshness
}

/**
 * The conversation list, paged by offset (`fetchNextPage` for infinite scroll) and live. Its first page is
 * rxjs's `conversationList` on the one sync engine: socket events (new conversation, new message, closed,
 * participant update), a catch-up when the socket reopens or the tab wakes, budgeted polling while the socket is
 * down (paused in hidden tabs); this hook only writes what it says into the cache. Read state and `closed` only
 * move forward (core's `mergeConversationSummary`).
 */
export function useConversations(
  filters: ConversationListFilters = {},
  options: UseConversationsOptions = {},
): UseConversationsResult {
  const { client, liveOptions } = useLiveContext()
  const queryClient = useQueryClient()
  const enabled = options.enabled !== false
  useConversationCacheSync(enabled)
  const { medium, limit: pageSize } = filters
  const limit = pageSize ?? DEFAULT_CONVERSATIONS_PAGE_SIZE
  const query = useInfiniteQuery<
    ConversationsResponse,
    AnyConversationError,
    ConversationListData,
    ReturnType<typeof conversationKeys.list>,
    number
  >({
    ...conversationQueries.list(client, filters, liveOptions),
    ...LIVE_QUERY_DEFAULTS,
    ...guardRetry(options),
  })
  const [freshness, setFreshness] = useState<Freshness>('stale')
  useEffect(() => {
    if (!enabled) return
    const stable: ConversationListFilters = {}
    if (medium !== undefined) stable.medium = medium
    if (pageSize !== undefined) stable.limit = pageSize
    const listKey = conversationKeys.list(stable)
    let previous: Map<string, ConversationSummary> | undefined
    const subscription = liveConversationList(
      client,
      { limit, ...(medium ? { medium } : {}) },
      liveOptions,
      // The cached first page (a server prefetch, hydrated) seeds a stream started now: no reload of it.
      queryClient.getQueryData<ConversationListData>(listKey)?.pages[0]?.conversations,
    ).subscribe({
      next: (state) => {
        if (state instanceof LoadFailure) {
          setFreshness('stale')
          if (queryClient.getQueryData(listKey) === undefined)
            setQueryError(queryClient, listKey, state.error)
          return
        }
        setFreshness(state.freshness)
        const known = previous
        queryClient.setQueryData(listKey, (data) => writeLiveFirstPage(data, state, known, stable, limit))
        previous = new Map()
        for (const c of state.conversations) if (c.conversation_uuid) previous.set(c.conversation_uuid, c)
      },
      error: (error: unknown) => {
        setFreshness('stale')
        setQueryError(queryClient, listKey, error)
      },
    })
    return () => subscription.unsubscribe()
  }, [client, liveOptions, queryClient, enabled, medium, pageSize, limit])
  const data = query.data
  const conversations = useMemo(() => flattenConversations(data), [data])
  return Object.assign(query, {
    conversations,
    freshness: query.isError ? 'stale' : freshness,
  })
}
