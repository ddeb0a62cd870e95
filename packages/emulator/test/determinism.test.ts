import { createConversationClient } from '@uc-conversation/core'
import { describe, expect, it } from 'vitest'
import { createEmulator, EMULATOR_SIMPLE_KEY, type EmulatorOptions, IN_PROCESS_BASE_URL } from '../src'

/** Runs a scripted session: customers arrive on steps, the agent takes chats and talks, time passes. */
async function run(options: EmulatorOptions) {
  // A fixed idSalt: uuids are reproducible only when asked (by default each emulator salts its own).
  const emulator = createEmulator({ clock: 'manual', demoData: true, idSalt: 'fixed', ...options })
  const client = createConversationClient({
    baseUrl: IN_PROCESS_BASE_URL,
    fetch: emulator.fetch,
    simpleKey: EMULATOR_SIMPLE_KEY,
    retry: false,
  })
  for (let i = 0; i < 40; i++) {
    const result = emulator.customers.step()
    for (const uuid of result.arrived)
      if (i % 3 === 0) {
        await client.joinConversation(uuid)
        emulator.customers.say(uuid, 'Are you there?')
      }
    emulator.clock.advance(20_000)
  }
  const snapshot = emulator.snapshot()
  await emulator.close()
  return snapshot
}

describe('determinism', () => {
  it('the same seed gives the same history', async () => {
    const a = await run({ seed: 'demo' })
    const b = await run({ seed: 'demo' })
    expect(a.conversations.length).toBeGreaterThan(5)
    expect(a.conversations.some((c) => c.closed && c.queueName)).toBe(true)
    expect(a.queues.some((q) => q.abandonCount > 0)).toBe(true)
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
  })

  it('another seed gives another history', async () => {
    const a = await run({ seed: 'demo' })
    const c = await run({ seed: 'other' })
    expect(JSON.stringify(c.conversations)).not.toBe(JSON.stringify(a.conversations))
  })

  it('the demo data set has queues, history and an sms conversation', () => {
    const emulator = createEmulator({ clock: 'manual', seed: 'demo', demoData: true })
    const list = emulator.state.conversations()
    expect(list.some((c) => c.medium === 'sms')).toBe(true)
    expect(list.filter((c) => c.closed).length).toBeGreaterThanOrEqual(2)
    expect(emulator.state.queues().map((q) => q.queue_name)).toEqual(['support', 'sales'])
    expect(emulator.state.queues().reduce((n, q) => n + (q.customer_waiting_count ?? 0), 0)).toBe(2)
    // Newest first.
    const times = list.map((c) => Date.parse(c.last_message_dts ?? c.start_dts!))
    expect([...times].sort((x, y) => y - x)).toEqual(times)
    void emulator.close()
  })
})

describe('snapshot and restore', () => {
  it('restore puts data and random streams back, so the future replays identically', async () => {
    const emulator = createEmulator({ clock: 'manual', seed: 7 })
    emulator.customers.arrive({ queue: 'support' })
    const snap = emulator.snapshot()
    const first = [emulator.customers.step(), emulator.customers.step(), emulator.customers.arrive()]
    const after = emulator.snapshot()
    emulator.restore(snap)
    expect(emulator.state.conversations()).toHaveLength(1)
    const second = [emulator.customers.step(), emulator.customers.step(), emulator.customers.arrive()]
    expect(second).toEqual(first)
    expect(emulator.snapshot().conversations).toEqual(after.conversations)
    // Snapshots are copies, JSON-safe.
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap)
    await emulator.close()
  })

  it('restore refuses foreign data', () => {
    const emulator = createEmulator({ clock: 'manual' })
    expect(() => emulator.restore({ version: 2 } as never)).toThrow('unsupported snapshot')
    void emulator.close()
  })
})

describe('simulated customers', () => {
  it('arrive on steps up to maxWaiting, abandon after their patience', async () => {
    const emulator = createEmulator({
      clock: 'manual',
      customers: { arrivalChance: 1, maxWaiting: 2, patienceMs: [60_000, 60_000] },
    })
    expect(emulator.customers.step().arrived).toHaveLength(1)
    expect(emulator.customers.step().arrived).toHaveLength(1)
    expect(emulator.customers.step().arrived).toHaveLength(0)
    expect(emulator.customers.list().map((c) => c.phase)).toEqual(['waiting', 'waiting'])
    emulator.clock.advance(60_000)
    const result = emulator.customers.step()
    expect(result.abandoned).toHaveLength(2)
    const queues = emulator.state.queues()
    expect(queues.reduce((n, q) => n + (q.customer_abandon_count ?? 0), 0)).toBe(2)
    expect(queues.find((q) => q.customer_abandon_count)?.customer_average_abandon_time_seconds).toBe(60)
    await emulator.close()
  })

  it('start(interval) steps on the clock until stop()', async () => {
    const emulator = createEmulator({ clock: 'manual', customers: { arrivalChance: 1, maxWaiting: 10 } })
    emulator.customers.start(10_000)
    expect(emulator.customers.running).toBe(true)
    emulator.clock.advance(35_000)
    expect(emulator.state.conversations()).toHaveLength(3)
    emulator.customers.stop()
    emulator.clock.advance(35_000)
    expect(emulator.state.conversations()).toHaveLength(3)
    expect(emulator.customers.running).toBe(false)
    await emulator.close()
  })

  it('a chatting customer left alone by every agent leaves after idleLeaveMs', async () => {
    const emulator = createEmulator({ clock: 'manual', customers: { arrivalChance: 0, idleLeaveMs: 30_000 } })
    const client = createConversationClient({
      baseUrl: IN_PROCESS_BASE_URL,
      fetch: emulator.fetch,
      simpleKey: EMULATOR_SIMPLE_KEY,
    })
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'sales' })
    await client.joinConversation(uuid)
    emulator.customers.step()
    expect(emulator.customers.list()[0]?.phase).toBe('chatting')
    await client.leaveConversation(uuid)
    emulator.clock.advance(30_000)
    expect(emulator.customers.step().left).toEqual([uuid])
    const sales = emulator.state.queues()[1]!
    expect(sales.customer_chat_count).toBe(0)
    expect(sales.customer_average_chat_time_seconds).toBe(30)
    await emulator.close()
  })
})

describe('bounded state', () => {
  it('evicts the oldest conversations (closed first) and messages beyond the caps', async () => {
    const emulator = createEmulator({
      clock: 'manual',
      limits: { conversations: 3, messagesPerConversation: 2 },
      customers: { autoReply: false },
    })
    const first = emulator.customers.arrive({ queue: 'support' }).conversationUuid
    const second = emulator.customers.arrive({ queue: 'support' }).conversationUuid
    emulator.customers.arrive({ queue: 'support' })
    emulator.customers.leave(second)
    emulator.customers.arrive({ queue: 'support' })
    const uuids = emulator.state.conversations().map((c) => c.conversation_uuid)
    expect(uuids).toHaveLength(3)
    expect(uuids).not.toContain(second)
    expect(uuids).toContain(first)
    const client = createConversationClient({
      baseUrl: IN_PROCESS_BASE_URL,
      fetch: emulator.fetch,
      simpleKey: EMULATOR_SIMPLE_KEY,
    })
    await client.joinConversation(first)
    for (const body of ['a', 'b', 'c']) emulator.customers.say(first, body)
    expect(emulator.state.messages(first).map((m) => m.body)).toEqual(['b', 'c'])
    expect(emulator.state.conversation(first)?.message_count).toBe(4)
    await emulator.close()
  })
})
