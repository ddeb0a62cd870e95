import type {
  ConversationClient,
  ConversationMedium,
  ConversationSummary,
  ConversationsResponse,
  ConversationWebsocketFrame,
} from '@uc-conversation/core'
import {
  applyConversationRow,
  conversationSummaryOf,
  MAX_PAGE_SIZE,
  mergeConversationSummary,
  mergeParticipants,
} from '@uc-conversation/core'
import { defer, filter, map, type Observable, type OperatorFunction, type SchedulerLike } from 'rxjs'
import type { AgentSocket } from './agent-socket/agent-socket'
import type { BackoffOptions } from './backoff'
import type { Freshness, LiveSource, LiveWarning } from './freshness'
import type { Defaults } from './internal/defaults'
import { isLoad, liveStates } from './internal/live-collection'
import type { RevalidateOptions } from './poll-delay'

/** Defaults of {@link ConversationListOptions} (frozen). */
export const DEFAULT_CONVERSATION_LIST: Defaults<Pick<ConversationListOptions, 'limit'>> = Object.freeze({
  /** Conversations loaded by {@link conversationList} (`_limit`; UltraCart's maximum). */
  limit: MAX_PAGE_SIZE,
})

export interface ConversationListOptions extends RevalidateOptions {
  /** The agent socket for live events; without one the stream polls. */
  socket?: AgentSocket | undefined
  /** Only conversations of this medium. */
  medium?: ConversationMedium | undefined
  /**
   * How many of the newest conversations to load (`_limit`, at most 200).
   * @default DEFAULT_CONVERSATION_LIST.limit (200)
   */
  limit?: number | undefined
  /** @default DEFAULT_BACKOFF */
  retry?: BackoffOptions | undefined
  /** @default asyncScheduler */
  scheduler?: SchedulerLike | undefined
  /**
   * The list as loaded before with the same `medium` and `limit` (e.g. prefetched on the server and hydrated):
   * emitted at once, and the stream loads only to catch up (when the socket opens, or at once without one)
   * instead of loading the same page again.
   * @default none: the stream starts with a load
   */
  initial?: readonly ConversationSummary[] | undefined
}

/** One emission of {@link conversationList}. */
export interface ConversationListState {
  /** Newest first (by last message, else start); `unread_messages` says which have unread messages. */
  conversations: readonly ConversationSummary[]
  source: LiveSource
  freshness: Freshness
  /** Set while a load the stream needs waits for the client's hourly budget (`freshness` is then `behind`). */
  warning?: LiveWarning | undefined
  /**
   * The last load failure while the stream retries it with backoff; absent once a load succeeds. A failure
   * before the first successful load emits `conversations: []`, `freshness: 'stale'` and this error.
   */
  error?: unknown | undefined
}

/**
 * A {@link ConversationListState} with what changed since the state before it, as {@link conversationListChanges}
 * emits it: what a cache that holds the list in pages writes (see {@link writeConversationPages}).
 */
export interface ConversationListChange extends ConversationListState {
  /**
   * The conversations whose rows changed since the subscriber's previous state (socket events, the session's
   * own reads, a load's news). Absent in the first state a subscriber gets: every row is news to it.
   */
  changed?: readonly ConversationSummary[] | undefined
}

/** Where a paged cache writes a list state (see {@link writeConversationPages}). */
export interface ConversationPagesOptions {
  /** The list's medium: summaries of other media are not placed. @default all media */
  medium?: ConversationMedium | undefined
  /**
   * The list's `limit` (the first page's size): a load this full may have pushed conversations to later pages.
   * @default DEFAULT_CONVERSATION_LIST.limit (200)
   */
  limit?: number | undefined
}

const timeOf = (c: ConversationSummary): number => {
  const t = Date.parse(c.last_message_dts ?? c.start_dts ?? '')
  return Number.isNaN(t) ? 0 : t
}

const isParticipantEvent = (frame: ConversationWebsocketFrame): boolean =>
  frame.type === 'event' &&
  (frame.event_type === 'participant join' || frame.event_type === 'participant left')

const sameRow = (a: ConversationSummary, b: ConversationSummary): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof ConversationSummary>
  for (const key of keys)
    if (a[key] !== b[key] && JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false
  return true
}

/**
 * Applies one socket event to a newest-first conversation list: a new conversation is inserted, a new message,
 * closing, participant update, join or left is merged into the known summary with core's
 * `mergeConversationSummary` (read state and `closed` only move forward; a summary about an older message never
 * undoes newer data) and the conversation moves to its place. Participants follow core's `mergeParticipants`
 * and `applyParticipantEvent` (a join or left without a summary updates a known row). Other media than
 * `medium` are ignored. Returns the same array when nothing changed.
 */
