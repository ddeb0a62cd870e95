import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AgentSocketState } from '../src/agent-socket/agent-socket'
import { Heartbeat } from '../src/agent-socket/heartbeat'
import { agentSocketSettings } from '../src/agent-socket/options'
import { reconnector } from '../src/agent-socket/reconnector'
import { fakePage, fakeServer, fakeSockets, flush, http, JWT } from './fakes'

// The reconnector alone, in virtual time: the backoff between attempts (its one timer), its reset on success,
// page wake, and that stop() leaves no timer, listener, request or socket.

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const setup = (options: Parameters<typeof agentSocketSettings>[0] = {}) => {
  const server = fakeServer()
  const fakes = fakeSockets()
  const settings = agentSocketSettings({
    WebSocketCtor: fakes.WebSocketCtor,
    random: () => 0,
    // Out of the way: these tests are about the waits between attempts.
    heartbeatIntervalMs: 3_600_000,
    ...options,
  })
  const states: AgentSocketState[] = []
  const failures: unknown[] = []
  const link = reconnector(server.client, settings, new Heartbeat(settings), {
    state: (s) => states.push(s),
    decoded: () => {},
    failed: (e) => failures.push(e),
  })
  /** The wait of the last `reconnecting` state, in ms from now. */
  const wait = () => {
    const s = states.at(-1)
    if (s?.status !== 'reconnecting') throw new Error(`not waiting: ${s?.status}`)
    return s.retryAt - Date.now()
  }
  return { server, fakes, link, states, failures, wait }
}

