import type { ConversationSummary } from '@uc-conversation/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeSocketSetup, flush } from '../test/fakes'
import { type ConversationListState, conversationList } from './conversation-list'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const row = (uuid: string, minute: number): ConversationSummary => ({
  conversation_uuid: uuid,
  last_message_dts: new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString(),
  medium: 'websocket',
})

const setup = (initial: readonly ConversationSummary[], withSocket = true) => {
  const { server, fakes, socket } = fakeSocketSetup()
  const states: ConversationListState[] = []
  const subscribe = () =>
    conversationList(server.client, { initial, ...(withSocket ? { socket } : {}) }).subscribe((s) =>
      states.push(s),
    )
  return { server, fakes, states, subscribe }
}

describe('conversationList with `initial` (the first page prefetched on the server)', () => {
  it('emits it at once, newest first, and loads only once, to catch up when the socket opens', async () => {
    const t = setup([row('a', 10), row('b', 20)])
    t.server.setConversations([row('c', 30), row('b', 20), row('a', 10)])
    const sub = t.subscribe()
    expect(t.states).toHaveLength(1)
    expect(t.states[0]?.source).toBe('initial')
    expect(t.states[0]?.conversations.map((c) => c.conversation_uuid)).toEqual(['b', 'a'])
    await flush()
    expect(t.server.client.getConversations).not.toHaveBeenCalled()
    t.fakes.last.open()
    await flush(10)
    expect(t.server.client.getConversations).toHaveBeenCalledTimes(1)
    expect(t.states.at(-1)?.source).toBe('catch-up')
    expect(t.states.at(-1)?.conversations.map((c) => c.conversation_uuid)).toEqual(['c', 'b', 'a'])
    sub.unsubscribe()
  })

  it('without a socket it catches up at once', async () => {
    const t = setup([row('a', 10)], false)
    t.server.setConversations([row('b', 20), row('a', 10)])
    const sub = t.subscribe()
    await flush(10)
    expect(t.server.client.getConversations).toHaveBeenCalledTimes(1)
    expect(t.states.map((s) => s.source)).toEqual(['initial', 'catch-up'])
    sub.unsubscribe()
  })
})
