import { replaceEqualDeep } from '@tanstack/react-query'
import {
  type ConversationSummary,
  type ConversationsResponse,
  mergeConversationSummary,
} from '@uc-conversation/core'
import { type ConversationListState, placeConversation } from '@uc-conversation/rxjs'
import type { ConversationDetailData, ConversationListData } from './conversation-data'
import type { ConversationListFilters } from './conversation-keys'

const EMPTY: readonly ConversationSummary[] = Object.freeze([])

/**
 * Every conversation of a list's loaded pages, newest first, each once. Offsets shift while live events insert
 * conversations at the top, so a later page can repeat one already shown: the first copy wins.
 */
export function flattenConversations(data: ConversationListData | undefined): readonly ConversationSummary[] {
  if (!data?.pages.length) return EMPTY
  if (data.pages.length === 1) return data.pages[0]?.conversations ?? EMPTY
  const seen = new Set<string>()
  const out: ConversationSummary[] = []
  for (const page of data.pages)
    for (const c of page.conversations ?? []) {
      const id = c.conversation_uuid
      if (id !== undefined) {
        if (seen.has(id)) continue
        seen.add(id)
      }
      out.push(c)
    }
  return out
}

/**
 * A cached list's loaded pages changed by `change` (given every conversation, newest first), keeping the page
 * sizes (the first page absorbs a newcomer) and the identity of every untouched conversation and page, so
 * memoized rows do not re-render. Returns the same data when nothing changed.
 */
const changeConversationPages = (
  data: ConversationListData | undefined,
  change: (conversations: readonly ConversationSummary[]) => readonly ConversationSummary[],
): ConversationListData | undefined => {
  if (!data?.pages.length) return data
  const flat = data.pages.flatMap((p) => p.conversations ?? [])
  const next = change(flat)
  if (next === flat) return data
  const sizes = data.pages.map((p) => p.conversations?.length ?? 0)
  sizes[0] = (sizes[0] ?? 0) + next.length - flat.length
  let at = 0
  const pages = data.pages.map((page, i) => {
    const size = sizes[i] ?? 0
    const slice = next.slice(at, at + size)
    at += size
    const old = page.conversations ?? []
    return slice.length === old.length && slice.every((c, j) => c === old[j])
      ? page
      : { ...page, conversations: slice as ConversationSummary[] }
  })
  return { ...data, pages }
}

/**
 * One conversation's summary merged into a cached list and moved to its place with rxjs's `placeConversation`
 * (core's `mergeConversationSummary`: read state and `closed` only move forward), keeping page sizes and
 * identities.
 */
export const placeInConversationPages = (
  data: ConversationListData | undefined,
  summary: ConversationSummary,
  filters: ConversationListFilters = {},
): ConversationListData | undefined =>
  changeConversationPages(data, (flat) =>
    placeConversation(flat, summary, filters.medium ? { medium: filters.medium } : {}),
  )

/** Pages whose closed conversations carry no unread marker (core's rule for a first sight). */
const normalizeConversationPages = (data: ConversationListData): ConversationListData => {
  let changed = false
  const pages = data.pages.map((page) => {
    const conversations = page.conversations?.map((c) => mergeConversationSummary(undefined, c))
    if (!conversations || conversations.every((c, i) => c === page.conversations?.[i])) return page
    changed = true
    return { ...page, conversations }
  })
  return changed ? { ...data, pages } : data
}

/**
 * Structural sharing for list pages by `conversation_uuid` instead of by index: after a refetch or a live
 * move, every conversation that did not change keeps its object, wherever it now sits. (TanStack's default
 * compares by position, so one conversation moving to the top would make every row below look new.)
 * Each reloaded conversation is merged into the cached one with core's `mergeConversationSummary`, so a reload
 * from a server that has not taken in a read yet (or an older snapshot) does not put an unread marker back,
 * nor reopen a closed conversation.
 */
