import type {
  ConversationClient,
  ConversationWebchatQueueStatus,
  ConversationWebchatQueueStatusQueueEntry,
  ConversationWebsocketFrame,
} from '@uc-conversation/core'
import { filter, type Observable, type SchedulerLike } from 'rxjs'
import type { AgentSocket } from './agent-socket/agent-socket'
import type { BackoffOptions } from './backoff'
import type { Freshness, LiveSource, LiveWarning } from './freshness'
import { liveStates } from './internal/live-collection'
import type { RevalidateOptions } from './poll-delay'

export interface QueueStatusesOptions extends RevalidateOptions {
  /**
   * The agent socket for `queue status update`, `queue new member` and `engage customer` events; without one
   * the stream polls.
   */
  socket?: AgentSocket | undefined
  /** @default DEFAULT_BACKOFF */
  retry?: BackoffOptions | undefined
  /** @default asyncScheduler */
  scheduler?: SchedulerLike | undefined
  /**
   * Statuses loaded before (e.g. prefetched on the server and hydrated): emitted at once, and the first load is
   * then only the catch-up when the socket opens, not a second initial load.
   */
  initial?: readonly ConversationWebchatQueueStatus[] | undefined
}

/** One emission of {@link queueStatuses}. */
export interface QueueStatusesState {
  statuses: readonly ConversationWebchatQueueStatus[]
  source: LiveSource
  freshness: Freshness
  /** Set while a load the stream needs waits for the client's hourly budget (`freshness` is then `behind`). */
  warning?: LiveWarning | undefined
  /**
   * The last load failure while the stream retries it with backoff; absent once a load succeeds. A failure
   * before the first successful load emits `statuses: []`, `freshness: 'stale'` and this error.
   */
  error?: unknown | undefined
}

type QueueEntry = ConversationWebchatQueueStatusQueueEntry & { queue_name?: string }

const QUEUE_EVENTS = new Set(['queue status update', 'queue new member', 'engage customer'])

/** The queue an entry belongs to: by `queue_name`, else by the queue uuid its other entries carry; -1 if none. */
const queueOf = (statuses: readonly ConversationWebchatQueueStatus[], entry: QueueEntry): number => {
  if (entry.queue_name) return statuses.findIndex((s) => s.queue_name === entry.queue_name)
  const queueUuid = entry.conversation_webchat_queue_uuid
  return queueUuid
    ? statuses.findIndex((s) => s.queue_entries?.some((e) => e.conversation_webchat_queue_uuid === queueUuid))
    : -1
}

/** A join time; unknown or unreadable (`Date.parse` of undefined is NaN too) sorts last. */
const timeOf = (dts: string | undefined): number => {
  const t = Date.parse(dts as string)
  return Number.isFinite(t) ? t : Number.POSITIVE_INFINITY
}

/**
 * The status with a customer's entry added (`joining`) or taken out: one waiting customer more or fewer (an entry
 * already listed is only refreshed), and the oldest waiting customer's join time follows. A waiting customer is
 * one entry whatever event names them, by their ARN: `conversation_webchat_queue_uuid` is the queue's uuid (what
 * `startConversation` takes), the same in every entry. The same status when nothing changes.
 */
const withMember = (
  status: ConversationWebchatQueueStatus,
  entry: QueueEntry,
  joining: boolean,
): ConversationWebchatQueueStatus => {
  const entries = status.queue_entries ?? []
  const i = entries.findIndex((e) => e.conversation_participant_arn === entry.conversation_participant_arn)
  if (joining ? i >= 0 && JSON.stringify(entries[i]) === JSON.stringify(entry) : i < 0) return status
  const next = entries.slice()
  if (!joining) next.splice(i, 1)
  else if (i >= 0) next[i] = entry
  else next.push(entry)
  const { customer_waiting_join_dts: was, ...rest } = status
  // Joining can only make the oldest time older; after a leave the leaver may have been the oldest.
  let oldest = joining ? was : undefined
  for (const e of joining ? [entry] : next) if (timeOf(e.join_dts) < timeOf(oldest)) oldest = e.join_dts
  return {
    ...rest,
    queue_entries: next,
    customer_waiting_count:
      Math.max(status.customer_waiting_count ?? 0, entries.length) + (joining ? (i < 0 ? 1 : 0) : -1),
    ...(oldest === undefined ? {} : { customer_waiting_join_dts: oldest }),
  }
}

/**
 * Applies a queue event to the statuses:
 * - `queue status update`: the queue's status replaces the one with the same `queue_name` (or is appended);
 * - `queue new member`: the customer's entry joins its queue's `queue_entries` (a queue not listed yet is added
 *   with that entry when the entry names it) and `customer_waiting_count` grows by one; an entry already listed
 *   is only refreshed;
 * - `engage customer`: an agent engaged the waiting customer, whose entry leaves the queue and
 *   `customer_waiting_count` drops by one.
 * The queue is found by the entry's `queue_name`, else by the queue uuid (`conversation_webchat_queue_uuid`) its
 * other entries carry (an engaged customer, else, in any queue); entries are matched by
 * `conversation_participant_arn`. The server's next `queue status update` corrects any count. Other frames, and
 * events without a participant or a queue to put a member in, return the same array.
 */
export function reduceQueueStatuses(
  statuses: readonly ConversationWebchatQueueStatus[],
  frame: ConversationWebsocketFrame,
): readonly ConversationWebchatQueueStatus[] {
  if (frame.type !== 'event') return statuses
  if (frame.event_type === 'queue status update') {
    const status = frame.event_queue_status_update
    if (!status?.queue_name) return statuses
    const i = statuses.findIndex((s) => s.queue_name === status.queue_name)
    if (i < 0) return [...statuses, status]
    const next = statuses.slice()
    next[i] = status
    return next
  }
  const entry: QueueEntry | undefined =
    frame.event_type === 'queue new member'
      ? frame.event_queue_new_member
      : frame.event_type === 'engage customer'
        ? frame.event_engage_customer
        : undefined
  if (typeof entry?.conversation_participant_arn !== 'string' || !entry.conversation_participant_arn)
    return statuses
  const joining = frame.event_type === 'queue new member'
  const i = queueOf(statuses, entry)
  if (i < 0 && joining)
    return entry.queue_name
      ? [...statuses, withMember({ queue_name: entry.queue_name }, entry, true)]
      : statuses
  const next = statuses.map((status, j) => (i < 0 || j === i ? withMember(status, entry, joining) : status))
  return next.some((status, j) => status !== statuses[j]) ? next : statuses
}

/**
 * The webchat queues' statuses, live: `getConversationWebchatQueueStatuses`, then `queue status update`,
 * `queue new member` and `engage customer` events (see {@link reduceQueueStatuses}; a `queue status update`
 * replaces its queue outright, so it repairs any event lost before it); loaded again after every socket
 * (re)connect, on refocus and periodically within the client's budget while the socket is up (`revalidateMs`);
 * polled while it is down or absent. Failed loads are retried with backoff and reported as `error` meanwhile.
 */
export function queueStatuses(
  client: ConversationClient,
  options: QueueStatusesOptions = {},
): Observable<QueueStatusesState> {
  return liveStates<QueueStatusesState, readonly ConversationWebchatQueueStatus[]>('statuses', {
    ...options,
    client,
    load: async (signal) =>
      (await client.getConversationWebchatQueueStatuses({ signal }))?.queue_statuses ?? [],
    frames: (socket) =>
      socket.frames$.pipe(filter((f) => f.type === 'event' && QUEUE_EVENTS.has(f.event_type))),
    apply: reduceQueueStatuses,
  })
}
