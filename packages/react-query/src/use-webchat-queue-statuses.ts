'use client'
import { type UseQueryOptions, type UseQueryResult, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AnyConversationError, ConversationWebchatQueueStatus } from '@uc-conversation/core'
import type { Freshness, LiveWarning } from '@uc-conversation/rxjs'
import { map } from 'rxjs'
import { withPendingAgentStatuses } from './agent-status-overlay'
import type { QueueStatusesData } from './conversation-data'
import type { conversationKeys } from './conversation-keys'
import { useConversationContext } from './conversation-provider'
import { conversationQueries } from './conversation-queries'
import { LoadFailure, liveQueueStatuses } from './live-streams'
import { NONE } from './none'
import { guardRetry } from './permanent-errors'
import { LIVE_QUERY_DEFAULTS, useLiveQuery } from './use-live-query'

/** TanStack options of {@link useWebchatQueueStatuses}. */
export type UseWebchatQueueStatusesOptions = Omit<
  UseQueryOptions<
    QueueStatusesData,
    AnyConversationError,
    QueueStatusesData,
    ReturnType<typeof conversationKeys.queueStatuses>
  >,
  'queryKey' | 'queryFn' | 'select'
>

/** Result of {@link useWebchatQueueStatuses}. */
export type UseWebchatQueueStatusesResult = UseQueryResult<QueueStatusesData, AnyConversationError> & {
  statuses: readonly ConversationWebchatQueueStatus[]
  freshness: Freshness
  /** Why the statuses are behind, when they know (e.g. their load waits for the hourly request budget). */
  warning: LiveWarning | undefined
}

/**
 * The webchat queues (counts, waiting customers, agents), live: rxjs's `queueStatuses` (socket `queue status
 * update` events, reload after reconnects, budgeted polling without a socket) writes into the cache entry,
 * with the agent status changes still in flight laid over it (see `useUpdateAgentStatus`).
 */
export function useWebchatQueueStatuses(
  options: UseWebchatQueueStatusesOptions = {},
): UseWebchatQueueStatusesResult {
  const { client, session } = useConversationContext()
  const queryOptions = conversationQueries.queueStatuses(client, { session })
  const query = useQuery({
    ...queryOptions,
    ...LIVE_QUERY_DEFAULTS,
    ...guardRetry(options),
  })
  const queryClient = useQueryClient()
  useLiveQuery(
    queryOptions.queryKey,
    // The cached statuses (a server prefetch, hydrated) seed a stream started now: no reload of them. Agent
    // status changes still in flight stay visible over what the server says until they settle.
    (cached: QueueStatusesData | undefined) =>
      liveQueueStatuses(client, { session }, cached?.statuses).pipe(
        map((data) => (data instanceof LoadFailure ? data : withPendingAgentStatuses(queryClient, data))),
      ),
    options.enabled !== false,
    [client, session],
  )
  const data = query.data
  return Object.assign(query, {
    statuses: data?.statuses ?? NONE,
    freshness: query.isError ? 'stale' : (data?.freshness ?? 'stale'),
    warning: data?.warning,
  })
}