export function shareConversationPages(oldData: unknown, newData: unknown): unknown {
  const prev = oldData as ConversationListData | undefined
  const next = newData as ConversationListData
  if (!next?.pages) return newData
  if (!prev?.pages) return normalizeConversationPages(next)
  const byUuid = new Map<string, ConversationSummary>()
  for (const page of prev.pages)
    for (const c of page.conversations ?? []) if (c.conversation_uuid) byUuid.set(c.conversation_uuid, c)
  let unchanged = prev.pages.length === next.pages.length
  const pages = next.pages.map((page, i): ConversationsResponse => {
    const before = prev.pages[i]
    const conversations = page.conversations?.map((c) => {
      const old = c.conversation_uuid ? byUuid.get(c.conversation_uuid) : undefined
      const merged = mergeConversationSummary(old, c)
      return old ? (replaceEqualDeep(old, merged) as ConversationSummary) : merged
    })
    const candidate = conversations ? { ...page, conversations } : page
    if (
      before &&
      (before.conversations?.length ?? -1) === (conversations?.length ?? -1) &&
      (conversations ?? []).every((c, j) => c === before.conversations?.[j])
    ) {
      const shared = replaceEqualDeep(before, candidate) as ConversationsResponse
      if (shared === before) return before
    }
    unchanged = false
    return candidate
  })
  if (unchanged && pages.every((p, i) => p === prev.pages[i]))
    return replaceEqualDeep(prev.pageParams, next.pageParams) === prev.pageParams ? prev : { ...next, pages }
  return { ...next, pages }
}

/**
 * Structural sharing of a conversation's detail entry: a refetch or event is merged into the cached
 * conversation with core's `mergeConversationSummary` (read state and `closed` only move forward).
 */
export function shareConversationDetail(oldData: unknown, newData: unknown): unknown {
  const prev = oldData as ConversationDetailData | undefined
  const next = newData as ConversationDetailData
  if (!next) return newData
  if (!prev) return mergeConversationSummary(undefined, next)
  return replaceEqualDeep(prev, mergeConversationSummary(prev, next))
}

const isLoad = (source: ConversationListState['source']) =>
  source === 'initial' || source === 'catch-up' || source === 'poll'

/**
 * Writes one state of a list's live first page (rxjs's `conversationList`, see `useConversations`) into its
 * cached pages. A load (initial, catch-up, poll) is the server's word on which conversations the first page
 * holds: it replaces page 0. A socket change touches only the conversations whose objects changed since
 * `previous` (the stream's last state), merged and moved to their place across all loaded pages. Either way a
 * conversation the stream did not change keeps its cached object, which may know more (the agent's own read, a
 * join just made), and a changed one is merged into it with core's `mergeConversationSummary`.
 */
export function writeLiveFirstPage(
  data: ConversationListData | undefined,
  state: ConversationListState,
  previous: ReadonlyMap<string, ConversationSummary> | undefined,
  filters: ConversationListFilters = {},
  /** The first page's size (`limit`): a full reload may have pushed conversations to later pages. */
  pageSize = Number.POSITIVE_INFINITY,
): ConversationListData {
  const fresh = state.conversations as ConversationSummary[]
  if (!data?.pages.length) return { pages: [{ success: true, conversations: fresh }], pageParams: [0] }
  if (previous && !isLoad(state.source)) {
    let next: ConversationListData | undefined = data
    for (const c of fresh) {
      const uuid = c.conversation_uuid
      if (!uuid || previous.get(uuid) === c) continue
      next = placeInConversationPages(next, c, filters)
    }
    return next ?? data
  }
  const cached = new Map<string, ConversationSummary>()
  for (const page of data.pages)
    for (const c of page.conversations ?? []) if (c.conversation_uuid) cached.set(c.conversation_uuid, c)
  const first = data.pages[0]!
  const conversations = fresh.map((c) => {
    const known = c.conversation_uuid ? cached.get(c.conversation_uuid) : undefined
    if (!known) return c
    if (previous?.get(c.conversation_uuid!) === c) return known
    return replaceEqualDeep(known, mergeConversationSummary(known, c)) as ConversationSummary
  })
  const old = first.conversations ?? []
  if (data.pages.length > 1) {
    // With later pages loaded, conversations pushed off the first page by newer ones are still in the list:
    // they stay at the end of the first page until a reload of the later pages (the server's offsets moved).
    const reloaded = new Set(conversations.map((c) => c.conversation_uuid))
    const oldest = conversations.length
      ? timeOf(conversations[conversations.length - 1]!)
      : Number.POSITIVE_INFINITY
    // A first page shorter than the page size holds everything newer: what it lacks was removed.
    if (fresh.length >= pageSize)
      for (const c of old)
        if (!reloaded.has(c.conversation_uuid) && timeOf(c) <= oldest) conversations.push(c)
  }
  if (conversations.length === old.length && conversations.every((c, i) => c === old[i])) return data
  return { ...data, pages: [{ ...first, conversations }, ...data.pages.slice(1)] }
}

/** Newest-first order of the list: the last message's server time, else the start. */
const timeOf = (c: ConversationSummary): number => {
  const t = Date.parse(c.last_message_dts ?? c.start_dts ?? '')
  return Number.isNaN(t) ? 0 : t
}
