import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ConversationNetworkError,
  createConversationClient,
  MAX_PROBE_INTERVAL_MS,
  PROBE_INTERVAL_MS,
  type TransportRequest,
  UNREACHABLE_AFTER,
  UNREACHABLE_CODE,
} from '../src'
import { json } from './helpers'

/** What fetch throws in Node for a refused connection. */
const refused = () =>
  Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
  })

/** A server that is down until `up` is set; every request it is sent is recorded with the virtual time. */
function flakyServer() {
  const state = { up: false, sent: [] as { at: number; request: TransportRequest }[] }
  const transport = async (request: TransportRequest) => {
    state.sent.push({ at: Date.now(), request })
    if (!state.up) throw refused()
    return json({ success: true, conversations: [] })
  }
  return { state, transport }
}

/**
 * `streams` callers that each call, wait for the outcome, then call again `everyMs` later (as a live collection
 * polls), for `forMs` of virtual time. Returns what they sent, per minute window.
 */
async function pollFor(streams: number, everyMs: number, forMs: number) {
  const { state, transport } = flakyServer()
  const client = createConversationClient({ transport })
  const stop = new AbortController()
  const loops = Array.from({ length: streams }, async (_, i) => {
    await new Promise((r) => setTimeout(r, (i * everyMs) / streams))
    while (!stop.signal.aborted) {
      await client.getConversations({ signal: stop.signal }).catch(() => undefined)
      await new Promise((r) => setTimeout(r, everyMs))
    }
  })
  const start = Date.now()
  await vi.advanceTimersByTimeAsync(forMs)
  stop.abort()
  await vi.runAllTimersAsync()
  await Promise.all(loops)
  return { state, client, start }
}

