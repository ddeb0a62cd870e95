import type {
  ConversationClient,
  ConversationWebchatQueueStatus,
  ConversationWebsocketFrame,
} from '@uc-conversation/core'
import { map, type Observable, type SchedulerLike } from 'rxjs'
import type { BackoffOptions } from './backoff'
import type { AgentSocket } from './connect-agent-socket'
import type { Freshness, LiveSource } from './freshness'
import { liveCollection } from './internal/live-collection'
import { withLoadFailures } from './internal/load-failures'
import type { PollOptions } from './poll-delay'

export interface QueueStatusesOptions extends PollOptions {
  /** The agent socket for `queue status update` events; without one the stream polls. */
  socket?: AgentSocket
  /** @default DEFAULT_BACKOFF */
  retry?: BackoffOptions
  /** @default asyncScheduler */
  scheduler?: SchedulerLike
}

/** One emission of {@link queueStatuses}. */
export interface QueueStatusesState {
  statuses: readonly ConversationWebchatQueueStatus[]
  source: LiveSource
  freshness: Freshness
  /**
   * The last load failure while the stream retries it with backoff; absent once a load succeeds. A failure
   * before the first successful load emits `statuses: []`, `freshness: 'stale'` and this error.
   */
  error?: unknown
}

/**
 * Applies a `queue status update` frame: the queue's status replaces the one with the same `queue_name` (or is
 * appended). Other frames, and updates without a queue name, return the same array.
 */
export function reduceQueueStatuses(
  statuses: readonly ConversationWebchatQueueStatus[],
  frame: ConversationWebsocketFrame,
): readonly ConversationWebchatQueueStatus[] {
  if (frame.type !== 'event' || frame.event_type !== 'queue status update') return statuses
  const status = frame.event_queue_status_update
  if (!status?.queue_name) return statuses
  const i = statuses.findIndex((s) => s.queue_name === status.queue_name)
  if (i < 0) return [...statuses, status]
  const next = statuses.slice()
  next[i] = status
  return next
}

/**
 * The webchat queues' statuses, live: `getConversationWebchatQueueStatuses`, then `queue status update`
 * events; reloaded after every socket (re)connect and on refocus; polled within the client's budget while the
 * socket is down or absent. Failed loads are retried with backoff and reported as `error` meanwhile.
 */
export function queueStatuses(
  client: ConversationClient,
  options: QueueStatusesOptions = {},
): Observable<QueueStatusesState> {
  return withLoadFailures<QueueStatusesState>(
    (report) =>
      liveCollection<readonly ConversationWebchatQueueStatus[]>({
        client,
        socket: options.socket,
        scheduler: options.scheduler,
        retry: options.retry,
        pollIntervalMs: options.pollIntervalMs,
        pollBudgetShare: options.pollBudgetShare,
        load: report(
          async (signal) =>
            (await client.getConversationWebchatQueueStatuses({ signal }))?.queue_statuses ?? [],
        ),
        frames: (socket) => socket.events('queue status update'),
        reduce: reduceQueueStatuses,
      }).pipe(map(({ value, source, freshness }) => ({ statuses: value, source, freshness }))),
    () => ({ statuses: [] }),
  )
}