export function reduceConversationList(
  conversations: readonly ConversationSummary[],
  frame: ConversationWebsocketFrame,
  options: { medium?: ConversationMedium | undefined } = {},
): readonly ConversationSummary[] {
  const summary = conversationSummaryOf(frame)
  // A frame without a summary changes a known row only as a join or left (core's `applyConversationRow`).
  const uuid = summary?.conversation_uuid ?? (frame as { conversation_uuid?: string }).conversation_uuid
  return uuid ? place(conversations, uuid, summary, frame, options.medium) : conversations
}

/**
 * Merges one conversation's summary into a newest-first list, as {@link reduceConversationList} does for a frame
 * that carries it (core's `mergeConversationSummary` and `mergeParticipants`), and moves it to its place. For a
 * cache that holds the list in pages: the summaries a live list emits go in here. Returns the same array when
 * nothing changed.
 */
export function placeConversation(
  conversations: readonly ConversationSummary[],
  summary: ConversationSummary,
  options: { medium?: ConversationMedium } = {},
): readonly ConversationSummary[] {
  const uuid = summary.conversation_uuid
  return uuid ? place(conversations, uuid, summary, undefined, options.medium) : conversations
}

/**
 * Each state of a list with the rows that changed since the state before it (in content), per subscriber (a
 * shared stream replays its last state to a late one, which gets it whole): see {@link ConversationListChange}.
 */
export const conversationListChanges =
  (): OperatorFunction<ConversationListState, ConversationListChange> => (source) =>
    defer(() => {
      let last: Map<string | undefined, ConversationSummary> | undefined
      return source.pipe(
        map((state) => {
          const before = last
          last = new Map(state.conversations.map((c) => [c.conversation_uuid, c]))
          if (!before) return state
          // By content, not only identity: states that crossed a tab boundary (a follower's mirror) are new
          // objects throughout.
          const changed = state.conversations.filter((c) => {
            const known = before.get(c.conversation_uuid)
            return known !== c && !(known && sameRow(known, c))
          })
          return { ...state, changed }
        }),
      )
    })

/**
 * One summary merged into a list held in pages and moved to its place across them (as {@link placeConversation}
 * does in one array), keeping the page sizes (the first page absorbs a newcomer) and every untouched row and page
 * object, so memoized rows do not re-render. Returns `pages` itself when nothing changed.
 */
export const placeConversationInPages = (
  pages: readonly ConversationsResponse[],
  summary: ConversationSummary,
  options: ConversationPagesOptions = {},
): readonly ConversationsResponse[] => placeAll(pages, [summary], options.medium)

function placeAll(
  pages: readonly ConversationsResponse[],
  summaries: readonly ConversationSummary[],
  medium: ConversationMedium | undefined,
): readonly ConversationsResponse[] {
  const flat = pages.flatMap((p) => p.conversations ?? [])
  let next: readonly ConversationSummary[] = flat
  for (const s of summaries)
    if (s.conversation_uuid) next = place(next, s.conversation_uuid, s, undefined, medium)
  if (next === flat) return pages
  let at = 0
  return pages.map((page, i) => {
    const old = page.conversations ?? []
    const start = at
    at += old.length + (i ? 0 : next.length - flat.length)
    const slice = next.slice(start, at)
    return slice.length === old.length && slice.every((c, j) => c === old[j])
      ? page
      : { ...page, conversations: slice }
  })
}

/**
 * Writes one state of a live list's first page (see {@link conversationListChanges}) into a list held in pages
 * (the first page is the live list, later pages were loaded by offset). A socket change places only the rows
 * that changed, across all pages, as {@link placeConversationInPages} does. A load (`source` initial, catch-up or
 * poll) is the server's word on which conversations the first page holds: it replaces the first page. Either
 * way a row the state did not change keeps the page's object, which may know more (the agent's own read, a join
 * just made), and a changed one is merged into it with core's `mergeConversationSummary`. Returns `pages` itself
 * when nothing changed; with no pages, the state is the first page.
 */
export function writeConversationPages(
  pages: readonly ConversationsResponse[],
  state: ConversationListChange,
  options: ConversationPagesOptions = {},
): readonly ConversationsResponse[] {
  const { changed, conversations: fresh } = state
  const first = pages[0]
  if (!first) return [{ success: true, conversations: fresh as ConversationSummary[] }]
  if (changed && !isLoad(state.source)) return placeAll(pages, changed, options.medium)
  const news = changed && new Set(changed)
  const cached = new Map<string | undefined, ConversationSummary>()
  for (const page of pages) for (const c of page.conversations ?? []) cached.set(c.conversation_uuid, c)
  const rows = fresh.map((c) => {
    const known = c.conversation_uuid && cached.get(c.conversation_uuid)
    return !known ? c : news && !news.has(c) ? known : mergeConversationSummary(known, c)
  })
  const old = first.conversations ?? []
  // With later pages loaded, conversations pushed off a full first page by newer ones are still in the list: they
  // stay at its end until the later pages reload (the server's offsets moved). A first page shorter than `limit`
  // holds everything newer: what it lacks was removed.
  if (pages.length > 1 && fresh.length >= (options.limit ?? DEFAULT_CONVERSATION_LIST.limit)) {
    const reloaded = new Set(rows.map((c) => c.conversation_uuid))
    const oldest = rows.length ? timeOf(rows[rows.length - 1]!) : Number.POSITIVE_INFINITY
    for (const c of old) if (!reloaded.has(c.conversation_uuid) && timeOf(c) <= oldest) rows.push(c)
  }
  return rows.length === old.length && rows.every((c, i) => c === old[i])
    ? pages
    : [{ ...first, conversations: rows }, ...pages.slice(1)]
}

