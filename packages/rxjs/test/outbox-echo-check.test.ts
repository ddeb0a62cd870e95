import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type SendMessageState, sendMessage } from '../src'
import { DEFAULT_ECHO_CHECK_MS } from '../src/internal/outbox'
import { fakeSocketSetup, flush, messageFrame } from './fakes'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const C = 'conv-1'

const setup = async () => {
  const { server, fakes, socket } = fakeSocketSetup()
  const states: SendMessageState[] = []
  const errors: unknown[] = []
  sendMessage(socket, C, { body: 'hello', client_message_id: 'cid-1' }).subscribe({
    next: (s) => states.push(s),
    error: (e) => errors.push(e),
  })
  await flush()
  fakes.last.open()
  await flush()
  expect(fakes.last.sentFrames()).toHaveLength(1)
  const writes = () => fakes.sockets.flatMap((s) => s.sentFrames()).filter((f) => f.type === 'message').length
  return { server, fakes, socket, states, errors, writes }
}

describe('outbox: an overdue echo is asked about, on a connection that stays up', () => {
  it('a lost echo: the server has the message, so it is sent, with one request and no second write', async () => {
    const { server, fakes, states, writes } = await setup()
    server.add(C, { body: 'hello', client_message_id: 'cid-1' })
    await vi.advanceTimersByTimeAsync(DEFAULT_ECHO_CHECK_MS)
    await flush()
    expect(states.at(-1)).toMatchObject({ status: 'sent', message: { conversation_message_uuid: 'm1' } })
    expect(server.client.getConversationMessages).toHaveBeenCalledTimes(1)
    expect(writes()).toBe(1)
    expect(fakes.sockets).toHaveLength(1)
  })

  it('a lost write: the socket reconnects, the message is checked again and written once more', async () => {
    const { server, fakes, states, errors, writes } = await setup()
    await vi.advanceTimersByTimeAsync(DEFAULT_ECHO_CHECK_MS)
    await flush()
    // Not on the server: this connection loses frames, so a new one is made.
    expect(fakes.sockets.length).toBe(2)
    fakes.last.open()
    await flush()
    expect(writes()).toBe(2)
    const stored = server.add(C, { body: 'hello', client_message_id: 'cid-1' })
    fakes.last.receive(messageFrame(C, stored))
    expect(states.at(-1)).toMatchObject({ status: 'sent' })
    expect(errors).toEqual([])
    expect(server.messages(C).filter((m) => m.client_message_id === 'cid-1')).toHaveLength(1)
  })
})
