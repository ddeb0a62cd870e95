import { ConversationNetworkError, type ConversationSummary } from '@uc-conversation/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeServer, fakeSockets, flush, messageFrame } from '../test/fakes'
import { connectAgentSocket } from './agent-socket/connect-agent-socket'
import {
  type ConversationListState,
  conversationList,
  placeConversation,
  reduceConversationList,
} from './conversation-list'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString()
const summary = (
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
const event = (event_type: string, field: string, s: ConversationSummary) =>
  ({ type: 'event', event_type, conversation_uuid: s.conversation_uuid, [field]: s }) as never

describe('reduceConversationList', () => {
  const list = [summary('c', 30), summary('b', 20), summary('a', 10)]

  it('moves a conversation with a new message to the top, unread', () => {
    const next = reduceConversationList(
      list,
      event('new message', 'event_new_message', summary('a', 40, { unread_messages: true })),
    )
    expect(next.map((c) => c.conversation_uuid)).toEqual(['a', 'c', 'b'])
    expect(next[0]!.unread_messages).toBe(true)
  })

  it('inserts new conversations in order and lays closing over the known summary', () => {
    const added = reduceConversationList(
      list,
      event('new conversation', 'event_new_conversation', summary('d', 25)),
    )
    expect(added.map((c) => c.conversation_uuid)).toEqual(['c', 'd', 'b', 'a'])
    const closed = reduceConversationList(
      list,
      event('conversation closed', 'event_conversation_closed', { conversation_uuid: 'b', closed: true }),
    )
    expect(closed.find((c) => c.conversation_uuid === 'b')).toMatchObject({
      closed: true,
      last_message_dts: at(20),
    })
  })

  it('ignores older summaries, other media, other frames; returns the same array when nothing changed', () => {
    expect(reduceConversationList(list, event('new message', 'event_new_message', summary('c', 5)))).toBe(
      list,
    )
    expect(
      reduceConversationList(
        list,
        event('new message', 'event_new_message', summary('a', 50, { medium: 'sms' })),
        {
          medium: 'websocket',
        },
      ),
    ).toBe(list)
    expect(reduceConversationList(list, { type: 'ping' })).toBe(list)
    expect(
      reduceConversationList(list, event('participant update', 'event_participant_update', summary('b', 20))),
    ).toBe(list)
  })
})

describe('reduceConversationList: read state and closing only move forward', () => {
  const read = [summary('c', 30, { message_count: 3, unread_messages: false })]
  const unreadAgain = (s: ConversationSummary) =>
    event('participant update', 'event_participant_update', { ...s, unread_messages: true })

  it('an event with unread_messages: true about no newer message does not put the marker back', () => {
    const same = reduceConversationList(read, unreadAgain(summary('c', 30, { message_count: 3 })))
    expect(same[0]!.unread_messages).toBe(false)
    const noTime = reduceConversationList(read, unreadAgain({ conversation_uuid: 'c' }))
    expect(noTime[0]!.unread_messages).toBe(false)
    const newer = reduceConversationList(
      read,
      event(
        'new message',
        'event_new_message',
        summary('c', 31, { message_count: 4, unread_messages: true }),
      ),
    )
    expect(newer[0]!.unread_messages).toBe(true)
  })

  it('a closed conversation has no unread marker, and closed never goes back', () => {
    const unread = [summary('c', 30, { unread_messages: true })]
    const closed = reduceConversationList(
      unread,
      event('conversation closed', 'event_conversation_closed', { conversation_uuid: 'c', closed: true }),
    )
    expect(closed[0]).toMatchObject({ closed: true, unread_messages: false })
    const later = reduceConversationList(closed, unreadAgain(summary('c', 32, { closed: false })))
    expect(later[0]).toMatchObject({ closed: true, unread_messages: false })
    const arrivesClosed = reduceConversationList(
      [],
      event(
        'new conversation',
        'event_new_conversation',
        summary('d', 5, { closed: true, unread_messages: true }),
      ),
    )
    expect(arrivesClosed[0]).toMatchObject({ closed: true, unread_messages: false })
  })
})

describe('placeConversation', () => {
  const at = (
    uuid: string,
    minute: number,
    extra: Partial<ConversationSummary> = {},
  ): ConversationSummary => ({
    conversation_uuid: uuid,
    last_message_dts: `2026-12-07T10:${String(minute).padStart(2, '0')}:00.000Z`,
    ...extra,
  })
  it('merges a summary like the frame that carries it, and moves it to its place; unchanged: the same array', () => {
    const list = [at('b', 5), at('a', 3)]
    const moved = placeConversation(list, at('a', 9, { unread_messages: true }))
    expect(moved.map((c) => c.conversation_uuid)).toEqual(['a', 'b'])
    expect(moved[1]).toBe(list[0])
    expect(moved).toEqual(
      reduceConversationList(list, {
        type: 'event',
        event_type: 'participant update',
        conversation_uuid: 'a',
        event_participant_update: at('a', 9, { unread_messages: true }),
      }),
    )
    expect(placeConversation(moved, moved[0]!)).toBe(moved)
    expect(placeConversation(list, at('c', 1, { medium: 'sms' }), { medium: 'websocket' })).toBe(list)
    expect(placeConversation(list, { last_message_dts: 'x' })).toBe(list)
  })
})

describe('conversationList', () => {
  it('a reload from a server that has not taken in the read yet does not bring the unread marker back', async () => {
    const server = fakeServer()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(server.client, { WebSocketCtor: fakes.WebSocketCtor, lingerMs: 0 })
    server.setConversations([summary('c', 30, { unread_messages: true })])
    const states: ConversationListState[] = []
    const sub = conversationList(server.client, { socket }).subscribe((s) => states.push(s))
    await flush()
    fakes.last.open()
    await flush()
    fakes.last.receive(
      event('participant update', 'event_participant_update', summary('c', 30, { unread_messages: false })),
    )
    expect(states.at(-1)!.conversations[0]!.unread_messages).toBe(false)
    // The server still says unread for the same last message; a reconnect reloads.
    fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(60_000)
    fakes.last.open()
    await flush()
    expect(server.client.getConversations.mock.calls.length).toBeGreaterThanOrEqual(2)
    expect(states.at(-1)!.conversations[0]!.unread_messages).toBe(false)
    // A newer message makes it unread again.
    server.setConversations([summary('c', 31, { unread_messages: true })])
    fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(60_000)
    fakes.last.open()
    await flush()
    expect(states.at(-1)!.conversations[0]).toMatchObject({ last_message_dts: at(31), unread_messages: true })
    sub.unsubscribe()
  })

  it('loads newest first and stays live', async () => {
    const server = fakeServer()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(server.client, { WebSocketCtor: fakes.WebSocketCtor, lingerMs: 0 })
    server.setConversations([summary('a', 10), summary('c', 30), summary('b', 20)])
    const states: ConversationListState[] = []
    const sub = conversationList(server.client, { socket, medium: 'websocket' }).subscribe((s) =>
      states.push(s),
    )
    await flush()
    expect(server.client.getConversations).toHaveBeenCalledWith(
      expect.objectContaining({ medium: 'websocket', limit: 200 }),
    )
    expect(states[0]!.conversations.map((c) => c.conversation_uuid)).toEqual(['c', 'b', 'a'])
    fakes.last.open()
    await flush()
    fakes.last.receive(event('new message', 'event_new_message', summary('b', 40, { unread_messages: true })))
    expect(
      states.at(-1)!.conversations.map((c) => `${c.conversation_uuid}${c.unread_messages ? '*' : ''}`),
    ).toEqual(['b*', 'c', 'a'])
    expect(states.at(-1)!.source).toBe('socket')
    sub.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('frames that say nothing of the list (a chat message, typing, a queue event) change and emit nothing', async () => {
    const server = fakeServer()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(server.client, { WebSocketCtor: fakes.WebSocketCtor, lingerMs: 0 })
    server.setConversations([summary('a', 10)])
    const states: ConversationListState[] = []
    const sub = conversationList(server.client, { socket }).subscribe((s) => states.push(s))
    const heard: string[] = []
    sub.add(socket.frames$.subscribe((f) => heard.push(f.type === 'event' ? f.event_type : f.type)))
    await flush()
    fakes.last.open()
    await flush()
    const seen = states.length
    const loads = server.client.getConversations.mock.calls.length
    fakes.last.receive(messageFrame('a', { conversation_message_uuid: 'm1', body: 'hi', message_epoch: 1 }))
    fakes.last.receive({ type: 'event', event_type: 'typing', conversation_uuid: 'a', event_typing: {} })
    fakes.last.receive({
      type: 'event',
      event_type: 'queue new member',
      event_queue_new_member: { conversation_participant_arn: 'arn:x', queue_name: 'q' },
    })
    await flush()
    expect(heard).toEqual(['message', 'typing', 'queue new member'])
    expect(states.length).toBe(seen)
    expect(server.client.getConversations.mock.calls.length).toBe(loads)
    expect(states.at(-1)!.conversations.map((c) => c.conversation_uuid)).toEqual(['a'])
    sub.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('reports a failed load as error while it retries, and clears it with the next load', async () => {
    const server = fakeServer()
    server.setConversations([summary('a', 10)])
    server.failNext(
      new ConversationNetworkError('Request failed: fetch failed', new TypeError('fetch failed')),
    )
    const states: ConversationListState[] = []
    const sub = conversationList(server.client).subscribe((s) => states.push(s))
    await flush()
    expect(states[0]).toMatchObject({ conversations: [], freshness: 'stale', error: { kind: 'network' } })
    await vi.advanceTimersByTimeAsync(30_000)
    const loaded = states.find((s) => s.source === 'initial')
    expect(loaded?.conversations.map((c) => c.conversation_uuid)).toEqual(['a'])
    expect(loaded?.error).toBeUndefined()
    sub.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
  })
})
