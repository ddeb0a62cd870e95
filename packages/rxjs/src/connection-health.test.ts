import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakePage, fakeServer, fakeSockets, flush } from '../test/fakes'
import { connectAgentSocket } from './connect-agent-socket'
import { type ConnectionHealth, connectionHealth } from './connection-health'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('connectionHealth', () => {
  it('follows the socket and the browser: polling → reconnecting → live → offline', async () => {
    const page = fakePage()
    const server = fakeServer()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(server.client, {
      WebSocketCtor: fakes.WebSocketCtor,
      lingerMs: 0,
      random: () => 0,
    })
    const seen: ConnectionHealth[] = []
    const sub = connectionHealth(socket).subscribe((h) => seen.push(h))
    expect(seen).toEqual([{ status: 'polling' }])
    // Watching health does not connect.
    await flush()
    expect(server.client.getAgentWebsocketAuthorization).not.toHaveBeenCalled()
    const frames = socket.frames$.subscribe()
    await flush()
    fakes.last.open()
    fakes.last.serverClose(1006)
    page.offline()
    page.online()
    // Back online, the socket retries at once (attempt 1 without a wait).
    expect(seen.map((h) => h.status)).toEqual([
      'polling',
      'reconnecting',
      'live',
      'reconnecting',
      'offline',
      'reconnecting',
      'reconnecting',
    ])
    expect(seen.at(-1)).toEqual({ status: 'reconnecting', attempt: 1 })
    expect(seen[3]).toMatchObject({ attempt: 1, retryAt: Date.now() + 1000 })
    frames.unsubscribe()
    sub.unsubscribe()
    expect(page.listeners).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('without a socket, streams poll', () => {
    const seen: ConnectionHealth[] = []
    connectionHealth(undefined)
      .subscribe((h) => seen.push(h))
      .unsubscribe()
    expect(seen).toEqual([{ status: 'polling' }])
  })
})
