'use client'
import {
  type UseInfiniteQueryOptions,
  type UseInfiniteQueryResult,
  useInfiniteQuery,
} from '@tanstack/react-query'
import type { AnyConversationError, ConversationSummary, ConversationsResponse } from '@uc-conversation/core'
import type { ConversationListChange, Freshness, LiveWarning } from '@uc-conversation/rxjs'
import { useMemo, useState } from 'react'
import { tap } from 'rxjs'
import type { ConversationListData } from './conversation-data'
import type { ConversationListFilters, conversationKeys } from './conversation-keys'
import { flattenConversations, writeLiveFirstPage } from './conversation-list-cache'
import { useConversationContext } from './conversation-provider'
import { conversationQueries, DEFAULT_CONVERSATIONS_PAGE_SIZE } from './conversation-queries'
import { LoadFailure, liveConversationList } from './live-streams'
import { guardRetry } from './permanent-errors'
import { useConversationCacheSync } from './use-conversation-cache-sync'
import { LIVE_QUERY_DEFAULTS, useLiveQuery } from './use-live-query'

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
  /** Why the list is behind, when it knows (e.g. its load waits for the hourly request budget). */
  warning: LiveWarning | undefined
}

interface Live {
  freshness: Freshness
  warning?: LiveWarning | undefined
}
const STALE: Live = { freshness: 'stale' }

/**
 * The conversation list, paged by offset (`fetchNextPage` for infinite scroll) and live. Its first page is
 * rxjs's `conversationList` on the one sync engine: socket events (new conversation, new message, closed,
 * participant update), a catch-up when the socket reopens or the tab wakes, budgeted polling while the socket is
 * down (paused in hidden tabs); rxjs's `writeConversationPages` writes each of its states into the cached pages.
 * Read state and `closed` only move forward (core's `mergeConversationSummary`).
 */
export function useConversations(
  filters: ConversationListFilters = {},
  options: UseConversationsOptions = {},
): UseConversationsResult {
  const { client, session } = useConversationContext()
  const enabled = options.enabled !== false
  useConversationCacheSync(enabled)
  const { medium, limit: pageSize } = filters
  const list = { medium, limit: pageSize ?? DEFAULT_CONVERSATIONS_PAGE_SIZE }
  const queryOptions = conversationQueries.list(client, filters, { session })
  const query = useInfiniteQuery({ ...queryOptions, ...LIVE_QUERY_DEFAULTS, ...guardRetry(options) })
  const [live, setLive] = useState<Live>(STALE)
  // A new object only when something shown changed: every list state would re-render otherwise.
  const show = (next: Live) =>
    setLive((known) => (known.freshness === next.freshness && known.warning === next.warning ? known : next))
  useLiveQuery(
    queryOptions.queryKey,
    // The cached first page (a server prefetch, hydrated) seeds a stream started now: no reload of it.
    (cached: ConversationListData | undefined) =>
      liveConversationList(client, list, { session }, cached?.pages[0]?.conversations).pipe(
        tap<ConversationListChange | LoadFailure>({
          next: (state) =>
            show(
              state instanceof LoadFailure ? STALE : { freshness: state.freshness, warning: state.warning },
            ),
          error: () => show(STALE),
        }),
      ),
    enabled,
    [client, session, medium, pageSize],
    (state, data) => writeLiveFirstPage(data, state, list),
  )
  const data = query.data
  const conversations = useMemo(() => flattenConversations(data), [data])
  return Object.assign(query, {
    conversations,
    freshness: query.isError ? 'stale' : live.freshness,
    warning: live.warning,
  })
}
