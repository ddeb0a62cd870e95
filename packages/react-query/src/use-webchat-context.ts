'use client'
import { type UseQueryOptions, type UseQueryResult, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AnyConversationError } from '@uc-conversation/core'
import { type ConversationContextState, conversationContext } from '@uc-conversation/rxjs'
import { map } from 'rxjs'
import type { WebchatContextKey } from './conversation-keys'
import { LoadFailure } from './live-streams'
import { guardRetry } from './permanent-errors'
import { LIVE_QUERY_DEFAULTS, useLiveContext, useLiveQuery } from './use-live-query'
import { webchatContextQueryOptions } from './webchat-context'
import type { WebchatContextData } from './webchat-context-data'

/** TanStack options of {@link useWebchatContext}. */
export type UseWebchatContextOptions = Omit<
  UseQueryOptions<WebchatContextData, AnyConversationError, WebchatContextData, WebchatContextKey>,
  'queryKey' | 'queryFn' | 'select'
>

const toData = ({ context, page, coupons, items, freshness, error }: ConversationContextState) =>
  context === undefined && error !== undefined
    ? new LoadFailure(error)
    : ({ context, page, coupons, items, freshness } satisfies WebchatContextData)

/**
 * The webchat customer's context in one conversation: their page, cart, orders and session
 * (`getConversationContext`). With the provider's agent socket it is live: rxjs's `conversationContext` writes
 * every change into this cache entry (page changes, coupons and items agents add), loads it again after each
 * reconnect and on refocus, and polls while the socket is down; the entry's own load at mount is the stream's
 * first load (one request, not two). Without a socket it is a plain query (TanStack refetches it on focus).
 * `undefined`: no conversation chosen yet, nothing runs. Not to be confused with `useConversationContext`, the
 * provider's client and socket.
 */
export function useWebchatContext(
  conversationUuid: string | undefined,
  options: UseWebchatContextOptions = {},
): UseQueryResult<WebchatContextData, AnyConversationError> {
  const { client, liveOptions } = useLiveContext()
  const queryClient = useQueryClient()
  const { socket, ...pollOptions } = liveOptions
  const queryOptions = webchatContextQueryOptions(client, conversationUuid)
  const live = socket !== undefined && conversationUuid !== undefined && options.enabled !== false
  const query = useQuery({
    ...queryOptions,
    ...(socket ? LIVE_QUERY_DEFAULTS : {}),
    ...guardRetry(options),
  })
  useLiveQuery(
    queryOptions.queryKey,
    () =>
      conversationContext(socket!, conversationUuid!, {
        ...pollOptions,
        client,
        // Every load goes through the cache entry: the stream's first load joins the query's own load at mount
        // (one request, not two). The request follows the query's signal (TanStack aborts it when the last
        // observer leaves), not the stream's.
        load: async () => (await queryClient.fetchQuery({ ...queryOptions, staleTime: 0 })).context,
      }).pipe(map(toData)),
    live,
    [client, socket, conversationUuid, pollOptions.pollIntervalMs, pollOptions.pollBudgetShare],
  )
  return query
}
