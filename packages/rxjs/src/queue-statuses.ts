import type {
  ConversationClient,
  ConversationWebchatQueueStatus,
  ConversationWebchatQueueStatusQueueEntry,
  ConversationWebsocketFrame,
} from '@uc-conversation/core'
import { filter, map, type Observable, type SchedulerLike } from 'rxjs'
import type { BackoffOptions } from './backoff'
import type { AgentSocket } from './connect-agent-socket'
import type { Freshness, LiveSource } from './freshness'
import { liveCollection } from './internal/live-collection'
import { withLoadFailures } from './internal/load-failures'
import type { PollOptions } from './poll-delay'

export interface QueueStatusesOptions extends PollOptions {
  /**
   * The agent socket for `queue status update`, `queue new member` and `engage customer` events; without one
   * the stream polls.
   */
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

type QueueEntry = ConversationWebchatQueueStatusQueueEntry & { queue_name?: string }

const QUEUE_EVENTS = new Set(['queue status update', 'queue new member', 'engage customer'])

// A waiting customer is one entry whatever event names them: by their ARN. The entry's
// `conversation_webchat_queue_uuid` names its queue (what `startConversation` takes), shared by every entry.
const sameEntry = (a: QueueEntry, b: QueueEntry): boolean =>
  a.conversation_participant_arn === b.conversation_participant_arn

const hasIdentity = (e: QueueEntry): boolean =>
  typeof e.conversation_participant_arn === 'string' && e.conversation_participant_arn !== ''

/** The queue an entry belongs to: by `queue_name`, else by the queue uuid its other entries carry; -1 if none. */
const queueOf = (statuses: readonly ConversationWebchatQueueStatus[], entry: QueueEntry): number => {
  if (entry.queue_name) return statuses.findIndex((s) => s.queue_name === entry.queue_name)
  const queueUuid = entry.conversation_webchat_queue_uuid
  if (!queueUuid) return -1
  return statuses.findIndex((s) =>
    s.queue_entries?.some((e) => e.conversation_webchat_queue_uuid === queueUuid),
  )
}

const timeOf = (dts: string | undefined): number => {
  const t = dts === undefined ? Number.NaN : Date.parse(dts)
  return Number.isFinite(t) ? t : Number.POSITIVE_INFINITY
}

/** The oldest waiting customer's join time among the entries, or `undefined` when none has a readable one. */
const oldestJoin = (entries: readonly QueueEntry[]): string | undefined => {
  let oldest: string | undefined
  for (const e of entries) if (timeOf(e.join_dts) < timeOf(oldest)) oldest = e.join_dts
  return oldest
}

/** A customer starts waiting: one more entry and one more waiting customer, unless the entry is known. */
const addMember = (
  status: ConversationWebchatQueueStatus,
  entry: QueueEntry,
): ConversationWebchatQueueStatus => {
  const entries = status.queue_entries ?? []
  const i = entries.findIndex((e) => sameEntry(e, entry))
  if (i >= 0) {
    if (JSON.stringify(entries[i]) === JSON.stringify(entry)) return status
    const replaced = entries.slice()
    replaced[i] = entry
    return { ...status, queue_entries: replaced }
  }
  const next = [...entries, entry]
  const oldest = oldestJoin(next)
  return {
    ...status,
    queue_entries: next,
    customer_waiting_count: Math.max(status.customer_waiting_count ?? 0, entries.length) + 1,
    ...(oldest === undefined ? {} : { customer_waiting_join_dts: oldest }),
  }
}

/** An agent engaged a waiting customer: their entry leaves the queue, one waiting customer fewer. */
const removeMember = (
  status: ConversationWebchatQueueStatus,
  entry: QueueEntry,
): ConversationWebchatQueueStatus => {
  const entries = status.queue_entries ?? []
  const rest = entries.filter((e) => !sameEntry(e, entry))
  if (rest.length === entries.length) return status
  const waiting = Math.max(
    0,
    (status.customer_waiting_count ?? entries.length) - (entries.length - rest.length),
  )
  const { customer_waiting_join_dts: _was, ...others } = status
  const oldest = oldestJoin(rest)
  return {
    ...others,
    queue_entries: rest,
    customer_waiting_count: waiting,
    ...(oldest !== undefined ? { customer_waiting_join_dts: oldest } : {}),
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
  if (!entry || !hasIdentity(entry)) return statuses
  const apply = frame.event_type === 'queue new member' ? addMember : removeMember
  const i = queueOf(statuses, entry)
  if (i < 0 && frame.event_type === 'queue new member') {
    if (!entry.queue_name) return statuses
    return [...statuses, addMember({ queue_name: entry.queue_name }, entry)]
  }
  let next: ConversationWebchatQueueStatus[] | undefined
  statuses.forEach((status, j) => {
    if (i >= 0 && j !== i) return
    const updated = apply(status, entry)
    if (updated === status) return
    next ??= statuses.slice()
    next[j] = updated
  })
  return next ?? statuses
}

/**
 * The webchat queues' statuses, live: `getConversationWebchatQueueStatuses`, then `queue status update`,
 * `queue new member` and `engage customer` events (see {@link reduceQueueStatuses}); reloaded after every
 * socket (re)connect and on refocus; polled within the client's budget while the socket is down or absent. Failed loads are retried with backoff and reported as `error` meanwhile.
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
        frames: (socket) =>
          socket.frames$.pipe(filter((f) => f.type === 'event' && QUEUE_EVENTS.has(f.event_type))),
        reduce: reduceQueueStatuses,
      }).pipe(map(({ value, source, freshness }) => ({ statuses: value, source, freshness }))),
    () => ({ statuses: [] }),
  )
}
