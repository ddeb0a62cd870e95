import { describe, expect, it } from 'vitest'
import {
  type ConversationsResponse,
  createConversationClient,
  DEFAULT_PAGE_SIZE,
  nextConversationsOffset,
  paginateConversations,
} from '../src'
import { json, recordingTransport } from './helpers'

const page = (count: number, result_set?: Record<string, unknown>): ConversationsResponse => ({
  success: true,
  conversations: Array.from({ length: count }, (_, i) => ({ conversation_uuid: `c${i}` })),
  ...(result_set ? { metadata: { result_set } } : {}),
})

describe('nextConversationsOffset: the one next-page rule', () => {
  it.each([
    ['more, with a next_offset', page(10, { more: true, next_offset: 30 }), 20, 10, 30],
    ['more, without a next_offset', page(10, { more: true }), 20, 10, 30],
    ['no more', page(10, { more: false, next_offset: 30 }), 20, 10, undefined],
    // The disagreement: react-query trusted any next_offset, so these looped or sent an invalid _offset.
    ['more, a next_offset that does not advance', page(10, { more: true, next_offset: 20 }), 20, 10, 30],
    ['more, a next_offset behind', page(10, { more: true, next_offset: 5 }), 20, 10, 30],
    ['more, a negative next_offset', page(10, { more: true, next_offset: -1 }), 20, 10, 30],
    ['more, a string next_offset', page(10, { more: true, next_offset: '30' }), 20, 10, 30],
    ['more, a fractional next_offset', page(10, { more: true, next_offset: 30.5 }), 20, 10, 30],
    ['more, an empty page and nothing stated', page(0, { more: true }), 20, 10, undefined],
    // The disagreement: core stopped here, react-query went on.
    ['no result set, a full page', page(10), 20, 10, 30],
    ['no result set, a short page', page(9), 20, 10, undefined],
    ['no result set, an empty page', page(0), 0, 10, undefined],
    [
      'no result set, a full page of the default size',
      page(DEFAULT_PAGE_SIZE),
      0,
      undefined,
      DEFAULT_PAGE_SIZE,
    ],
  ] as const)('%s', (_, response, offset, limit, expected) => {
    expect(nextConversationsOffset(response as ConversationsResponse, offset, limit)).toBe(expected)
  })

  it('a missing page has no successor', () => {
    expect(nextConversationsOffset(undefined, 0, 10)).toBeUndefined()
  })
})

describe('paginateConversations follows the same rule', () => {
  it('goes on after a full page without a result set, and stops at the short one', async () => {
    const { transport, requests } = recordingTransport((_, i) => json(page(i < 2 ? 2 : 1)))
    const client = createConversationClient({ transport })
    const offsets: number[] = []
    for await (const _ of paginateConversations(client, { limit: 2, maxPages: 10 }))
      offsets.push(Number(new URL(requests.at(-1)!.url).searchParams.get('_offset')))
    expect(offsets).toEqual([0, 2, 4])
  })

  it('never repeats a page when the server states a next_offset that does not advance', async () => {
    const { transport, requests } = recordingTransport((_, i) =>
      json(page(2, { more: i < 2, next_offset: 0 })),
    )
    const client = createConversationClient({ transport })
    const pages = []
    for await (const p of paginateConversations(client, { limit: 2, maxPages: 10 })) pages.push(p)
    expect(requests.map((r) => new URL(r.url).searchParams.get('_offset'))).toEqual(['0', '2', '4'])
  })
})
