'use client'
import { type UseQueryOptions, type UseQueryResult, useQuery } from '@tanstack/react-query'
import type { AnyConversationError } from '@uc-conversation/core'
import type { ConversationDetailData } from './conversation-data'
import type { conversationKeys } from './conversation-keys'
import { useConversationContext } from './conversation-provider'
import { conversationQueries } from './conversation-queries'
import { guardRetry } from './permanent-errors'
import { useConversationCacheSync } from './use-conversation-cache-sync'

/** TanStack options of {@link useConversation}; `select` shapes the result. */
export type UseConversationOptions<TData = ConversationDetailData> = Omit<
  UseQueryOptions<
    ConversationDetailData,
    AnyConversationError,
    TData,
    ReturnType<typeof conversationKeys.detail>
  >,
  'queryKey' | 'queryFn'
>

/**
 * One conversation (participants, closed flag, last message). Kept current by socket events (participant
 * update, closed, new message) and by join/leave, without refetching.
 */
export function useConversation<TData = ConversationDetailData>(
  conversationUuid: string,
  options: UseConversationOptions<TData> = {},
): UseQueryResult<TData, AnyConversationError> {
  const { client } = useConversationContext()
  useConversationCacheSync(options.enabled !== false)
  return useQuery({
    ...conversationQueries.detail(client, conversationUuid),
    ...guardRetry(options),
  } as UseQueryOptions<
    ConversationDetailData,
    AnyConversationError,
    TData,
    ReturnType<typeof conversationKeys.detail>
  >)
}