describe('an unreachable server', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.spyOn(Math, 'random').mockReturnValue(1)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('costs at most 20 requests a minute after the first 10 s (10 streams polling every 3 s)', async () => {
    const { state, client, start } = await pollFor(10, 3000, 120_000)
    const inWindow = (from: number, to: number) =>
      state.sent.filter(({ at }) => at >= start + from && at < start + to).length
    const firstMinute = inWindow(0, 60_000)
    const afterTen = inWindow(10_000, 70_000)
    const secondMinute = inWindow(60_000, 120_000)
    // Figures for the report (before this change: every call and each of its retries was sent).
    console.log(`requests: first minute ${firstMinute}, 10-70 s ${afterTen}, second minute ${secondMinute}`)
    expect(afterTen).toBeLessThanOrEqual(20)
    expect(secondMinute).toBeLessThanOrEqual(20)
    expect(client.stats.unreachable).toBe(true)
    // Nothing left behind once every caller is gone: no probe timer, no waiting call.
    expect(vi.getTimerCount()).toBe(0)
  })

  it(`enters the state after ${UNREACHABLE_AFTER} failures, then sends one probe at a time, spaced`, async () => {
    const { state, transport } = flakyServer()
    const client = createConversationClient({ transport, retry: false })
    for (let i = 0; i < UNREACHABLE_AFTER; i++) {
      expect(client.stats.unreachable).toBe(false)
      await expect(client.getConversations()).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    }
    expect(client.stats.unreachable).toBe(true)
    expect(state.sent).toHaveLength(UNREACHABLE_AFTER)
    // Five callers now: none is sent before the first probe is due, then exactly one is (the probe).
    const calls = Array.from({ length: 5 }, () => client.getConversations().catch((e: unknown) => e))
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS - 1)
    expect(state.sent).toHaveLength(UNREACHABLE_AFTER)
    await vi.advanceTimersByTimeAsync(1)
    expect(state.sent).toHaveLength(UNREACHABLE_AFTER + 1)
    // The probe failed: the four others fail without being sent, typed as today (network, retryable).
    const errors = await Promise.all(calls)
    expect(errors[0]).toMatchObject({ kind: 'network', code: 'ECONNREFUSED' })
    for (const error of errors.slice(1)) {
      expect(error).toBeInstanceOf(ConversationNetworkError)
      expect(error).toMatchObject({ code: UNREACHABLE_CODE, message: 'Server unreachable, retrying' })
      expect((error as ConversationNetworkError).cause).toBe(errors[0])
    }
    expect(state.sent).toHaveLength(UNREACHABLE_AFTER + 1)
    // The next probes wait twice as long each time, up to the ceiling.
    let interval = PROBE_INTERVAL_MS * 2
    for (let i = 0; i < 6; i++) {
      const sent = state.sent.length
      const call = client.getConversations().catch(() => undefined)
      await vi.advanceTimersByTimeAsync(interval - 1)
      expect(state.sent).toHaveLength(sent)
      await vi.advanceTimersByTimeAsync(1)
      expect(state.sent).toHaveLength(sent + 1)
      await call
      interval = Math.min(MAX_PROBE_INTERVAL_MS, interval * 2)
    }
    expect(vi.getTimerCount()).toBe(0)
  })

  it('calls queued behind the failures that made it unreachable are held for the probe, not sent', async () => {
    const { state, transport } = flakyServer()
    const client = createConversationClient({ transport, retry: false })
    // All at once: one slot (concurrency 1), so the last two wait in the queue while the first three fail.
    const calls = Array.from({ length: UNREACHABLE_AFTER + 2 }, () =>
      client.getConversations().catch((e: unknown) => e),
    )
    await vi.advanceTimersByTimeAsync(0)
    expect(client.stats.unreachable).toBe(true)
    expect(state.sent).toHaveLength(UNREACHABLE_AFTER)
    // The first of them is the probe when it is due; it fails, and the other one fails without being sent.
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS)
    const errors = await Promise.all(calls)
    expect(state.sent).toHaveLength(UNREACHABLE_AFTER + 1)
    expect(errors.map((e) => (e as ConversationNetworkError).code)).toEqual([
      ...Array(UNREACHABLE_AFTER + 1).fill('ECONNREFUSED'),
      UNREACHABLE_CODE,
    ])
    expect(client.stats).toMatchObject({ queued: 0, inFlight: 0 })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('resumes everyone at the first answer, each waiting write sent exactly once', async () => {
    const { state, transport } = flakyServer()
    const client = createConversationClient({ transport, retry: false })
    for (let i = 0; i < UNREACHABLE_AFTER; i++) await client.getConversations().catch(() => undefined)
    const writes = ['a', 'b', 'c'].map((arn) => client.startConversation({ conversation_arn: arn }))
    const reads = [client.getConversations(), client.getConversation('u')]
    state.up = true
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS)
    await expect(Promise.all([...writes, ...reads])).resolves.toHaveLength(5)
    expect(client.stats.unreachable).toBe(false)
    const starts = state.sent
      .filter(({ request }) => request.method === 'PUT')
      .map(({ request }) => request.body)
    expect(starts).toEqual([
      '{"conversation_arn":"a"}',
      '{"conversation_arn":"b"}',
      '{"conversation_arn":"c"}',
    ])
    expect(state.sent).toHaveLength(UNREACHABLE_AFTER + 5)
    // Reachable again: calls go at once.
    await expect(client.getConversations()).resolves.toBeDefined()
    expect(state.sent).toHaveLength(UNREACHABLE_AFTER + 6)
  })

  it('an HTTP error answer (a 503) proves the server is there: it resumes too', async () => {
    let answer: 'refuse' | 'busy' = 'refuse'
    const sent: string[] = []
    const client = createConversationClient({
      retry: false,
      transport: async (r) => {
        sent.push(r.url)
        if (answer === 'refuse') throw refused()
        return json({ success: false }, 503)
      },
    })
    for (let i = 0; i < UNREACHABLE_AFTER; i++) await client.getConversations().catch(() => undefined)
    answer = 'busy'
    const calls = [client.getConversations(), client.getConversations()].map((p) => p.catch((e) => e))
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS)
    expect((await Promise.all(calls)).map((e) => e.status)).toEqual([503, 503])
    expect(client.stats.unreachable).toBe(false)
  })

  it('a waiting call aborted by its caller leaves no timer and no waiter behind; a probe aborted frees its turn', async () => {
    const { state, transport } = flakyServer()
    const client = createConversationClient({ transport, retry: false })
    for (let i = 0; i < UNREACHABLE_AFTER; i++) await client.getConversations().catch(() => undefined)
    const controller = new AbortController()
    const waiting = client.getConversations({ signal: controller.signal }).catch((e) => e)
    expect(vi.getTimerCount()).toBe(1)
    controller.abort(new Error('left the page'))
    expect(await waiting).toMatchObject({ message: 'left the page' })
    expect(vi.getTimerCount()).toBe(0)
    expect(client.stats.queued).toBe(0)
    // A probe whose caller aborts it: the next caller becomes the probe, at once (it is due).
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS)
    const hanging = new AbortController()
    const probe = client.getConversations({ signal: hanging.signal }).catch((e) => e)
    const next = client.getConversations().catch((e) => e)
    const sent = state.sent.length
    state.up = true
    hanging.abort(new Error('gone'))
    expect(await probe).toMatchObject({ message: 'gone' })
    await expect(next).resolves.toMatchObject({ success: true })
    expect(state.sent).toHaveLength(sent + 1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a probe aborted while it waits for budget frees its turn (no call is stuck behind it)', async () => {
    const { state, transport } = flakyServer()
    let blocked = false
    const budget = { wait: () => (blocked ? 60_000 : 0), take: () => {}, left: () => (blocked ? 0 : 1) }
    const client = createConversationClient({ transport, retry: false, budget })
    for (let i = 0; i < UNREACHABLE_AFTER; i++) await client.getConversations().catch(() => undefined)
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS)
    blocked = true
    const controller = new AbortController()
    const probe = client.getConversations({ signal: controller.signal }).catch((e) => e)
    await vi.advanceTimersByTimeAsync(0)
    controller.abort(new Error('gone'))
    expect(await probe).toMatchObject({ message: 'gone' })
    blocked = false
    state.up = true
    const next = client.getConversations()
    await vi.advanceTimersByTimeAsync(0)
    await expect(next).resolves.toMatchObject({ success: true })
    expect(state.sent).toHaveLength(UNREACHABLE_AFTER + 1)
    expect(client.stats.unreachable).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a refused connection, then a timeout, are both "unreachable"; a reset is not', async () => {
    const reset = () =>
      Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      })
    let fail: () => unknown = reset
    const client = createConversationClient({
      retry: false,
      timeoutMs: 1000,
      transport: (r) =>
        new Promise((_, reject) => {
          const thrown = fail()
          if (thrown) reject(thrown)
          else r.signal.addEventListener('abort', () => reject(new Error('aborted')))
        }),
    })
    for (let i = 0; i < UNREACHABLE_AFTER + 2; i++) await client.getConversations().catch(() => undefined)
    expect(client.stats.unreachable).toBe(false)
    fail = refused
    await client.getConversations().catch(() => undefined)
    fail = () => undefined
    for (let i = 0; i < UNREACHABLE_AFTER - 1; i++) {
      const call = client.getConversations().catch((e) => e)
      await vi.advanceTimersByTimeAsync(1000)
      expect(await call).toMatchObject({ kind: 'timeout' })
    }
    expect(client.stats.unreachable).toBe(true)
  })
})

