import type { ConversationSummary } from '@uc-conversation/core'
import { describe, expect, it } from 'vitest'
import type { ConversationListData } from './conversation-data'
import { shareConversationPages, writeLiveFirstPage } from './conversation-list-cache'

const row = (
  uuid: string,
  minute: number,
  patch: Partial<ConversationSummary> = {},
): ConversationSummary => ({
  conversation_uuid: uuid,
  last_message_dts: new Date(Date.UTC(2026, 11, 7, 10, minute)).toISOString(),
  unread_messages: false,
  ...patch,
})
const list = (...pages: ConversationSummary[][]): ConversationListData => ({
  pages: pages.map((conversations) => ({ success: true, conversations })),
  pageParams: pages.map((_, i) => i * 2),
})
/** The same list as a fresh response: equal content, new objects everywhere. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value))

describe('shareConversationPages (a refetch of loaded pages)', () => {
  it('an identical refetch keeps the cached data itself', () => {
    const cached = list([row('d', 40), row('c', 30)], [row('b', 20), row('a', 10)])
    expect(shareConversationPages(cached, copy(cached))).toBe(cached)
  })

  it('a row that moved keeps its object elsewhere; a page with no change keeps its object', () => {
    const cached = list([row('d', 40), row('c', 30)], [row('b', 20), row('a', 10)], [row('z', 1)])
    const fresh = list(
      [row('b', 50, { unread_messages: true }), row('d', 40)],
      [row('c', 30), row('a', 10)],
      [row('z', 1)],
    )
    const shared = shareConversationPages(cached, fresh) as ConversationListData
    const [first, second, third] = shared.pages
    expect(first!.conversations![0]).toEqual(fresh.pages[0]!.conversations![0])
    expect(first!.conversations![1]).toBe(cached.pages[0]!.conversations![0])
    expect(second!.conversations![0]).toBe(cached.pages[0]!.conversations![1])
    expect(second!.conversations![1]).toBe(cached.pages[1]!.conversations![1])
    expect(third).toBe(cached.pages[2])
  })
})

describe('writeLiveFirstPage', () => {
  it('the first state of an empty entry is its first page at offset 0; an unchanged state keeps the data', () => {
    const conversations = [row('b', 20), row('a', 10)]
    const state = { conversations, source: 'initial', freshness: 'live' } as const
    const data = writeLiveFirstPage(undefined, state, { limit: 50 })
    expect(data).toEqual({ pages: [{ success: true, conversations }], pageParams: [0] })
    expect(writeLiveFirstPage(data, { ...state, changed: [] }, { limit: 50 })).toBe(data)
  })
})
