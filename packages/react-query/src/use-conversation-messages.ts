'use client'
import { type UseQueryOptions, type UseQueryResult, useQuery } from '@tanstack/react-query'
import type { AnyConversationError, CatchUpWarning, ConversationMessage } from '@uc-conversation/core'
import { type DeliveryStatus, deliveryStatus, type Freshness, type LiveWarning } from '@uc-conversation/rxjs'
import { useCallback } from 'react'
import type { ConversationMessagesData } from './conversation-data'
import type { conversationKeys } from './conversation-keys'
import { useConversationContext } from './conversation-provider'
import { conversationQueries } from './conversation-queries'
import { liveMessages } from './live-streams'
import { NONE } from './none'
import { guardRetry } from './permanent-errors'
import { LIVE_QUERY_DEFAULTS, useLiveQuery } from './use-live-query'

/** TanStack options of {@link useConversationMessages}. */
export type UseConversationMessagesOptions = Omit<
  UseQueryOptions<
    ConversationMessagesData,
    AnyConversationError,
    ConversationMessagesData,
    ReturnType<typeof conversationKeys.messages>
  >,
  'queryKey' | 'queryFn' | 'select'
>

/** Result of {@link useConversationMessages}. */
export type UseConversationMessagesResult = UseQueryResult<ConversationMessagesData, AnyConversationError> & {
  /** Every message once, in order, own pending and failed ones included. Unchanged messages keep identity. */
  messages: readonly ConversationMessage[]
  /** `live` (socket), `polling`, or `stale` (hidden, offline, failing, or not loaded yet). */
  freshness: Freshness
  /** `pending` → `sent` → `read`, or `failed` (retry with `useSendMessage().retry`). */
  statusOf: (message: ConversationMessage) => DeliveryStatus
  /** The stream's typed warnings (messages the API could not page past); usually empty. */
  warnings: readonly CatchUpWarning[]
  /**
   * Set while the stream is `behind` because the load it needs waits for the client's hourly budget: show it
   * (the list may lack messages the server has).
   */
  warning: LiveWarning | undefined
}

/**
 * One conversation's messages, live: rxjs's `conversationMessages` (socket frames, catch-up after reconnects
 * and gaps, budgeted polling without a socket, own sends as pending) writes each new list into this exact cache
 * entry. The entry never goes stale in TanStack's sense while mounted: the stream owns its freshness.
 */
export function useConversationMessages(
  conversationUuid: string,
  options: UseConversationMessagesOptions = {},
): UseConversationMessagesResult {
  const { client, session } = useConversationContext()
  const queryOptions = conversationQueries.messages(client, conversationUuid, { session })
  const query = useQuery({
    ...queryOptions,
    ...LIVE_QUERY_DEFAULTS,
    ...guardRetry(options),
  })
  useLiveQuery(
    queryOptions.queryKey,
    // What the cache holds (a server prefetch, hydrated) seeds a stream started now: no reload from 0.
    (cached: ConversationMessagesData | undefined) =>
      liveMessages(client, conversationUuid, { session }, cached?.messages),
    options.enabled !== false,
    [client, conversationUuid, session],
  )
  const data = query.data
  const failed = data?.failed
  const statusOf = useCallback((message: ConversationMessage) => deliveryStatus(message, failed), [failed])
  return Object.assign(query, {
    messages: data?.messages ?? NONE,
    freshness: query.isError ? 'stale' : (data?.freshness ?? 'stale'),
    statusOf,
    warnings: data?.warnings ?? NONE,
    warning: data?.warning,
  })
}
