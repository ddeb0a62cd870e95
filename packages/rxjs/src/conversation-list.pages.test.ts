import type { ConversationSummary, ConversationsResponse } from '@uc-conversation/core'
import { ReplaySubject, Subject, share } from 'rxjs'
import { describe, expect, it } from 'vitest'
import {
  type ConversationListChange,
  type ConversationListState,
  conversationListChanges,
  placeConversationInPages,
  reduceConversationList,
  writeConversationPages,
} from './conversation-list'

const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 10, minute)).toISOString()
const row = (
  uuid: string,
  minute: number,
  patch: Partial<ConversationSummary> = {},
): ConversationSummary => ({
  conversation_uuid: uuid,
  last_message_dts: at(minute),
  medium: 'websocket',
  unread_messages: false,
  ...patch,
})
const newMessage = (s: ConversationSummary) =>
  ({
    type: 'event',
    event_type: 'new message',
    conversation_uuid: s.conversation_uuid,
    event_new_message: s,
  }) as never
const state = (
  conversations: readonly ConversationSummary[],
  source: ConversationListState['source'],
): ConversationListState => ({ conversations, source, freshness: 'live' })
const page = (...conversations: ConversationSummary[]): ConversationsResponse => ({
  success: true,
  conversations,
})
const ids = (pages: readonly ConversationsResponse[]) =>
  pages.map((p) => (p.conversations ?? []).map((c) => c.conversation_uuid).join(''))

describe('conversationListChanges', () => {
  it('each state carries the rows whose objects changed since the previous one; the first carries none', () => {
    const source = new Subject<ConversationListState>()
    const seen: ConversationListChange[] = []
    const sub = source.pipe(conversationListChanges()).subscribe((s) => seen.push(s))
    const loaded = [row('c', 30), row('b', 20), row('a', 10)]
    source.next(state(loaded, 'initial'))
    expect(seen[0]).toEqual(state(loaded, 'initial'))
    expect(seen[0]).not.toHaveProperty('changed')
    const moved = reduceConversationList(loaded, newMessage(row('a', 40, { unread_messages: true })))
    source.next(state(moved, 'socket'))
    expect(seen[1]!.conversations).toBe(moved)
    expect(seen[1]!.changed).toEqual([moved[0]])
    expect(seen[1]!.changed![0]).toBe(moved[0])
    // Only the freshness changed: nothing to write.
    source.next({ ...state(moved, 'status'), freshness: 'polling' })
    expect(seen[2]!.changed).toEqual([])
    sub.unsubscribe()
  })

  it('by content: a state whose rows are new objects with the same content (mirrored from another tab) changes nothing', () => {
    const source = new Subject<ConversationListState>()
    const seen: ConversationListChange[] = []
    const sub = source.pipe(conversationListChanges()).subscribe((s) => seen.push(s))
    const loaded = [row('c', 30), row('b', 20), row('a', 10)]
    source.next(state(loaded, 'initial'))
    const mirrored = structuredClone(loaded)
    source.next(state(mirrored, 'socket'))
    expect(seen[1]!.changed).toEqual([])
    const read = [mirrored[0]!, { ...structuredClone(mirrored[1]!), unread_messages: true }, mirrored[2]!]
    source.next(state(read, 'socket'))
    expect(seen[2]!.changed).toEqual([read[1]])
    expect(seen[2]!.changed![0]).toBe(read[1])
    sub.unsubscribe()
  })

  it('per subscriber: a late one to a shared, replayed stream gets its first state whole', () => {
    const source = new Subject<ConversationListState>()
    const shared = source.pipe(share({ connector: () => new ReplaySubject<ConversationListState>(1) }))
    const early: ConversationListChange[] = []
    const late: ConversationListChange[] = []
    const a = shared.pipe(conversationListChanges()).subscribe((s) => early.push(s))
    const loaded = [row('b', 20), row('a', 10)]
    source.next(state(loaded, 'initial'))
    const moved = reduceConversationList(loaded, newMessage(row('a', 40)))
    source.next(state(moved, 'socket'))
    const b = shared.pipe(conversationListChanges()).subscribe((s) => late.push(s))
    expect(early.at(-1)!.changed).toEqual([moved[0]])
    expect(late).toHaveLength(1)
    expect(late[0]!.changed).toBeUndefined()
    expect(late[0]!.conversations).toBe(moved)
    a.unsubscribe()
    b.unsubscribe()
  })
})

