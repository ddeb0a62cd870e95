import { type ConversationClient, createConversationClient } from '@uc-conversation/core'
import { createEmulator, type Emulator } from '@uc-conversation/emulator'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  type AgentKeepAliveStatus,
  agentKeepAlive,
  type ConnectionHealth,
  connectAgentSocket,
  connectionHealth,
  conversationList,
  queueStatuses,
} from '../src'

// Issue 11, point 8: with a refused key the whole console (socket, keepalive, conversation list, queues) makes
// at most 20 requests in its first minute and ends in one permanent state naming the cause; an unreachable
// upstream backs off. Virtual time, against the emulator in-process (its fetch and WebSocket, no network).

let emulator: Emulator | undefined
beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(async () => {
  vi.useRealTimers()
  await emulator?.close()
  emulator = undefined
})

/** Runs the console's streams for `ms` of virtual time; returns the request times and the last states. */
async function runConsole(client: ConversationClient, ms: number, log: number[], WebSocketCtor: unknown) {
  const socket = connectAgentSocket(client, {
    WebSocketCtor: WebSocketCtor as never,
    lingerMs: 0,
    random: () => 0,
  })
  const keepAlive = agentKeepAlive(client)
  const health: ConnectionHealth[] = []
  const keepAlives: AgentKeepAliveStatus[] = []
  const errors: unknown[] = []
  const onError = { error: (e: unknown) => errors.push(e) }
  const subs = [
    connectionHealth(socket, { keepAlive }).subscribe((h) => health.push(h)),
    keepAlive.subscribe((s) => keepAlives.push(s)),
    conversationList(client, { socket }).subscribe(onError),
    queueStatuses(client, { socket }).subscribe(onError),
    socket.frames$.subscribe(onError),
  ]
  const t0 = Date.now()
  await vi.advanceTimersByTimeAsync(ms)
  for (const s of subs) s.unsubscribe()
  return { health, keepAlives, errors, socket, times: log.map((t) => t - t0) }
}

describe('the console with a refused key', () => {
  it('makes at most 20 requests in the first minute and ends in one permanent state naming the cause', async () => {
    emulator = createEmulator({ customers: { autoReply: false } })
    const log: number[] = []
    const client = createConversationClient({
      ...emulator.clientOptions(),
      simpleKey: 'not-the-key',
      onRequest: () => {
        log.push(Date.now())
      },
    })
    const { health, keepAlives, socket, times } = await runConsole(
      client,
      60_000,
      log,
      emulator.socketOptions().WebSocketCtor,
    )
    // The figure for the report.
    console.info(`bad key: ${times.length} requests in the first minute at ${times.join(', ')} ms`)
    expect(times.length).toBeLessThanOrEqual(20)
    expect(socket.state).toMatchObject({ status: 'closed', reason: 'error' })
    expect(keepAlives.at(-1)).toMatchObject({ status: 'failed' })
    const last = health.at(-1)!
    expect(last).toMatchObject({
      status: 'failed',
      keepAlive: 'failed',
      error: { kind: 'http', httpStatus: 401, permanent: true },
    })
    expect(JSON.stringify(health)).not.toContain('not-the-key')
  })
})

describe('the console with an unreachable upstream', () => {
  it('backs off: requests thin out exponentially and the health says the network fails', async () => {
    const log: number[] = []
    const client = createConversationClient({
      baseUrl: 'http://upstream.invalid/rest/v2',
      fetch: () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })),
      simpleKey: 'k',
      onRequest: () => {
        log.push(Date.now())
      },
    })
    const { health, times } = await runConsole(client, 300_000, log, class {})
    const firstMinute = times.filter((t) => t < 60_000).length
    const lastMinute = times.filter((t) => t >= 240_000).length
    console.info(
      `unreachable: ${firstMinute} requests in minute 1, ${lastMinute} in minute 5 (${times.length} in 5 min)`,
    )
    // Each call is core's attempt plus its 3 retries; every stream waits min(1000·2^n, 30 s) between calls.
    expect(lastMinute).toBeLessThan(firstMinute)
    expect(health.at(-1)).toMatchObject({ network: 'failing', error: { kind: 'network', permanent: false } })
  })
})
