import { replaceEqualDeep } from '@tanstack/react-query'
import {
  type ConversationSummary,
  type ConversationsResponse,
  mergeConversationSummary,
} from '@uc-conversation/core'
import {
  type ConversationListChange,
  type ConversationPagesOptions,
  placeConversationInPages,
  writeConversationPages,
} from '@uc-conversation/rxjs'
import type { ConversationDetailData, ConversationListData } from './conversation-data'
import type { ConversationListFilters } from './conversation-keys'
import { NONE } from './none'

/**
 * Every conversation of a list's loaded pages, newest first, each once. Offsets shift while live events insert
 * conversations at the top, so a later page can repeat one already shown: the first copy wins.
 */
export function flattenConversations(data: ConversationListData | undefined): readonly ConversationSummary[] {
  const seen = new Set<string | undefined>()
  return data
    ? data.pages
        .flatMap((page) => page.conversations ?? [])
        .filter((c) => {
          const id = c.conversation_uuid
          return id === undefined || (!seen.has(id) && !!seen.add(id))
        })
    : NONE
}

/** @internal The list with `pages` as its pages (the same data when they are its own). */
export const withPages = (
  data: ConversationListData,
  pages: readonly ConversationsResponse[],
): ConversationListData =>
  pages === data.pages ? data : { ...data, pages: pages as ConversationsResponse[] }

/** @internal The page with `rows` as its conversations (the same page when they are its own). */
export const withRows = (
  page: ConversationsResponse,
  rows: readonly ConversationSummary[] | undefined,
): ConversationsResponse =>
  rows === page.conversations ? page : { ...page, conversations: rows as ConversationSummary[] }

/** @internal `items` mapped by `f`; `items` itself when `f` returned every item as it was. */
export const mapSame = <T>(items: readonly T[] | undefined, f: (item: T) => T): readonly T[] | undefined => {
  const out = items?.map(f)
  return out?.some((item, i) => item !== items![i]) ? out : items
}

/**
 * One conversation's summary merged into a cached list and moved to its place with rxjs's
 * `placeConversationInPages` (core's `mergeConversationSummary`: read state and `closed` only move forward),
 * keeping page sizes and identities.
 */
export const placeInConversationPages = (
  data: ConversationListData | undefined,
  summary: ConversationSummary,
  filters: ConversationListFilters = {},
): ConversationListData | undefined =>
  data?.pages.length ? withPages(data, placeConversationInPages(data.pages, summary, filters)) : data

/**
 * Structural sharing for list pages by `conversation_uuid` instead of by index: after a refetch or a live
 * move, every conversation that did not change keeps its object, wherever it now sits. (TanStack's default
 * compares by position, so one conversation moving to the top would make every row below look new.)
 * Each reloaded conversation is merged into the cached one with core's `mergeConversationSummary`, so a reload
 * from a server that has not taken in a read yet (or an older snapshot) does not put an unread marker back,
 * nor reopen a closed conversation; a first sight follows the same rule (a closed conversation is not unread).
 */
export function shareConversationPages(oldData: unknown, newData: unknown): unknown {
  const prev = oldData as ConversationListData | undefined
  const next = newData as ConversationListData
  if (!next?.pages) return newData
  const known = prev?.pages ?? []
  const byUuid = new Map<string | undefined, ConversationSummary>()
  for (const page of known) for (const c of page.conversations ?? []) byUuid.set(c.conversation_uuid, c)
  // A page equal to the cached one at its place is that page: its rows are the cached objects (kept above by uuid).
  const same = <T>(before: T | undefined, after: T): T =>
    replaceEqualDeep(before, after) === before ? (before as T) : after
  const pages = next.pages.map((page, i): ConversationsResponse => {
    const conversations = page.conversations?.map((c) => {
      const old = c.conversation_uuid ? byUuid.get(c.conversation_uuid) : undefined
      const merged = mergeConversationSummary(old, c)
      return old ? (replaceEqualDeep(old, merged) as ConversationSummary) : merged
    })
    return same(known[i], conversations ? { ...page, conversations } : page)
  })
  return same(prev, { ...next, pages })
}

/**
 * Structural sharing of a conversation's detail entry: a refetch or event is merged into the cached
 * conversation with core's `mergeConversationSummary` (read state and `closed` only move forward).
 */
export function shareConversationDetail(oldData: unknown, newData: unknown): unknown {
  const prev = oldData as ConversationDetailData | undefined
  // Without a cached conversation, replaceEqualDeep returns the merge itself.
  return newData && replaceEqualDeep(prev, mergeConversationSummary(prev, newData as ConversationDetailData))
}

/**
 * Writes one state of a list's live first page (rxjs's `conversationList` through `conversationListChanges`, see
 * `useConversations`) into its cached pages with rxjs's `writeConversationPages`; the first state of an empty
 * entry becomes its first page.
 */
export const writeLiveFirstPage = (
  data: ConversationListData | undefined,
  state: ConversationListChange,
  filters: ConversationPagesOptions,
): ConversationListData =>
  data?.pages.length
    ? withPages(data, writeConversationPages(data.pages, state, filters))
    : { pages: writeConversationPages([], state) as ConversationsResponse[], pageParams: [0] }
