import { type QueryClient, queryOptions, skipToken } from '@tanstack/react-query'
import type { AnyConversationError, ConversationClient } from '@uc-conversation/core'
import { getConversationContext } from '@uc-conversation/core/operations'
import { conversationKeys, type WebchatContextKey } from './conversation-keys'
import type { ConversationQueryOptions, ConversationSkippableQueryOptions } from './conversation-queries'
import type { WebchatContextData } from './webchat-context-data'

const EMPTY = { page: undefined, coupons: [], items: [], freshness: 'stale' } as const

/**
 * @internal One load of the context: the events known so far (page, coupons, items) stay, as in rxjs's
 * `conversationContext`, which also writes this entry while `useWebchatContext` runs it.
 */
const loadContext = async (
  queryClient: QueryClient,
  client: ConversationClient,
  conversationUuid: string,
  signal: AbortSignal,
): Promise<WebchatContextData> => {
  const context = await client.call(getConversationContext, conversationUuid, { signal })
  const known = queryClient.getQueryData(conversationKeys.webchatContext(conversationUuid))
  return { ...EMPTY, ...known, context: context ?? {} }
}

/**
 * `queryOptions` of one conversation's webchat context: the customer's page, cart, orders and session
 * (`getConversationContext`), with the page events, coupons and items `useWebchatContext` adds while its live
 * stream runs. The key is below the conversation's detail key. With `undefined` (no conversation chosen yet) the
 * query waits (`skipToken`). The query's `signal` aborts the request; errors are core's; `retry: false`, since
 * core retried.
 */
export function webchatContextQueryOptions(
  client: ConversationClient,
  conversationUuid: string,
): ConversationQueryOptions<WebchatContextData, WebchatContextKey>
export function webchatContextQueryOptions(
  client: ConversationClient,
  conversationUuid: string | undefined,
): ConversationSkippableQueryOptions<WebchatContextData, WebchatContextKey>
export function webchatContextQueryOptions(client: ConversationClient, conversationUuid: string | undefined) {
  return queryOptions<WebchatContextData, AnyConversationError, WebchatContextData, WebchatContextKey>({
    // '' is never a conversation: nothing is cached under it, since nothing runs.
    queryKey: conversationKeys.webchatContext(conversationUuid ?? ''),
    queryFn:
      conversationUuid === undefined
        ? skipToken
        : ({ client: queryClient, signal }) => loadContext(queryClient, client, conversationUuid, signal),
    retry: false,
  })
}
