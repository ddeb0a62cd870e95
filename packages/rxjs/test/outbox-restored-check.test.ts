import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { connectAgentSocket, type PersistedOutboxEntry, webStorageOutbox } from '../src'
import { fakeServer, fakeSockets, flush, messageFrame } from './fakes'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** One origin's localStorage. */
class MemoryStorage {
  readonly items = new Map<string, string>()
  getItem = (key: string) => this.items.get(key) ?? null
  setItem = (key: string, value: string) => void this.items.set(key, value)
  removeItem = (key: string) => void this.items.delete(key)
}

describe('outbox: a message an earlier tab left, checked while the socket is down', () => {
  it('is written on the next connection, after the backoff: the answer does not cut the wait short', async () => {
    const storage = new MemoryStorage()
    const left: PersistedOutboxEntry = {
      conversationUuid: 'c',
      message: { body: 'still here?', client_message_id: 'cid-left' },
      transmitted: true,
    }
    await webStorageOutbox(storage).save([left])

    const server = fakeServer()
    const fakes = fakeSockets()
    let answer!: (page: { conversation_messages: [] }) => void
    server.client.getConversationMessages.mockImplementationOnce(
      () => new Promise((resolve) => (answer = resolve)) as never,
    )
    const socket = connectAgentSocket(server.client, {
      WebSocketCtor: fakes.WebSocketCtor,
      lingerMs: 0,
      random: () => 0,
      heartbeatIntervalMs: 3_600_000,
      reconnect: { baseDelayMs: 5_000, maxDelayMs: 5_000 },
      outboxStorage: webStorageOutbox(storage),
    })
    const states: string[] = []
    const sub = socket.state$.subscribe((s) => states.push(s.status))
    await flush()
    await vi.advanceTimersByTimeAsync(0)
    fakes.last.open()
    await flush()
    // Restored as written (the earlier tab may have sent it): the server is asked first.
    expect(server.client.getConversationMessages).toHaveBeenCalledTimes(1)

    fakes.last.serverClose(1006)
    await flush()
    expect(states.at(-1)).toBe('reconnecting')
    answer({ conversation_messages: [] })
    await flush()
    // Not on the server, and the socket is down: nothing is in flight, so nothing to reconnect for now.
    expect(fakes.sockets).toHaveLength(1)

    await vi.advanceTimersByTimeAsync(5_000)
    expect(fakes.sockets).toHaveLength(2)
    fakes.last.open()
    await flush()
    const writes = fakes.last.sentFrames().filter((f) => f.type === 'message')
    expect(writes).toHaveLength(1)
    // Its echo settles it: the outbox lets the socket go with the last subscriber.
    fakes.last.receive(
      messageFrame('c', server.add('c', { body: 'still here?', client_message_id: 'cid-left' })),
    )
    sub.unsubscribe()
    await flush()
    expect(vi.getTimerCount()).toBe(0)
  })
})
