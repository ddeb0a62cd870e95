import { ConversationTimeoutError } from '@uc-conversation/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeServer, fakeSocketSetup, fakeSockets, flush, messageFrame } from '../test/fakes'
import { connectAgentSocket } from './agent-socket/connect-agent-socket'
import { type ConversationMessagesState, conversationMessages } from './conversation-messages'
import { deliveryStatus } from './delivery-status'
import { discardMessage, type SendMessageState, sendMessage } from './send-message'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const C = 'conv-1'

const setup = () => {
  const { server, fakes, socket } = fakeSocketSetup()
  const states: ConversationMessagesState[] = []
  const messagesSub = conversationMessages(server.client, C, { socket }).subscribe((s) => states.push(s))
  /** What the emulator does with a message frame: store it and echo it. */
  const echoAll = () => {
    for (const frame of fakes.last.sentFrames()) {
      if (frame.type !== 'message') continue
      const sent = frame.message as { client_message_id: string; body: string }
      if (server.messages(C).some((m) => m.client_message_id === sent.client_message_id)) continue
      fakes.last.receive(
        messageFrame(C, server.add(C, { ...sent, author_conversation_participant_arn: 'arn:agent' })),
      )
    }
  }
  const statuses = () => {
    const s = states.at(-1)!
    return s.list.toArray().map((m) => `${m.body}:${deliveryStatus(m, s.failed)}`)
  }
  return { server, fakes, socket, states, messagesSub, echoAll, statuses }
}

const track = (obs: ReturnType<typeof sendMessage>) => {
  const seen: SendMessageState[] = []
  const errors: unknown[] = []
  let completed = false
  const sub = obs.subscribe({
    next: (s) => seen.push(s),
    error: (e) => errors.push(e),
    complete: () => (completed = true),
  })
  return {
    seen,
    errors,
    sub,
    get completed() {
      return completed
    },
  }
}

