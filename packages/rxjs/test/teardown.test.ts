import { Subject } from 'rxjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  agentKeepAlive,
  connectAgentSocket,
  connectionHealth,
  conversationList,
  conversationMessages,
  queueStatuses,
  sendMessage,
  sendTyping,
  typing,
  uploadAttachment,
} from '../src'
import { fakePage, fakeServer, fakeSockets, flush } from './fakes'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('teardown', () => {
  it('after every stream is unsubscribed, no timers, sockets, listeners or requests remain', async () => {
    const page = fakePage()
    const server = fakeServer()
    const fakes = fakeSockets()
    // The fake peer never answers pings: a heartbeat slower than the 20 s below keeps this test about teardown
    // of an open, lingering socket (heartbeat replacement has its own tests).
    const socket = connectAgentSocket(server.client, {
      WebSocketCtor: fakes.WebSocketCtor,
      lingerMs: 500,
      heartbeatIntervalMs: 30_000,
    })
    const signals: AbortSignal[] = []
    const hang = (...args: unknown[]) => {
      const options = args.at(-1) as { signal?: AbortSignal } | undefined
      if (options?.signal) signals.push(options.signal)
      return new Promise<never>(() => {})
    }
    const composer = new Subject<string>()
    const subs = [
      agentKeepAlive(server.client).subscribe(),
      conversationMessages(server.client, 'c1', { socket }).subscribe(),
      conversationMessages(server.client, 'c2').subscribe(),
      queueStatuses(server.client, { socket }).subscribe(),
      conversationList(server.client, { socket }).subscribe(),
      typing(socket, 'c1').subscribe(),
      sendTyping(socket, 'c1', composer).subscribe(),
      connectionHealth(socket).subscribe(),
    ]
    await flush()
    fakes.last.open()
    composer.next('typing…')
    // A reconnect cycle and a stream stuck in a request, to tear down mid-flight.
    fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(1500)
    fakes.last.open()
    await vi.advanceTimersByTimeAsync(20_000)
    server.client.getConversationMessages.mockImplementation(hang)
    server.client.getConversationMultimediaUploadUrl.mockImplementation(hang)
    subs.push(conversationMessages(server.client, 'c3', { socket }).subscribe())
    // A send still waiting for its echo (the fake server never echoes; subscribed late so that the outbox's
    // echo check has not yet replaced the socket).
    subs.push(sendMessage(socket, 'c1', { body: 'pending forever' }).subscribe({ error: () => {} }))
    subs.push(uploadAttachment(server.client, new Uint8Array(1), { extension: 'png' }).subscribe())
    await flush()
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    expect(page.listeners).toBeGreaterThan(0)

    for (const s of subs) s.unsubscribe()
    // The socket lingers for 500 ms, then closes.
    expect(fakes.last.isClosed).toBe(false)
    await vi.advanceTimersByTimeAsync(500)
    expect(vi.getTimerCount()).toBe(0)
    expect(page.listeners).toBe(0)
    expect(fakes.sockets.every((s) => s.isClosed)).toBe(true)
    expect(signals.length).toBeGreaterThanOrEqual(2)
    expect(signals.every((s) => s.aborted)).toBe(true)
    expect(socket.state).toEqual({ status: 'closed', reason: 'idle' })
  })
})
