import { type ConversationMessage, startCatchUp } from '@uc-conversation/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flush, messageFrame, messagesStream } from '../test/fakes'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const C = 'conv-1'

describe('conversationMessages with `initial` (messages prefetched on the server)', () => {
  it('emits them at once and, when the socket opens, catches up from the newest of them, not from 0', async () => {
    const m1 = { conversation_message_uuid: 'm1', message_epoch: 1000 }
    const m2 = { conversation_message_uuid: 'm2', message_epoch: 2000 }
    const t = messagesStream(C, { initial: [m1, m2] })
    // The server's messages as the prefetch saw them; one more arrives before the browser connects.
    t.server.add(C, m1)
    t.server.add(C, m2)
    const m3 = t.server.add(C, { conversation_message_uuid: 'm3', message_epoch: 2500 })
    const sub = t.subscribe()
    expect(t.states).toHaveLength(1)
    expect(t.states[0]).toMatchObject({ source: 'initial' })
    expect(t.latest('conversation_message_uuid')).toEqual(['m1', 'm2'])
    await flush()
    // No load while the socket is still connecting (a poll would come only after the poll delay).
    expect(t.server.client.getConversationMessages).not.toHaveBeenCalled()
    t.fakes.last.open()
    await flush(10)
    expect(t.server.client.getConversationMessages).toHaveBeenCalledTimes(1)
    // core's catch-up cursor from the newest seeded epoch (it reads that millisecond again: `since` may be inclusive)
    expect(t.server.client.getConversationMessages.mock.calls[0]?.[1]).toBe(startCatchUp(2000).since)
    expect(t.latest('conversation_message_uuid')).toEqual(['m1', 'm2', m3.conversation_message_uuid])
    expect(t.states.at(-2)).toMatchObject({ source: 'catch-up', freshness: 'behind' })
    expect(t.states.at(-1)).toMatchObject({ source: 'status', freshness: 'live' })
    // Live frames merge as ever.
    t.fakes.last.receive(messageFrame(C, t.server.add(C)))
    expect(t.states.at(-1)?.source).toBe('socket')
    expect(t.states.at(-1)?.list.size).toBe(4)
    sub.unsubscribe()
  })

  it('without a socket it catches up at once, from the newest seeded message', async () => {
    const m1 = { conversation_message_uuid: 'm1', message_epoch: 1000 }
    const m2 = { conversation_message_uuid: 'm2', message_epoch: 2000 }
    const t = messagesStream(C, { initial: [m2, m1] }, false)
    t.server.add(C, m1)
    t.server.add(C, m2)
    t.server.add(C, { conversation_message_uuid: 'm3', message_epoch: 3000 })
    const sub = t.subscribe()
    await flush(10)
    expect(t.server.client.getConversationMessages.mock.calls.map((c) => c[1])).toEqual([
      startCatchUp(2000).since,
    ])
    expect(t.states.map((s) => s.source)).toEqual(['initial', 'catch-up'])
    expect(t.latest('conversation_message_uuid')).toEqual(['m1', 'm2', 'm3'])
    sub.unsubscribe()
  })

  it('a seeded epoch beyond a safe integer (a server number) does not become the catch-up point (issue 18)', async () => {
    const m1 = { conversation_message_uuid: 'm1', message_epoch: 1000 }
    const odd = { conversation_message_uuid: 'odd', message_epoch: 1e20 }
    const t = messagesStream(C, { initial: [m1, odd] }, false)
    t.server.add(C, m1)
    t.server.add(C, odd)
    t.server.add(C, { conversation_message_uuid: 'm3', message_epoch: 3000 })
    const sub = t.subscribe()
    await flush(10)
    // Was: a catch-up from 1e20 (since 2^53 - 1), which never brings m3.
    expect(t.server.client.getConversationMessages.mock.calls.map((c) => c[1])).toEqual([0])
    expect(t.latest('conversation_message_uuid')).toEqual(['m1', 'm3', 'odd'])
    sub.unsubscribe()
  })

  it('leaves own pending copies out of the seed; an empty seed loads from 0', async () => {
    const pending: ConversationMessage = { client_message_id: 'local-1', body: 'draft', message_epoch: 5 }
    const t = messagesStream(C, { initial: [pending] }, false)
    t.server.add(C)
    const sub = t.subscribe()
    expect(t.states[0]?.list.size).toBe(0)
    await flush(10)
    expect(t.server.client.getConversationMessages.mock.calls.map((c) => c[1])).toEqual([0])
    expect(t.states.at(-1)?.list.size).toBe(1)
    sub.unsubscribe()
  })

  it('unsubscribed before the socket opens: nothing loaded, no timer left', async () => {
    const m1 = { conversation_message_uuid: 'm1', message_epoch: 1000 }
    const t = messagesStream(C, { initial: [m1] })
    const sub = t.subscribe()
    await flush()
    sub.unsubscribe()
    await vi.runAllTimersAsync()
    expect(t.server.client.getConversationMessages).not.toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(0)
  })
})