describe('sendMessage', () => {
  it('shows the message as pending at once and as sent on its echo', async () => {
    const { fakes, socket, echoAll, statuses, messagesSub } = setup()
    await flush()
    fakes.last.open()
    await flush()
    const t = track(sendMessage(socket, C, { body: 'hello', client_message_id: 'cid-1' }))
    expect(t.seen).toEqual([expect.objectContaining({ status: 'pending', clientMessageId: 'cid-1' })])
    expect(statuses()).toEqual(['hello:pending'])
    expect(fakes.last.sentFrames()).toEqual([
      { type: 'message', conversation_uuid: C, message: { body: 'hello', client_message_id: 'cid-1' } },
    ])
    echoAll()
    expect(t.seen.at(-1)).toMatchObject({ status: 'sent', message: { conversation_message_uuid: 'm1' } })
    expect(t.completed).toBe(true)
    expect(statuses()).toEqual(['hello:sent'])
    messagesSub.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('fails after the timeout, stays in the list as failed, and a retry with the same id is not duplicated', async () => {
    const { server, fakes, socket, states, echoAll, statuses } = setup()
    await flush()
    fakes.last.open()
    await flush()
    const t = track(
      sendMessage(socket, C, { body: 'lost echo', client_message_id: 'cid-2' }, { timeoutMs: 5000 }),
    )
    // The server stored it but the echo never came.
    const stored = fakes.last.sentFrames()[0]!.message as { body: string; client_message_id: string }
    server.add(C, stored)
    await vi.advanceTimersByTimeAsync(5000)
    expect(t.errors[0]).toBeInstanceOf(ConversationTimeoutError)
    expect(statuses()).toEqual(['lost echo:failed'])
    expect(states.at(-1)!.failed.includes('cid-2')).toBe(true)
    // Retry: the server is asked first, finds it, so the frame is not written again.
    const retry = track(sendMessage(socket, C, { body: 'lost echo', client_message_id: 'cid-2' }))
    expect(statuses()).toEqual(['lost echo:pending'])
    fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(1000)
    fakes.last.open()
    await flush(10)
    expect(retry.seen.at(-1)!.status).toBe('sent')
    expect(fakes.last.sentFrames().filter((f) => f.type === 'message')).toEqual([])
    expect(statuses()).toEqual(['lost echo:sent'])
    echoAll()
    expect(server.messages(C)).toHaveLength(1)
  })

  it('keeps the failed ids as one frozen array of plain data: same identity until they change', async () => {
    const { server, fakes, socket, states, statuses } = setup()
    await flush()
    fakes.last.open()
    await flush()
    expect(states.at(-1)!.failed).toEqual([])
    track(sendMessage(socket, C, { body: 'lost', client_message_id: 'cid-3' }, { timeoutMs: 5000 }))
    await vi.advanceTimersByTimeAsync(5000)
    const failed = states.at(-1)!.failed
    expect(failed).toEqual(['cid-3'])
    expect(Object.isFrozen(failed)).toBe(true)
    // A frame that changes nothing about the own messages keeps the very same array (a cache keeps its identity).
    fakes.last.receive(messageFrame(C, server.add(C, { body: 'from the customer' })))
    expect(
      states
        .at(-1)!
        .list.toArray()
        .map((m) => m.body),
    ).toEqual(['from the customer', 'lost'])
    expect(states.at(-1)!.failed).toBe(failed)
    // Plain data: a JSON round trip (SSR hydration) or a structured clone (another tab) still says `failed`.
    const own = states.at(-1)!.list.toArray()[1]!
    expect(deliveryStatus(own, JSON.parse(JSON.stringify(failed)))).toBe('failed')
    expect(deliveryStatus(own, structuredClone(failed))).toBe('failed')
    expect(statuses()).toEqual(['from the customer:sent', 'lost:failed'])
    // Retrying takes it out: a new array, the old one untouched.
    track(sendMessage(socket, C, { body: 'lost', client_message_id: 'cid-3' }))
    expect(states.at(-1)!.failed).toEqual([])
    expect(failed).toEqual(['cid-3'])
  })

  it('queues while the socket is down and writes on the next open', async () => {
    const { fakes, socket, echoAll, statuses } = setup()
    const t = track(sendMessage(socket, C, { body: 'early' }))
    await flush()
    expect(statuses()).toEqual(['early:pending'])
    expect(fakes.last.sent).toEqual([])
    fakes.last.open()
    expect(fakes.last.sentFrames()).toHaveLength(1)
    echoAll()
    expect(t.seen.map((s) => s.status)).toEqual(['pending', 'sent'])
  })

  it('after a reconnect, re-sends only what the server does not have', async () => {
    const { server, fakes, socket, echoAll, statuses } = setup()
    await flush()
    fakes.last.open()
    await flush()
    const a = track(sendMessage(socket, C, { body: 'a', client_message_id: 'a' }))
    const b = track(sendMessage(socket, C, { body: 'b', client_message_id: 'b' }))
    // The socket dies: 'a' reached the server, 'b' did not.
    server.add(C, { body: 'a', client_message_id: 'a' })
    fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(1000)
    fakes.last.open()
    await flush(10)
    expect(fakes.last.sentFrames().map((f) => (f.message as { body: string }).body)).toEqual(['b'])
    echoAll()
    expect(a.seen.at(-1)!.status).toBe('sent')
    expect(b.seen.at(-1)!.status).toBe('sent')
    expect(statuses()).toEqual(['a:sent', 'b:sent'])
    expect(server.messages(C).map((m) => m.body)).toEqual(['a', 'b'])
  })

  it('unsubscribing before the echo withdraws the pending copy; discard removes a failed one', async () => {
    const { fakes, socket, statuses } = setup()
    await flush()
    fakes.last.open()
    await flush()
    const t = track(sendMessage(socket, C, { body: 'never mind' }))
    expect(statuses()).toEqual(['never mind:pending'])
    t.sub.unsubscribe()
    expect(statuses()).toEqual([])
    const f = track(sendMessage(socket, C, { body: 'doomed', client_message_id: 'd' }, { timeoutMs: 100 }))
    await vi.advanceTimersByTimeAsync(100)
    expect(f.errors).toHaveLength(1)
    expect(statuses()).toEqual(['doomed:failed'])
    expect(discardMessage(socket, 'd')).toBe(true)
    expect(statuses()).toEqual([])
  })

  it('a stream subscribed later shows pending and failed messages too', async () => {
    const { server, fakes, socket } = setup()
    await flush()
    fakes.last.open()
    track(sendMessage(socket, C, { body: 'x', client_message_id: 'x' }, { timeoutMs: 100 }))
    await vi.advanceTimersByTimeAsync(100)
    track(sendMessage(socket, C, { body: 'y', client_message_id: 'y' }))
    const late: ConversationMessagesState[] = []
    const sub = conversationMessages(server.client, C, { socket }).subscribe((s) => late.push(s))
    await flush()
    const s = late.at(-1)!
    expect(s.list.toArray().map((m) => `${m.body}:${deliveryStatus(m, s.failed)}`)).toEqual([
      'x:failed',
      'y:pending',
    ])
    sub.unsubscribe()
  })

  it('rejects an invalid message without leaving anything behind', async () => {
    const { socket } = setup()
    const errors: unknown[] = []
    sendMessage(socket, C, { body: 42 as unknown as string }).subscribe({ error: (e) => errors.push(e) })
    expect(errors).toHaveLength(1)
  })
})

describe('deliveryStatus', () => {
  it('reads the transport statuses', () => {
    expect(deliveryStatus({ conversation_message_uuid: 'u' })).toBe('sent')
    expect(deliveryStatus({ conversation_message_uuid: 'u', transport_statuses: [{ status: 'read' }] })).toBe(
      'read',
    )
    expect(deliveryStatus({ client_message_id: 'c' })).toBe('pending')
    expect(deliveryStatus({ client_message_id: 'c' }, new Set(['c']))).toBe('failed')
  })
})

describe('sendMessage again after delivery', () => {
  it('reports sent without posting a duplicate', async () => {
    vi.useFakeTimers()
    const server = fakeServer()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(server.client, { WebSocketCtor: fakes.WebSocketCtor, lingerMs: 0 })
    const first = track(sendMessage(socket, C, { body: 'once', client_message_id: 'once' }))
    await flush()
    fakes.last.open()
    const frame = fakes.last.sentFrames()[0]!
    fakes.last.receive(messageFrame(C, server.add(C, frame.message as object)))
    expect(first.seen.at(-1)!.status).toBe('sent')
    const again = track(sendMessage(socket, C, { body: 'once', client_message_id: 'once' }))
    expect(again.seen.map((s) => s.status)).toEqual(['sent'])
    expect(again.completed).toBe(true)
    expect(fakes.last.sent).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
  })
})
