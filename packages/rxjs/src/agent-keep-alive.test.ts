import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakePage, fakeServer, flush, http } from '../test/fakes'
import { type AgentKeepAliveStatus, agentKeepAlive } from './agent-keep-alive'

beforeEach(() => {
  vi.useFakeTimers()
  vi.spyOn(Math, 'random').mockReturnValue(0)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('agentKeepAlive', () => {
  it('calls at once, then intervalMs after each completion', async () => {
    const { client } = fakeServer()
    let resolveSlow: (() => void) | undefined
    const calls: number[] = []
    client.getAgentKeepAlive.mockImplementation(async () => {
      calls.push(Date.now())
      // The third call takes 5 s: the schedule counts from its completion, not from its start.
      if (calls.length === 3) await new Promise<void>((r) => (resolveSlow = r))
    })
    const statuses: AgentKeepAliveStatus[] = []
    const t0 = Date.now()
    const sub = agentKeepAlive(client).subscribe((s) => statuses.push(s))
    await flush()
    await vi.advanceTimersByTimeAsync(120_000)
    await vi.advanceTimersByTimeAsync(5_000)
    resolveSlow?.()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls.map((t) => t - t0)).toEqual([0, 60_000, 120_000, 185_000])
    expect(statuses.every((s) => s.status === 'alive')).toBe(true)
    expect(statuses.at(-1)).toMatchObject({ consecutiveFailures: 0, lastSuccessAt: t0 + 185_000 })
    sub.unsubscribe()
  })

  it('retries failures with backoff, then resumes the schedule', async () => {
    const server = fakeServer()
    const t0 = Date.now()
    const calls: number[] = []
    const failures = [http(503), http(503), http(503)]
    server.client.getAgentKeepAlive.mockImplementation(async () => {
      calls.push(Date.now() - t0)
      const f = failures.shift()
      if (f) throw f
    })
    const statuses: AgentKeepAliveStatus[] = []
    const sub = agentKeepAlive(server.client).subscribe((s) => statuses.push(s))
    await vi.advanceTimersByTimeAsync(70_000)
    // 0 fails; +1 s fails; +2 s fails; +4 s succeeds; next 60 s later.
    expect(calls).toEqual([0, 1000, 3000, 7000, 67_000])
    expect(statuses.map((s) => `${s.status}:${s.consecutiveFailures}`)).toEqual([
      'retrying:1',
      'retrying:2',
      'retrying:3',
      'alive:0',
      'alive:0',
    ])
    expect(statuses[0]!.nextAttemptAt - t0).toBe(1000)
    sub.unsubscribe()
  })

  it('reports lapsed when no keepalive succeeded for lapseAfterMs, even while a call hangs', async () => {
    const { client } = fakeServer()
    let n = 0
    client.getAgentKeepAlive.mockImplementation(() =>
      n++ === 0 ? Promise.resolve() : new Promise<void>(() => {}),
    )
    const statuses: string[] = []
    const sub = agentKeepAlive(client, { intervalMs: 10_000, lapseAfterMs: 30_000 }).subscribe((s) =>
      statuses.push(s.status),
    )
    await vi.advanceTimersByTimeAsync(29_999)
    expect(statuses).toEqual(['alive'])
    await vi.advanceTimersByTimeAsync(1)
    expect(statuses).toEqual(['alive', 'lapsed'])
    sub.unsubscribe()
  })

  it('failures past lapseAfterMs are lapsed, a success is alive again', async () => {
    const { client } = fakeServer()
    let fail = true
    client.getAgentKeepAlive.mockImplementation(async () => {
      if (fail) throw http(500)
    })
    const statuses: string[] = []
    const sub = agentKeepAlive(client, { intervalMs: 10_000, lapseAfterMs: 20_000 }).subscribe((s) =>
      statuses.push(s.status),
    )
    await vi.advanceTimersByTimeAsync(35_000)
    expect(statuses).toContain('retrying')
    expect(statuses.at(-1)).toBe('lapsed')
    fail = false
    await vi.advanceTimersByTimeAsync(10_000)
    expect(statuses.at(-1)).toBe('alive')
    sub.unsubscribe()
  })

  it('shares one schedule among subscribers and replays the latest status', async () => {
    const { client } = fakeServer()
    const a: string[] = []
    const b: string[] = []
    const keepAlive = agentKeepAlive(client)
    const s1 = keepAlive.subscribe((s) => a.push(s.status))
    await flush()
    const s2 = keepAlive.subscribe((s) => b.push(s.status))
    expect(b).toEqual(['alive'])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(client.getAgentKeepAlive).toHaveBeenCalledTimes(2)
    expect(a).toEqual(['alive', 'alive'])
    s1.unsubscribe()
    s2.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('catches up at once when the page becomes visible or the network returns', async () => {
    const page = fakePage()
    const { client } = fakeServer()
    const sub = agentKeepAlive(client).subscribe()
    await flush()
    await vi.advanceTimersByTimeAsync(2_000)
    page.hide()
    page.show()
    await flush()
    // Too soon after a success: no extra call.
    expect(client.getAgentKeepAlive).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(20_000)
    page.online()
    await flush()
    expect(client.getAgentKeepAlive).toHaveBeenCalledTimes(2)
    // And the schedule counts from the catch-up.
    await vi.advanceTimersByTimeAsync(59_999)
    expect(client.getAgentKeepAlive).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(client.getAgentKeepAlive).toHaveBeenCalledTimes(3)
    sub.unsubscribe()
    expect(page.listeners).toBe(0)
  })

  it('unsubscribing aborts the request in flight and leaves no timers or listeners', async () => {
    const page = fakePage()
    const { client } = fakeServer()
    let signal: AbortSignal | undefined
    client.getAgentKeepAlive.mockImplementation((options?: { signal?: AbortSignal }) => {
      signal = options?.signal
      return new Promise<void>(() => {})
    })
    const sub = agentKeepAlive(client).subscribe()
    expect(page.listeners).toBeGreaterThan(0)
    sub.unsubscribe()
    expect(signal?.aborted).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
    expect(page.listeners).toBe(0)
  })

  it('a refused key (401, 403, 410) stops it in the failed status naming the cause: no further requests', async () => {
    for (const status of [401, 403, 410]) {
      const server = fakeServer()
      server.client.getAgentKeepAlive.mockRejectedValue(http(status))
      const page = fakePage()
      const statuses: AgentKeepAliveStatus[] = []
      const sub = agentKeepAlive(server.client).subscribe((s) => statuses.push(s))
      await vi.advanceTimersByTimeAsync(300_000)
      page.show()
      page.online()
      await vi.advanceTimersByTimeAsync(60_000)
      expect(server.client.getAgentKeepAlive).toHaveBeenCalledTimes(1)
      expect(statuses).toHaveLength(1)
      expect(statuses[0]).toMatchObject({ status: 'failed', consecutiveFailures: 1 })
      expect((statuses[0]!.error as Error).message).toBe(`HTTP ${status}: status ${status}`)
      expect(vi.getTimerCount()).toBe(0)
      sub.unsubscribe()
      vi.unstubAllGlobals()
    }
  })
})