describe('a real refused port on 127.0.0.1', () => {
  let server: Server | undefined
  afterEach(async () => {
    vi.useRealTimers()
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
    server = undefined
  })

  it('is probed once while down; the calls that waited are all sent once it is back', async () => {
    let served = 0
    const listen = (port = 0) => {
      server = createServer((_req, res) => {
        served++
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}')
      })
      return new Promise<number>((resolve) =>
        server!.listen(port, '127.0.0.1', () => resolve((server!.address() as AddressInfo).port)),
      )
    }
    const port = await listen()
    await new Promise((resolve) => server!.close(resolve))
    // Only the client's timers are virtual; the sockets are real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const client = createConversationClient({ baseUrl: `http://127.0.0.1:${port}`, retry: false })
    for (let i = 0; i < UNREACHABLE_AFTER; i++)
      await expect(client.getConversations()).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    expect(client.stats).toMatchObject({ unreachable: true, sent: UNREACHABLE_AFTER })
    // Down: the first probe is refused for real, the other four are not sent.
    const first = Array.from({ length: 5 }, () => client.getConversations().catch((e) => e))
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS)
    const errors = await Promise.all(first)
    expect(errors.map((e) => e.code)).toEqual(['ECONNREFUSED', ...Array(4).fill(UNREACHABLE_CODE)])
    expect(client.stats.sent).toBe(UNREACHABLE_AFTER + 1)
    // Back on the same port: the next probe gets through and the waiting calls follow it.
    await listen(port)
    const second = Array.from({ length: 5 }, () => client.getConversations())
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS * 2)
    await expect(Promise.all(second)).resolves.toHaveLength(5)
    expect(served).toBe(5)
    expect(client.stats).toMatchObject({ unreachable: false, sent: UNREACHABLE_AFTER + 6 })
  })
})
