import { describe, expect, it } from 'vitest'
import { ConversationValidationError, createConversationClient, paginateConversations } from '../src'
import { json, recordingTransport } from './helpers'

/** A server with `total` conversations, newest first, honouring _limit/_offset. */
const server = (total: number, more = (offset: number, count: number) => offset + count < total) =>
  recordingTransport((request) => {
    const url = new URL(request.url)
    const limit = Number(url.searchParams.get('_limit') ?? 100)
    const offset = Number(url.searchParams.get('_offset') ?? 0)
    const conversations = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({
      conversation_uuid: `c${offset + i}`,
    }))
    return json({
      success: true,
      conversations,
      metadata: {
        result_set: {
          count: conversations.length,
          limit,
          offset,
          next_offset: offset + conversations.length,
          total_records: null,
          more: more(offset, conversations.length),
        },
      },
    })
  })

describe('paginateConversations', () => {
  it('follows result_set.more / next_offset, page by page', async () => {
    const { transport, requests } = server(250)
    const client = createConversationClient({ transport })
    const pages = []
    for await (const page of paginateConversations(client, { limit: 100, maxPages: 10, medium: 'websocket' }))
      pages.push(page)
    expect(pages.map((p) => p.conversations?.length)).toEqual([100, 100, 50])
    expect(requests.map((r) => new URL(r.url).search)).toEqual([
      '?medium=websocket&_limit=100&_offset=0',
      '?medium=websocket&_limit=100&_offset=100',
      '?medium=websocket&_limit=100&_offset=200',
    ])
  })

  it('iterates items across pages', async () => {
    const { transport } = server(5)
    const ids = []
    for await (const c of paginateConversations(createConversationClient({ transport }), {
      limit: 2,
      maxPages: 10,
    }).items())
      ids.push(c.conversation_uuid)
    expect(ids).toEqual(['c0', 'c1', 'c2', 'c3', 'c4'])
  })

  it('stops at the required cap even when the server has more', async () => {
    const { transport, requests } = server(10_000)
    const pages = []
    for await (const page of paginateConversations(createConversationClient({ transport }), {
      limit: 200,
      maxPages: 3,
    }))
      pages.push(page)
    expect(pages).toHaveLength(3)
    expect(requests).toHaveLength(3)
  })

  it('stops when a server says more but does not advance', async () => {
    const { transport, requests } = server(0, () => true)
    const pages = []
    for await (const page of paginateConversations(createConversationClient({ transport }), { maxPages: 50 }))
      pages.push(page)
    expect(pages).toHaveLength(1)
    expect(requests).toHaveLength(1)
  })

  it('aborts between pages with the signal', async () => {
    const { transport, requests } = server(1000)
    const controller = new AbortController()
    const seen = []
    const error = await (async () => {
      for await (const page of paginateConversations(createConversationClient({ transport }), {
        limit: 10,
        maxPages: 100,
        signal: controller.signal,
      })) {
        seen.push(page)
        if (seen.length === 2) controller.abort(new Error('enough'))
      }
    })().catch((e) => e)
    expect(error.message).toBe('enough')
    expect(requests).toHaveLength(2)
  })

  it('requires a positive integer cap', () => {
    const client = createConversationClient({ transport: recordingTransport().transport })
    expect(() => paginateConversations(client, { maxPages: 0 })).toThrow(ConversationValidationError)
    expect(() => paginateConversations(client, {} as never)).toThrow(/maxPages/)
  })
})

describe('paginateConversations with odd numbers from the server (issue 11 point 3)', () => {
  it('a next_offset that is fractional, huge, negative, a string or missing never ends in a validation error', async () => {
    for (const odd of [1.5, 1e20, -3, '100', null, Number.MAX_SAFE_INTEGER + 2]) {
      const { transport, requests } = recordingTransport((request) => {
        const offset = Number(new URL(request.url).searchParams.get('_offset') ?? 0)
        const conversations =
          offset < 6 ? [{ conversation_uuid: `c${offset}` }, { conversation_uuid: `c${offset + 1}` }] : []
        return json({
          success: true,
          conversations,
          metadata: { result_set: { more: conversations.length > 0, next_offset: odd } },
        })
      })
      const ids: unknown[] = []
      for await (const c of paginateConversations(createConversationClient({ transport }), {
        limit: 2,
        maxPages: 10,
      }).items())
        ids.push(c.conversation_uuid)
      // An unusable next_offset falls back to counting what came: nothing skipped, nothing loops.
      expect(ids).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5'])
      expect(requests.length).toBe(4)
    }
  })
})