function place(
  conversations: readonly ConversationSummary[],
  uuid: string,
  summary: ConversationSummary | undefined,
  frame: ConversationWebsocketFrame | undefined,
  medium: ConversationMedium | undefined,
): readonly ConversationSummary[] {
  if (medium && summary?.medium && summary.medium !== medium) return conversations
  const i = conversations.findIndex((c) => c.conversation_uuid === uuid)
  const old = i < 0 ? undefined : conversations[i]
  // A join or left without a summary says nothing that would make a row for an unknown conversation.
  if (!old && !summary) return conversations
  const next = applyConversationRow(old, summary && { ...summary, conversation_uuid: uuid }, frame)!
  if (next === old) return conversations
  const rest = i < 0 ? conversations.slice() : [...conversations.slice(0, i), ...conversations.slice(i + 1)]
  const t = timeOf(next)
  // Before the first entry not newer than this one: newest first, ties keep the newcomer on top.
  const at = rest.findIndex((c) => timeOf(c) <= t)
  rest.splice(at < 0 ? rest.length : at, 0, next)
  return rest
}

/** A conversation an event names that the list does not hold (its `new conversation` was lost). */
type UnknownConversation = { uuid: string }

const has = (list: readonly ConversationSummary[], uuid: string) =>
  list.some((c) => c.conversation_uuid === uuid)

/**
 * The newest conversations with their unread flags and participants, live: `getConversations`, then socket
 * events (new conversation, new message, closed, participant update, join and left); loaded again at once when
 * an event names a conversation the list lacks, after every (re)connect, on refocus and periodically within the
 * client's budget while the socket is up (`revalidateMs`); polled while it is down or absent. Rows are merged
 * with core's `mergeConversationSummary` (read state and `closed` only move forward), reloads included; the
 * participants a reload lists win over remembered event times. Failed loads are retried with backoff and
 * reported as `error`.
 */
export function conversationList(
  client: ConversationClient,
  options: ConversationListOptions = {},
): Observable<ConversationListState> {
  const { medium } = options
  return liveStates<ConversationListState, readonly ConversationSummary[], UnknownConversation>(
    'conversations',
    {
      ...options,
      initial: options.initial && [...options.initial].sort((a, b) => timeOf(b) - timeOf(a)),
      client,
      // What the list showed is merged with the answer, so a server that has not yet taken in a read (or sends
      // an older snapshot) does not put an unread marker back; participants are the server's.
      load: async (signal, current) => {
        const known = new Map<string, ConversationSummary>()
        for (const c of current ?? []) if (c.conversation_uuid) known.set(c.conversation_uuid, c)
        const response = await client.getConversations({
          limit: options.limit ?? DEFAULT_CONVERSATION_LIST.limit,
          signal,
          medium,
        })
        return (response?.conversations ?? [])
          .map((c) => {
            const previous = c.conversation_uuid ? known.get(c.conversation_uuid) : undefined
            if (c.participants === undefined) return mergeConversationSummary(previous, c)
            // In join order, as events keep them, so an unchanged row keeps its identity.
            const participants = mergeParticipants([], c.participants) as ConversationSummary['participants']
            const merged = mergeConversationSummary(previous, { ...c, participants })
            // Even from a summary that looks older (a server clock that stepped back) the participants are the
            // server's.
            return sameRow({ ...merged, participants }, merged) ? merged : { ...merged, participants }
          })
          .sort((a, b) => timeOf(b) - timeOf(a))
      },
      frames: (socket) =>
        socket.frames$.pipe(
          filter((frame) => conversationSummaryOf(frame) !== undefined || isParticipantEvent(frame)),
        ),
      apply: (list, frame) => reduceConversationList(list, frame, options),
      // A join or left of a conversation the list lacks: its row (or its summary's event) was lost.
      evidence: (list, frame) => {
        const uuid = isParticipantEvent(frame) && (frame as { conversation_uuid?: string }).conversation_uuid
        return uuid && !has(list, uuid) ? [{ uuid }] : []
      },
      lacks: (list, e) => !has(list, e.uuid),
      key: (e) => e.uuid,
    },
  )
}
