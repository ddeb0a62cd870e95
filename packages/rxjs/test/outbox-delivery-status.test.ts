import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { connectAgentSocket, deliveryStatus, sendMessage } from '../src'
import { fakeServer, fakeSockets } from './fakes'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('deliveryStatus read from the outbox (the state where it lives, not a copy)', () => {
  it('pending, then failed after the timeout, then pending again on retry', async () => {
    const server = fakeServer()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(server.client, { WebSocketCtor: fakes.WebSocketCtor, lingerMs: 0 })
    const send = () =>
      sendMessage(socket, 'c', { body: 'hi', client_message_id: 'cid' }, { timeoutMs: 1000 }).subscribe({
        error: () => {},
      })
    send()
    const pending = socket.outbox.get('cid')!.message
    expect(deliveryStatus(pending, socket.outbox)).toBe('pending')
    await vi.advanceTimersByTimeAsync(1000)
    expect(deliveryStatus(pending, socket.outbox)).toBe('failed')
    expect(deliveryStatus(pending, new Set(['cid']))).toBe('failed')
    send()
    expect(deliveryStatus(pending, socket.outbox)).toBe('pending')
    expect(deliveryStatus({ ...pending, conversation_message_uuid: 'm' }, socket.outbox)).toBe('sent')
    socket.outbox.discard('cid')
  })
})
