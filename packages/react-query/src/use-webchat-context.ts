'use client'
import { type UseQueryOptions, type UseQueryResult, useQuery } from '@tanstack/react-query'
import type { AnyConversationError } from '@uc-conversation/core'
import { type ConversationContextState, conversationContextOf } from '@uc-conversation/rxjs'
import { map } from 'rxjs'
import type { WebchatContextKey } from './conversation-keys'
import { useConversationContext } from './conversation-provider'
import { firstValue, LoadFailure } from './live-streams'
import { guardRetry } from './permanent-errors'
import { LIVE_QUERY_DEFAULTS, useLiveQuery } from './use-live-query'
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
 * (`getConversationContext`). With an agent socket it is live: the session's context stream (rxjs's
 * `conversationContextOf`) writes every change into this cache entry (page changes, cart, coupons and items agents
 * add), loads it again after each reconnect and on refocus, and polls while the socket is down; the entry's own
 * load at mount is the stream's first value (one request, not two). Without a socket it is a plain query
 * (TanStack refetches it on focus).
 * `undefined`: no conversation chosen yet, nothing runs. Not to be confused with `useConversationContext`, the
 * provider's client and socket.
 */
export function useWebchatContext(
  conversationUuid: string | undefined,
  options: UseWebchatContextOptions = {},
): UseQueryResult<WebchatContextData, AnyConversationError> {
  const { client, session } = useConversationContext()
  const realtime = session.realtime
  const queryOptions = webchatContextQueryOptions(client, conversationUuid)
  const live = realtime && conversationUuid !== undefined && options.enabled !== false
  const stream = () => conversationContextOf(session, conversationUuid!).pipe(map(toData))
  const query = useQuery({
    ...queryOptions,
    // Live, the entry's load is the session's stream's first value: one request at mount, not two.
    ...(realtime && conversationUuid !== undefined
      ? { ...LIVE_QUERY_DEFAULTS, queryFn: ({ signal }) => firstValue(stream(), signal) }
      : {}),
    ...guardRetry(options),
  })
  useLiveQuery(queryOptions.queryKey, stream, live, [session, conversationUuid])
  return query
}