describe('placeConversationInPages', () => {
  it('moves a row across pages keeping page sizes; a newcomer grows the first page; unchanged pages keep identity', () => {
    const pages = [page(row('d', 40), row('c', 30)), page(row('b', 20), row('a', 10)), page(row('z', 1))]
    const moved = placeConversationInPages(pages, row('a', 50, { unread_messages: true }))
    expect(ids(moved)).toEqual(['ad', 'cb', 'z'])
    expect(moved[2]).toBe(pages[2])
    expect(moved[0]!.conversations![1]).toBe(pages[0]!.conversations![0])
    const added = placeConversationInPages(moved, row('n', 60))
    expect(ids(added)).toEqual(['nad', 'cb', 'z'])
    expect(added[1]).toBe(moved[1])
    expect(placeConversationInPages(added, added[0]!.conversations![0]!)).toBe(added)
    expect(placeConversationInPages(added, row('s', 70, { medium: 'sms' }), { medium: 'websocket' })).toBe(
      added,
    )
  })
})

describe('writeConversationPages', () => {
  it('with no pages, the state is the first page', () => {
    const loaded = [row('b', 20), row('a', 10)]
    expect(writeConversationPages([], state(loaded, 'initial'))).toEqual([page(...loaded)])
  })

  it('a socket change places only the rows it changed: the others keep what the cache knows', () => {
    // The stream's `b` lists no participants yet; the cache knows of a join just made (its refreshed summary).
    const b = row('b', 20, { participants: [] })
    const a = row('a', 10)
    const joined = row('b', 20, { participants: [{ conversation_participant_arn: 'agent-1' }] as never })
    const pages = [page(joined), page(a)]
    const newer = row('a', 30, { unread_messages: true })
    const change: ConversationListChange = { ...state([newer, b], 'socket'), changed: [newer] }
    const written = writeConversationPages(pages, change)
    expect(ids(written)).toEqual(['a', 'b'])
    expect(written[0]!.conversations![0]).toMatchObject({ unread_messages: true })
    expect(written[1]!.conversations![0]).toBe(joined)
    expect(writeConversationPages(written, { ...change, changed: [] })).toBe(written)
  })

  it('a load replaces the first page, merging what it changed and keeping the rest as cached', () => {
    const a = row('a', 10)
    const joined = row('b', 20, { participants: [{ conversation_participant_arn: 'agent-1' }] as never })
    const read = row('c', 30, { unread_messages: false })
    const pages = [page(read, joined, a)]
    const b = row('b', 20, { participants: [] })
    // The server still says unread for the message the agent read: read state only moves forward.
    const c = row('c', 30, { unread_messages: true })
    const n = row('n', 40)
    const change: ConversationListChange = { ...state([n, c, b], 'catch-up'), changed: [n, c] }
    const written = writeConversationPages(pages, change, { limit: 3 })
    expect(ids(written)).toEqual(['ncb'])
    expect(written[0]!.conversations![0]).toBe(n)
    expect(written[0]!.conversations![1]).toBe(read)
    expect(written[0]!.conversations![2]).toBe(joined)
    // The first state a subscriber gets (no `changed`) is news in every row: merged into what is cached.
    const whole = writeConversationPages(pages, state([c, b], 'initial'), { limit: 3 })
    expect(whole[0]!.conversations![0]).toBe(read)
    expect(whole[0]!.conversations![1]).toEqual(b)
    expect(writeConversationPages(written, change, { limit: 3 })).toBe(written)
  })

  it('with later pages loaded, a full reload keeps the rows it pushed off the first page; a short one drops removed rows', () => {
    const [d, c, b, a] = [row('d', 40), row('c', 30), row('b', 20), row('a', 10)]
    const pages = [page(d, c), page(b, a)]
    const e = row('e', 50)
    const full = writeConversationPages(pages, state([e, d], 'catch-up'), { limit: 2 })
    expect(ids(full)).toEqual(['edc', 'ba'])
    expect(full[1]).toBe(pages[1])
    // `c` was closed and left the server's list: a first page shorter than `limit` holds everything newer.
    const short = writeConversationPages(pages, state([d], 'poll'), { limit: 2 })
    expect(ids(short)).toEqual(['d', 'ba'])
    // With only the first page loaded, the reload is the page.
    expect(ids(writeConversationPages([page(d, c)], state([e, d], 'catch-up'), { limit: 2 }))).toEqual(['ed'])
  })
})
