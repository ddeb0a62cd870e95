import { type ConversationError, ConversationNetworkError } from '@uc-conversation/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakePage, fakeServer, fakeSockets, flush, http, JWT } from '../test/fakes'
import { agentKeepAlive } from './agent-keep-alive'
import { connectAgentSocket } from './agent-socket/connect-agent-socket'
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

  /** A fake client that reports request outcomes like core's `client.onOutcome`. */
  const withOutcomes = () => {
    const server = fakeServer()
    const listeners = new Set<(error: ConversationError | undefined) => void>()
    const client = Object.assign(server.client, {
      onOutcome: (listener: (error: ConversationError | undefined) => void) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    })
    return {
      server,
      client,
      outcome: (error?: ConversationError) => {
        for (const l of listeners) l(error)
      },
      get listeners() {
        return listeners.size
      },
    }
  }

  it('a network failure of any request shows at once, and clears with the next success', async () => {
    const { client, outcome, ...rest } = withOutcomes()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(client, { WebSocketCtor: fakes.WebSocketCtor, lingerMs: 0 })
    const seen: ConnectionHealth[] = []
    const sub = connectionHealth(socket).subscribe((h) => seen.push(h))
    const frames = socket.frames$.subscribe()
    await flush()
    fakes.last.open()
    expect(seen.at(-1)).toEqual({ status: 'live', network: 'ok' })
    outcome(new ConversationNetworkError('fetch failed: ECONNREFUSED', new Error('x')))
    expect(seen.at(-1)).toEqual({
      status: 'live',
      network: 'failing',
      error: {
        source: 'request',
        kind: 'network',
        message: 'fetch failed: ECONNREFUSED',
        permanent: false,
      },
    })
    outcome(http(502))
    expect(seen.at(-1)).toMatchObject({ network: 'failing', error: { httpStatus: 502 } })
    outcome(undefined)
    expect(seen.at(-1)).toEqual({ status: 'live', network: 'ok' })
    frames.unsubscribe()
    sub.unsubscribe()
    expect(rest.listeners).toBe(0)
  })

  it('offline, the banner says offline without the text of an earlier fault (issue 18 point 12)', async () => {
    const page = fakePage()
    const { client, outcome } = withOutcomes()
    const seen: ConnectionHealth[] = []
    const sub = connectionHealth(undefined, { client }).subscribe((h) => seen.push(h))
    outcome(http(503))
    expect(seen.at(-1)).toMatchObject({ network: 'failing', error: { httpStatus: 503 } })
    page.offline()
    expect(seen.at(-1)?.status).toBe('offline')
    expect(seen.at(-1)?.error).toBeUndefined()
    page.online()
    outcome(undefined)
    expect(seen.at(-1)).toEqual({ status: 'polling', network: 'ok' })
    sub.unsubscribe()
  })

  it('reports the keepalive: failing while it retries, failed (and why) on a refused key', async () => {
    const { client, server } = withOutcomes()
    const keepAlive = agentKeepAlive(client)
    const seen: ConnectionHealth[] = []
    server.failNext(http(503))
    const sub = connectionHealth(undefined, { client, keepAlive }).subscribe((h) => seen.push(h))
    await flush()
    expect(seen.at(-1)).toMatchObject({ status: 'polling', keepAlive: 'failing' })
    await vi.advanceTimersByTimeAsync(1000)
    expect(seen.at(-1)).toMatchObject({ keepAlive: 'alive' })
    expect(seen.at(-1)!.error).toBeUndefined()
    server.failNext(http(401))
    await vi.advanceTimersByTimeAsync(60_000)
    expect(seen.at(-1)).toMatchObject({
      keepAlive: 'failed',
      error: { source: 'keepAlive', kind: 'http', httpStatus: 401, permanent: true },
    })
    sub.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a refused key ends the socket in one failed status naming the cause, without secrets', async () => {
    const { client, server } = withOutcomes()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(client, { WebSocketCtor: fakes.WebSocketCtor, lingerMs: 0 })
    server.failNext(http(401))
    const seen: ConnectionHealth[] = []
    const sub = connectionHealth(socket).subscribe((h) => seen.push(h))
    socket.frames$.subscribe({ error: () => {} })
    await flush()
    expect(seen.at(-1)).toEqual({
      status: 'failed',
      network: 'ok',
      error: {
        source: 'socket',
        kind: 'http',
        httpStatus: 401,
        message: 'HTTP 401: status 401',
        permanent: true,
      },
    })
    expect(JSON.stringify(seen)).not.toContain(JWT)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(1)
    sub.unsubscribe()
  })

  it('says why a socket was lost while it reconnects (closeCode 1009: message too big)', async () => {
    const server = fakeServer()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(server.client, {
      WebSocketCtor: fakes.WebSocketCtor,
      lingerMs: 0,
      random: () => 0,
    })
    const seen: ConnectionHealth[] = []
    const sub = connectionHealth(socket).subscribe((h) => seen.push(h))
    const frames = socket.frames$.subscribe()
    await flush()
    fakes.last.open()
    fakes.last.serverClose(1009)
    expect(seen.at(-1)).toMatchObject({ status: 'reconnecting', attempt: 1, closeCode: 1009 })
    frames.unsubscribe()
    sub.unsubscribe()
  })
})
