import type { ConversationMessage } from '@uc-conversation/core'
import { filter, lastValueFrom } from 'rxjs'
import { afterAll, describe, expect, it } from 'vitest'
import {
  type ConversationMessagesState,
  conversationList,
  conversationMessages,
  queueStatuses,
  sendMessage,
} from '../src'
import { capture, type Harness, startHarness, until } from './emulator'

/**
 * The chaos soak: sockets dropped every ~2 s, 10% of requests answered 5xx, 429 bursts and JWT expiries,
 * while customers send 2,000 messages over 20 conversations and the agent sends 100. Every stream must end with
 * every message exactly once and in order, and every send must reach `sent`. Driven fast (a message every
 * ~10 ms) so it runs in about half a minute.
 */
const CONVERSATIONS = 20
const CUSTOMER_MESSAGES = 2000
const AGENT_MESSAGES = 100
const SAY_EVERY_MS = 10

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let harness: Harness | undefined
afterAll(async () => {
  await harness?.close()
})

describe('chaos soak', () => {
  it('every message exactly once, in order; every send reaches sent', { timeout: 120_000 }, async () => {
    const started = Date.now()
    harness = await startHarness(
      // Generous budget: this soak is about faults, not about UltraCart's hourly limit.
      { seed: 'soak', jwtTtlMs: 7_000, rateLimit: { rules: [{ requests: 1_000_000, perSeconds: 3600 }] } },
      {},
      { retry: { retries: 4, baseDelayMs: 100, maxDelayMs: 1000 } },
    )
    const { emulator, client, socket } = harness
    const uuids: string[] = []
    for (let i = 0; i < CONVERSATIONS; i++) {
      const c = emulator.customers.arrive({ queue: i % 2 ? 'sales' : 'support', question: `c${i} question` })
      await client.joinConversation(c.conversationUuid)
      uuids.push(c.conversationUuid)
    }
    const retry = { baseDelayMs: 100, maxDelayMs: 2000 }
    const streams = uuids.map((uuid) =>
      capture(conversationMessages(client, uuid, { socket, retry, pollIntervalMs: 2000 })),
    )
    const queues = capture(queueStatuses(client, { socket, retry }))
    const list = capture(conversationList(client, { socket, retry }))
    await until(
      () => streams.every((s) => s.latest) && socket.state.status === 'open',
      'initial loads',
      10_000,
    )

    let opens = 0
    const opened = socket.state$.pipe(filter((s) => s.status === 'open')).subscribe(() => opens++)
    emulator.faults.set({ socketDropEveryMs: 2000, errorRate: 0.1, errorStatus: 503 })

    // Faults that come and go: 429 bursts (some together with forced JWT expiries, so that the reconnect's
    // catch-ups run into them) beside the 7 s JWT lifetime.
    let chaos = true
    const chaosLoop = (async () => {
      for (let tick = 0; chaos; tick++) {
        await sleep(500)
        if (tick % 5 === 2) {
          emulator.faults.set({ errorRate: 0.7, errorStatus: 429 })
          if (tick % 10 === 7) emulator.sockets.expireJwts()
          await sleep(700)
          emulator.faults.set({ errorRate: 0.1, errorStatus: 503 })
        }
      }
    })()

    const sends: Promise<ConversationMessage>[] = []
    for (let n = 0; n < CUSTOMER_MESSAGES; n++) {
      const i = n % CONVERSATIONS
      emulator.customers.say(uuids[i]!, `c${i} #${Math.floor(n / CONVERSATIONS)}`)
      if (n % (CUSTOMER_MESSAGES / AGENT_MESSAGES) === 7)
        sends.push(
          lastValueFrom(
            sendMessage(socket, uuids[i]!, { body: `agent to c${i} at ${n}` }, { timeoutMs: 60_000 }),
          ).then((s) => s.message),
        )
      await sleep(SAY_EVERY_MS)
    }
    const echoed = await Promise.all(sends)
    chaos = false
    await chaosLoop
    emulator.faults.clear()

    const serverIds = (uuid: string) => emulator.state.messages(uuid).map((m) => m.conversation_message_uuid)
    const complete = (s: { latest?: ConversationMessagesState }, uuid: string) =>
      s.latest?.list.size === serverIds(uuid).length &&
      s.latest.list.toArray().every((m) => m.conversation_message_uuid)
    await until(() => streams.every((s, i) => complete(s, uuids[i]!)), 'every stream complete', 20_000)

    let customerMessages = 0
    for (const [i, uuid] of uuids.entries()) {
      const stream = streams[i]!
      expect(stream.errors).toEqual([])
      const got = stream.latest!.list.toArray()
      const ids = got.map((m) => m.conversation_message_uuid)
      // Exactly once: the same messages as the server, no duplicates.
      expect(new Set(ids).size).toBe(ids.length)
      expect([...ids].sort()).toEqual([...serverIds(uuid)].sort())
      // In order: by epoch, and the customer's numbered lines in the order they were said.
      const epochs = got.map((m) => m.message_epoch!)
      expect(epochs).toEqual([...epochs].sort((a, b) => a - b))
      const numbered = got
        .map((m) => /^c\d+ #(\d+)$/.exec(m.body ?? '')?.[1])
        .filter((x) => x !== undefined)
        .map(Number)
      expect(numbered).toEqual(numbered.map((_, k) => k))
      customerMessages += numbered.length
      expect(stream.latest!.failed.size).toBe(0)
      // The server got each agent message once: resends after reconnects never duplicated one.
      const cids = emulator.state
        .messages(uuid)
        .map((m) => m.client_message_id)
        .filter((c) => c !== undefined)
      expect(new Set(cids).size).toBe(cids.length)
    }
    expect(customerMessages).toBe(CUSTOMER_MESSAGES)
    expect(echoed).toHaveLength(AGENT_MESSAGES)
    expect(echoed.every((m) => m.conversation_message_uuid)).toBe(true)
    expect(opens).toBeGreaterThanOrEqual(8)
    expect(client.stats.rateLimited).toBeGreaterThan(0)
    expect(queues.errors).toEqual([])
    expect(list.errors).toEqual([])

    opened.unsubscribe()
    for (const s of [...streams, queues, list]) s.unsubscribe()
    await until(() => emulator.sockets.count === 0, 'socket closed')
    const seconds = (Date.now() - started) / 1000
    console.log(
      `chaos soak: ${CUSTOMER_MESSAGES} customer + ${AGENT_MESSAGES} agent messages over ${CONVERSATIONS} conversations, ` +
        `${opens} socket opens, ${client.stats.sent} requests (${client.stats.retried} retried, ${client.stats.rateLimited} × 429) in ${seconds.toFixed(1)} s`,
    )
  })
})
