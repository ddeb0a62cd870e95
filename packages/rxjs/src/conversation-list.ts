import type {
  ConversationClient,
  ConversationMedium,
  ConversationSummary,
  ConversationWebsocketFrame,
} from '@uc-conversation/core'
import { conversationSummaryOf, mergeConversationSummary } from '@uc-conversation/core'
import { filter, map, type Observable, type SchedulerLike, tap } from 'rxjs'
import type { BackoffOptions } from './backoff'
import type { AgentSocket } from './connect-agent-socket'
import type { Freshness, LiveSource } from './freshness'
import { liveCollection } from './internal/live-collection'
import { withLoadFailures } from './internal/load-failures'
import type { PollOptions } from './poll-delay'

/** Conversations loaded by {@link conversationList} (`_limit`; UltraCart's maximum). */
export const DEFAULT_CONVERSATION_LIST_LIMIT = 200

export interface ConversationListOptions extends PollOptions {
  /** The agent socket for live events; without one the stream polls. */
  socket?: AgentSocket
  /** Only conversations of this medium. */
  medium?: ConversationMedium
  /**
   * How many of the newest conversations to load (`_limit`, at most 200).
   * @default DEFAULT_CONVERSATION_LIST_LIMIT
   */
  limit?: number
  /** @default DEFAULT_BACKOFF */
  retry?: BackoffOptions
  /** @default asyncScheduler */
  scheduler?: SchedulerLike
}

/** One emission of {@link conversationList}. */
export interface ConversationListState {
  /** Newest first (by last message, else start); `unread_messages` says which have unread messages. */
  conversations: readonly ConversationSummary[]
  source: LiveSource
  freshness: Freshness
  /**
   * The last load failure while the stream retries it with backoff; absent once a load succeeds. A failure
   * before the first successful load emits `conversations: []`, `freshness: 'stale'` and this error.
   */
  error?: unknown
}

const timeOf = (c: ConversationSummary): number => {
  const t = Date.parse(c.last_message_dts ?? c.start_dts ?? '')
  return Number.isNaN(t) ? 0 : t
}

/**
 * Applies one socket event to a newest-first conversation list: a new conversation is inserted, a new message,
 * closing or participant update is merged into the known summary with core's `mergeConversationSummary` (read
 * state and `closed` only move forward; a summary about an older message never undoes newer data) and the
 * conversation moves to its place. Other media than `medium` are ignored. Returns the same array when nothing
 * changed.
 */
export function reduceConversationList(
  conversations: readonly ConversationSummary[],
  frame: ConversationWebsocketFrame,
  options: { medium?: ConversationMedium } = {},
): readonly ConversationSummary[] {
  const summary = conversationSummaryOf(frame)
  const uuid = summary?.conversation_uuid ?? (frame.type === 'event' ? frame.conversation_uuid : undefined)
  if (!summary || !uuid) return conversations
  if (options.medium && summary.medium && summary.medium !== options.medium) return conversations
  const i = conversations.findIndex((c) => c.conversation_uuid === uuid)
  const old = i < 0 ? undefined : conversations[i]
  const next = mergeConversationSummary(old, { ...summary, conversation_uuid: uuid })
  if (next === old) return conversations
  const rest = i < 0 ? conversations.slice() : [...conversations.slice(0, i), ...conversations.slice(i + 1)]
  const t = timeOf(next)
  // Binary search for the first entry older than this one: newest first, ties keep the newcomer on top.
  let lo = 0
  let hi = rest.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (timeOf(rest[mid]!) > t) lo = mid + 1
    else hi = mid
  }
  rest.splice(lo, 0, next)
  return rest
}

/**
 * The newest conversations with their unread flags, live: `getConversations`, then socket events (new
 * conversation, new message, closed, participant update); reloaded after every (re)connect and on refocus;
 * polled within the client's budget while the socket is down or absent. Rows are merged with core's
 * `mergeConversationSummary`, reloads included. Failed loads are retried with backoff and reported as `error`.
 */
export function conversationList(
  client: ConversationClient,
  options: ConversationListOptions = {},
): Observable<ConversationListState> {
  const { medium } = options
  return withLoadFailures<ConversationListState>(
    (report) => {
      // What this subscription last emitted: a reload is merged into it, so a server that has not yet taken in
      // a read (or sends an older snapshot) does not put an unread marker back.
      let known = new Map<string, ConversationSummary>()
      return liveCollection<readonly ConversationSummary[]>({
        client,
        socket: options.socket,
        scheduler: options.scheduler,
        retry: options.retry,
        pollIntervalMs: options.pollIntervalMs,
        pollBudgetShare: options.pollBudgetShare,
        load: report(async (signal) => {
          const response = await client.getConversations({
            limit: options.limit ?? DEFAULT_CONVERSATION_LIST_LIMIT,
            signal,
            ...(medium ? { medium } : {}),
          })
          return (response?.conversations ?? [])
            .map((c) =>
              mergeConversationSummary(c.conversation_uuid ? known.get(c.conversation_uuid) : undefined, c),
            )
            .sort((a, b) => timeOf(b) - timeOf(a))
        }),
        frames: (socket) =>
          socket.frames$.pipe(filter((frame) => conversationSummaryOf(frame) !== undefined)),
        reduce: (list, frame) => reduceConversationList(list, frame, medium ? { medium } : {}),
      }).pipe(
        tap(({ value }) => {
          known = new Map()
          for (const c of value) if (c.conversation_uuid) known.set(c.conversation_uuid, c)
        }),
        map(({ value, source, freshness }) => ({ conversations: value, source, freshness })),
      )
    },
    () => ({ conversations: [] }),
  )
}
