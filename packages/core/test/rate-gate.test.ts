import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConversationClient, hourlyBudget, type TransportRequest } from '../src'
import { json } from './helpers'

/** A transport whose answers the test releases by hand. */
function manualTransport() {
  const pending: Array<{ request: TransportRequest; resolve: (r: Response) => void }> = []
  return {
    pending,
    transport: (request: TransportRequest) =>
      new Promise<Response>((resolve) => pending.push({ request, resolve })),
    answer: (i = 0) => pending.splice(i, 1)[0]!.resolve(json({ success: true })),
  }
}

const flush = () => vi.advanceTimersByTimeAsync(0)

describe('UltraCart rate rules', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends one request at a time by default, in FIFO order', async () => {
    const m = manualTransport()
    const client = createConversationClient({ transport: m.transport })
    const order: string[] = []
    const calls = ['a', 'b', 'c'].map((id) => client.getConversation(id).then(() => order.push(id)))
    await flush()
    expect(m.pending.map((p) => p.request.url.split('/').pop())).toEqual(['a'])
    expect(client.stats).toMatchObject({ inFlight: 1, queued: 2, sent: 1 })
    m.answer()
    await flush()
    expect(m.pending.map((p) => p.request.url.split('/').pop())).toEqual(['b'])
    m.answer()
    await flush()
    m.answer()
    await Promise.all(calls)
    expect(order).toEqual(['a', 'b', 'c'])
    expect(client.stats).toMatchObject({ inFlight: 0, queued: 0, sent: 3, budgetLeft: Infinity })
  })

  it('allows a configured concurrency', async () => {
    const m = manualTransport()
    const client = createConversationClient({ transport: m.transport, concurrency: 2 })
    for (const id of ['a', 'b', 'c']) client.getConversation(id)
    await flush()
    expect(m.pending).toHaveLength(2)
    m.answer()
    await flush()
    expect(m.pending).toHaveLength(2)
  })

  it('an aborted queued request leaves the queue without being sent', async () => {
    const m = manualTransport()
    const client = createConversationClient({ transport: m.transport })
    client.getConversation('a')
    const controller = new AbortController()
    const b = client.getConversation('b', { signal: controller.signal }).catch((e) => e)
    client.getConversation('c')
    await flush()
    controller.abort('gone')
    expect(await b).toBe('gone')
    m.answer()
    await flush()
    expect(m.pending.map((p) => p.request.url.split('/').pop())).toEqual(['c'])
    expect(client.stats.queued).toBe(0)
  })

  it('an hourly budget (leaky bucket) makes requests over it wait until it drains', async () => {
    vi.setSystemTime(0)
    const m = manualTransport()
    const client = createConversationClient({
      transport: m.transport,
      budget: hourlyBudget(3),
      concurrency: 10,
    })
    expect(client.stats.budgetLeft).toBe(3)
    for (const id of ['a', 'b', 'c', 'd']) client.getConversation(id)
    await flush()
    expect(m.pending).toHaveLength(3)
    expect(client.stats).toMatchObject({ budgetLeft: 0, queued: 1 })
    // One request drains every 20 minutes at 3/hour.
    await vi.advanceTimersByTimeAsync(20 * 60_000 - 1)
    expect(m.pending).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(1)
    expect(m.pending).toHaveLength(4)
    expect(client.stats.queued).toBe(0)
  })

  it('a budget shared by two clients meters both; abort frees the wait and its timer', async () => {
    vi.setSystemTime(0)
    const budget = hourlyBudget(1)
    const m = manualTransport()
    const one = createConversationClient({ transport: m.transport, budget })
    const two = createConversationClient({ transport: m.transport, budget })
    one.getConversation('a')
    const controller = new AbortController()
    const waiting = two.getConversation('b', { signal: controller.signal }).catch((e) => e)
    await flush()
    expect(m.pending).toHaveLength(1)
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    controller.abort('enough')
    expect(await waiting).toBe('enough')
    m.answer()
    await flush()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a wall clock stepped back charges the budget nothing; time that passes still refills it', () => {
    let now = 10 * 3.6e6
    const budget = hourlyBudget(1000, () => now)
    for (let i = 0; i < 10; i++) budget.take()
    expect(budget.left()).toBe(990)
    now -= 3.6e6 // NTP or the user sets the clock back an hour
    expect(budget.left()).toBe(990)
    expect(budget.wait()).toBe(0)
    now += 3.6e3 // 3.6 s later: one request's worth drained
    expect(budget.left()).toBe(991)
  })

  it('rejects a nonsensical budget', () => {
    expect(() => hourlyBudget(0)).toThrow(/Invalid perHour/)
  })
})
