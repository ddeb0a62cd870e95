'use client'
import {
  type DefaultError,
  type UseInfiniteQueryOptions,
  type UseInfiniteQueryResult,
  useInfiniteQuery,
} from '@tanstack/react-query'
import type { ConversationSummary, ConversationsResponse } from '@uc-conversation/core'
import { type Freshness, pollDelay } from '@uc-conversation/rxjs'
import { useMemo } from 'react'
import type { ConversationListData } from './conversation-data'
import type { ConversationListFilters, conversationKeys } from './conversation-keys'
import { flattenConversations } from './conversation-list-cache'
import { useConversationContext } from './conversation-provider'
import { conversationQueries } from './conversation-queries'
import { freshnessOf } from './freshness-of'
import { guardRetry, isPermanentError } from './permanent-errors'
import { useConnectionHealth } from './use-connection-health'
import { useConversationCacheSync } from './use-conversation-cache-sync'

/** TanStack options of {@link useConversations} (key, function and paging come from `conversationQueries.list`). */
export type UseConversationsOptions = Omit<
  UseInfiniteQueryOptions<
    ConversationsResponse,
    DefaultError,
    ConversationListData,
    ReturnType<typeof conversationKeys.list>,
    number
  >,
  'queryKey' | 'queryFn' | 'initialPageParam' | 'getNextPageParam' | 'getPreviousPageParam' | 'select'
>

/** Result of {@link useConversations}: TanStack's infinite query result plus the flattened list. */
export type UseConversationsResult = UseInfiniteQueryResult<ConversationListData, DefaultError> & {
  /** Every loaded conversation, newest first, each once (`unread_messages` flags included). */
  conversations: readonly ConversationSummary[]
  /** `live` while socket events keep it current, `polling` while it refetches on `pollDelay`, else `stale`. */
  freshness: Freshness
}

/**
 * The conversation list, paged by offset (`fetchNextPage` for infinite scroll) and live: socket events (new
 * conversation, new message, closed, participant update) are written into the cached pages without a refetch;
 * when the socket opens or reopens (events may have been missed before) the list is refetched; without an open
 * socket it refetches on rxjs's `pollDelay` (within the client's budget, paused in hidden tabs).
 */
export function useConversations(
  filters: ConversationListFilters = {},
  options: UseConversationsOptions = {},
): UseConversationsResult {
  const { client, socket, live } = useConversationContext()
  const health = useConnectionHealth()
  const isLive = socket !== undefined && health.status === 'live'
  useConversationCacheSync(options.enabled !== false)
  const query = useInfiniteQuery<
    ConversationsResponse,
    DefaultError,
    ConversationListData,
    ReturnType<typeof conversationKeys.list>,
    number
  >({
    ...conversationQueries.list(client, filters),
    // A refused key or a disabled application fails the same way again: the error stays, no more requests.
    refetchInterval: (query) =>
      isLive || isPermanentError(query.state.error) ? false : pollDelay(client, live),
    refetchOnWindowFocus: (query) => !isPermanentError(query.state.error),
    refetchOnReconnect: (query) => !isPermanentError(query.state.error),
    ...guardRetry(options),
  })
  const data = query.data
  const conversations = useMemo(() => flattenConversations(data), [data])
  return Object.assign(query, {
    conversations,
    freshness: freshnessOf(health, query.isError),
  })
}
