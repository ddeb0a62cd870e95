import { ConversationHttpError, ConversationNetworkError } from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import { createEmulator, EMULATOR_SIMPLE_KEY } from '../src'
import { openAgentSocket, setup, type TestSocket } from './helpers'

const keepalive = (emulator: ReturnType<typeof createEmulator>) =>
  emulator.fetch('http://emulator.local/rest/v2/conversation/agent/keepalive', {
    headers: { 'x-ultracart-simple-key': EMULATOR_SIMPLE_KEY },
  })

describe('HTTP faults', () => {
  it('latency runs on the emulator clock', async () => {
    const emulator = createEmulator({ clock: 'manual', faults: { latencyMs: 5000 } })
    let done = false
    const pending = keepalive(emulator).then((r) => {
      done = true
      return r
    })
    await new Promise((r) => setTimeout(r, 20))
    expect(done).toBe(false)
    emulator.clock.advance(4999)
    await new Promise((r) => setTimeout(r, 20))
    expect(done).toBe(false)
    emulator.clock.advance(1)
    expect((await pending).status).toBe(204)
    await emulator.close()
  })

  it('random latency stays within [min, max]', async () => {
    const emulator = createEmulator({ clock: 'manual', faults: { latencyMs: [100, 200] } })
    const pending = keepalive(emulator)
    await new Promise((r) => setTimeout(r, 10))
    emulator.clock.advance(200)
    expect((await pending).status).toBe(204)
    await emulator.close()
  })

  it('error rates are per route and deterministic under the seed', async () => {
    const statuses = async (seed: number) => {
      const emulator = createEmulator({
        clock: 'manual',
        seed,
        rateLimit: false,
        faults: { errorRate: { '*': 0.5 }, errorStatus: 503 },
      })
      const out: number[] = []
      for (let i = 0; i < 30; i++) out.push((await keepalive(emulator)).status)
      await emulator.close()
      return out
    }
    const a = await statuses(1)
    expect(a).toEqual(await statuses(1))
    expect(new Set(a)).toEqual(new Set([204, 503]))
    expect(await statuses(2)).not.toEqual(a)
  })

  it('close() while a latency fault holds a request answers it with a 500 envelope', async () => {
    const emulator = createEmulator({ clock: 'manual', faults: { latencyMs: 1000 } })
    const pending = keepalive(emulator)
    await new Promise((r) => setTimeout(r, 10))
    await emulator.close()
    const res = await pending
    expect(res.status).toBe(500)
  })

  it('resets over HTTP destroy the connection; the client sees a network error', async () => {
    const { client, emulator, close } = await setup('http')
    emulator.faults.set({ resetRate: { getConversations: 1 } })
    await expect(client.getConversations()).rejects.toBeInstanceOf(ConversationNetworkError)
    await expect(client.getAgentKeepAlive()).resolves.toBeUndefined()
    emulator.faults.set({ resetRate: 0, errorRate: 1 })
    await expect(client.getAgentKeepAlive()).rejects.toBeInstanceOf(ConversationHttpError)
    await close()
  })
})

describe('socket faults', () => {
  let cleanup: (() => Promise<void>) | undefined
  const sockets: TestSocket[] = []
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close()
    await cleanup?.()
  })
  const start = async () => {
    const env = await setup('http')
    cleanup = env.close
    const open = async () => {
      const s = await openAgentSocket(env.client)
      sockets.push(s)
      return s
    }
    return { ...env, open }
  }

  it('drops a socket every N frames (no close frame: 1006)', async () => {
    const { emulator, open } = await start()
    emulator.faults.set({ socketDropEveryFrames: 3 })
    const s = await open()
    for (let i = 0; i < 5; i++) s.send({ type: 'ping' })
    expect((await s.closed).code).toBe(1006)
    expect(s.frames).toHaveLength(3)
  })

  it('drops a socket every T ms on the clock', async () => {
    const { emulator, open } = await start()
    const s = await open()
    emulator.faults.set({ socketDropEveryMs: 10_000 })
    emulator.clock.advance(9_999)
    await s.sync()
    emulator.clock.advance(1)
    expect((await s.closed).code).toBe(1006)
  })

  it('delays delivery on the clock, keeping order', async () => {
    const { emulator, open } = await start()
    const s = await open()
    emulator.faults.set({ socketDelayMs: 500 })
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support' })
    s.send({ type: 'ping' })
    await new Promise((r) => setTimeout(r, 30))
    expect(s.frames).toHaveLength(0)
    emulator.clock.advance(500)
    await s.waitFor((f) => f.type === 'ping')
    expect(s.frames.map((f) => (f.type === 'event' ? f.event_type : f.type))).toEqual([
      'new conversation',
      'queue new member',
      'queue status update',
      'ping',
    ])
    expect(s.frames[0]).toMatchObject({ conversation_uuid: conversationUuid })
  })

  it('a silent socket stays open, sends nothing and ignores pings', async () => {
    const { emulator, open } = await start()
    const s = await open()
    emulator.faults.set({ silentSockets: true })
    s.send({ type: 'ping' })
    emulator.customers.arrive({ queue: 'support' })
    await new Promise((r) => setTimeout(r, 50))
    expect(s.frames).toHaveLength(0)
    expect(s.raw.readyState).toBe(s.raw.OPEN)
    expect(emulator.sockets.list()[0]?.silent).toBe(true)
    // Clearing the fault does not revive a dead socket; a new one works.
    emulator.faults.clear()
    const fresh = await open()
    await fresh.sync()
  })

  it('dropAll() ends every socket with 1006; closeAll() with a close frame', async () => {
    const { emulator, open } = await start()
    const [a, b] = [await open(), await open()]
    expect(emulator.sockets.count).toBe(2)
    emulator.sockets.dropAll()
    expect((await a.closed).code).toBe(1006)
    expect((await b.closed).code).toBe(1006)
    const c = await open()
    emulator.sockets.closeAll(4100, 'bye')
    expect(await c.closed).toEqual({ code: 4100, reason: 'bye' })
    expect(emulator.sockets.count).toBe(0)
  })
})