describe('reconnector', () => {
  it('waits min(1000·2^n, 30 s) between attempts with one timer, and resets after an open', async () => {
    const { fakes, link, states, wait, server } = setup()
    link.start()
    await flush()
    const waits: number[] = []
    for (let n = 0; n < 7; n++) {
      fakes.last.serverClose(1006)
      waits.push(wait())
      // Waiting: the backoff timer is the only one (the lost connection left none).
      expect(vi.getTimerCount()).toBe(1)
      await vi.advanceTimersByTimeAsync(wait() - 1)
      expect(fakes.sockets).toHaveLength(n + 1)
      await vi.advanceTimersByTimeAsync(1)
      await flush()
      expect(fakes.sockets).toHaveLength(n + 2)
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000])
    expect(states.filter((s) => s.status === 'reconnecting').map((s) => s.attempt)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ])
    expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(8)
    // Success resets the sequence: the next loss waits the first delay again.
    fakes.last.open()
    expect(states.at(-1)).toMatchObject({ status: 'open', connection: 1 })
    fakes.last.serverClose(1011)
    expect(states.at(-1)).toMatchObject({
      status: 'reconnecting',
      attempt: 1,
      closeCode: 1011,
      reason: 'closed',
    })
    expect(wait()).toBe(1000)
    link.stop()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('follows the reconnect options and the jitter', async () => {
    const { fakes, link, wait } = setup({
      reconnect: { baseDelayMs: 100, maxDelayMs: 500, jitter: 0.5 },
      random: () => 0.5,
    })
    link.start()
    await flush()
    const waits: number[] = []
    for (let n = 0; n < 5; n++) {
      fakes.last.serverClose(1006)
      waits.push(wait())
      await vi.advanceTimersByTimeAsync(wait())
      await flush()
    }
    // Each delay shortened by jitter × random() = 25 %.
    expect(waits).toEqual([75, 150, 300, 375, 375])
    link.stop()
  })

  it('the first 4001 close in a row reconnects at once; a frame that decodes proves the new JWT', async () => {
    const { fakes, link, wait } = setup()
    link.start()
    await flush()
    fakes.last.open()
    fakes.last.serverClose(4001)
    expect(wait()).toBe(0)
    await vi.advanceTimersByTimeAsync(0)
    await flush()
    fakes.last.open()
    fakes.last.serverClose(4001)
    expect(wait()).toBe(1000)
    await vi.advanceTimersByTimeAsync(1000)
    await flush()
    fakes.last.open()
    fakes.last.receive({ type: 'ping' })
    fakes.last.serverClose(4001)
    expect(wait()).toBe(0)
    link.stop()
  })

  it('a page that wakes ends the wait at once (the timer with it) and probes an open socket', async () => {
    const page = fakePage()
    const { fakes, link, server } = setup()
    link.start()
    await flush()
    expect(page.listeners).toBe(2)
    fakes.last.serverClose(1006)
    expect(vi.getTimerCount()).toBe(1)
    page.online()
    await flush()
    expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(2)
    expect(fakes.sockets).toHaveLength(2)
    // The old wait is gone: only the new attempt's open timeout runs.
    expect(vi.getTimerCount()).toBe(1)
    fakes.last.open()
    page.hide()
    page.show()
    expect(fakes.last.sentFrames()).toEqual([{ type: 'ping' }])
    link.stop()
    expect(page.listeners).toBe(0)
  })

  it('stop() clears the wait, the page listeners, the authorization request and the socket', async () => {
    const page = fakePage()
    const { fakes, link, server } = setup()
    const signals: AbortSignal[] = []
    const authorize = server.client.getAgentWebsocketAuthorization.getMockImplementation()!
    server.client.getAgentWebsocketAuthorization.mockImplementation((options?: { signal?: AbortSignal }) => {
      if (options?.signal) signals.push(options.signal)
      return authorize()
    })

    // Waiting between attempts.
    link.start()
    await flush()
    fakes.last.serverClose(1006)
    link.stop()
    expect([vi.getTimerCount(), page.listeners]).toEqual([0, 0])

    // Waiting for an authorization.
    link.start()
    expect(signals.at(-1)?.aborted).toBe(false)
    link.stop()
    expect(signals.at(-1)?.aborted).toBe(true)
    await flush()
    expect(fakes.sockets).toHaveLength(1)

    // Open.
    link.start()
    await flush()
    fakes.last.open()
    expect(vi.getTimerCount()).toBe(1)
    link.stop()
    expect([vi.getTimerCount(), page.listeners]).toEqual([0, 0])
    expect(fakes.sockets.every((s) => s.isClosed)).toBe(true)
    expect(link.send('x')).toBe(false)
    // Nothing comes back later.
    await vi.advanceTimersByTimeAsync(120_000)
    expect(fakes.sockets).toHaveLength(2)
  })

  it('a permanent failure stops trying: no timer, no retry', async () => {
    const { server, link, failures, fakes } = setup()
    server.client.getAgentWebsocketAuthorization.mockRejectedValueOnce(http(401))
    link.start()
    await flush()
    expect(failures).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(1)
    expect(fakes.sockets).toHaveLength(0)
    link.stop()
  })

  it('an authorization without a JWT is retried after a backoff; an unusable websocket_url stops for good', async () => {
    const { server, link, states, failures, fakes, wait } = setup()
    server.client.getAgentWebsocketAuthorization.mockResolvedValueOnce({
      success: true,
      agent_auth: { websocket_url: 'wss://socket.test/ws' },
    } as never)
    link.start()
    await flush()
    expect(states.at(-1)).toMatchObject({
      status: 'reconnecting',
      attempt: 1,
      reason: 'failed',
      error: { kind: 'parse' },
    })
    expect(failures).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(1)
    server.client.getAgentWebsocketAuthorization.mockResolvedValueOnce({
      success: true,
      agent_auth: { jwt: JWT, websocket_url: 'http://socket.test/ws' },
    } as never)
    await vi.advanceTimersByTimeAsync(wait())
    await flush()
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ kind: 'validation' })
    expect((failures[0] as Error).message).toMatch(/websocket_url/)
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(2)
    expect(fakes.sockets).toHaveLength(0)
    link.stop()
  })
})
