// Requests per hour of the demo's agent console: one open conversation, the queue panel, the conversation list
// and the keepalive (rxjs agentKeepAlive, queueStatuses, conversationList, conversationMessages with default
// options, on a client with a 1,000/hour budget like the demo's). Counted at the emulator (its request log: what
// UltraCart would see) over one simulated hour of virtual time (see virtual-time.mjs): the emulator's manual
// clock and an RxJS scheduler advance together, customers arrive every 15 s as in the demo, and the open
// conversation's customer writes every 2 minutes. Exits 1 if the socket or the polling case reaches 1,000/hour.
import { createConversationClient, hourlyBudget } from '@uc-conversation/core'
import { createEmulator, EMULATOR_SIMPLE_KEY, IN_PROCESS_BASE_URL } from '@uc-conversation/emulator'
import {
  agentKeepAlive,
  connectAgentSocket,
  conversationList,
  conversationMessages,
  queueStatuses,
} from '@uc-conversation/rxjs'
import { createVirtualTime } from './virtual-time.mjs'

export const LIMIT_PER_HOUR = 1000
const HOUR = 3_600_000

/** A websocket the server never accepts (network or proxy refusing upgrades): closes abnormally at once. */
class RefusedWebSocket {
  readyState = 0
  onopen = null
  onmessage = null
  onclose = null
  onerror = null
  constructor() {
    queueMicrotask(() => {
      this.readyState = 3
      this.onerror?.({ type: 'error' })
      this.onclose?.({ code: 1006, reason: '', wasClean: false })
    })
  }
  send() {}
  close() {}
}

/** @param mode 'socket' | 'polling' (no socket: the streams poll) | 'socket-refused' (socket configured, never opens) */
export async function consoleHour(mode) {
  const counts = new Map()
  let counting = false
  const emulator = createEmulator({
    clock: 'manual',
    demoData: true,
    log: (line) => {
      // "METHOD /rest/v2/path STATUS Nms": count per operation (ids folded) and status.
      const [method, path, status] = line.split(' ')
      if (!counting || !status) return
      const op = `${method} ${path
        .replace(/^\/rest\/v2/, '')
        .replace(/[0-9a-f-]{36}/g, ':uuid')
        .replace(/\/\d+$/, '/:n')} ${status}`
      counts.set(op, (counts.get(op) ?? 0) + 1)
    },
  })
  const vt = createVirtualTime(emulator)
  const { scheduler } = vt
  const client = createConversationClient({
    baseUrl: IN_PROCESS_BASE_URL,
    fetch: vt.trackFetch(emulator.fetch),
    simpleKey: EMULATOR_SIMPLE_KEY,
    // core's own leaky bucket, reading the virtual clock.
    budget: hourlyBudget(1000, () => scheduler.now()),
  })
  // The open conversation: a customer the agent has joined (setup, not counted).
  const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'Where is my order?' })
  await client.joinConversation(conversationUuid)
  await vt.settle()
  emulator.customers.start(15_000)
  counting = true

  const socket =
    mode === 'polling'
      ? undefined
      : connectAgentSocket(client, {
          WebSocketCtor: mode === 'socket' ? emulator.WebSocket : RefusedWebSocket,
          scheduler,
        })
  const errors = []
  const onError = (error) => errors.push(error)
  // Proof the run is what it claims: the open conversation's messages arrive (pushed, or polled).
  let last
  const sources = new Set()
  const onMessages = (state) => {
    last = state
    sources.add(state.source)
  }
  const subscriptions = [
    agentKeepAlive(client, { scheduler }).subscribe({ error: onError }),
    queueStatuses(client, { socket, scheduler }).subscribe({ error: onError }),
    conversationList(client, { socket, scheduler }).subscribe({ error: onError }),
    conversationMessages(client, conversationUuid, { socket, scheduler }).subscribe({
      next: onMessages,
      error: onError,
    }),
  ]
  let said = 0
  await vt.run(HOUR, [120_000, () => emulator.customers.say(conversationUuid, `still there? (${++said})`)])
  counting = false
  await vt.run(20_000) // the last message's poll
  const got = last?.list.size ?? 0
  for (const s of subscriptions) s.unsubscribe()
  await vt.run(5_000)
  await emulator.close()
  if (errors.length) throw new Error(`${mode}: a stream failed: ${errors[0]?.message}`)
  if (got !== said + 1) throw new Error(`${mode}: ${got} messages arrived, expected ${said + 1}`)
  if ((mode === 'socket') !== sources.has('socket')) throw new Error(`${mode}: socket frames ${[...sources]}`)
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  const limited = [...counts].filter(([k]) => k.endsWith(' 429')).reduce((a, [, n]) => a + n, 0)
  return { mode, total, limited, counts: Object.fromEntries([...counts].sort((a, b) => b[1] - a[1])) }
}

/**
 * Requests per reconnect after a burst: one open conversation receives a burst of `burst` customer messages, 10 ms
 * apart, all delivered live; the conversation then stays quiet, and the socket is dropped `reconnects` times.
 * Counts the `getConversationMessages` requests each reconnect's catch-up makes (issue 11 point 9: at most 2 for a
 * conversation that was quiet while the socket was down).
 */
export async function reconnectAfterBurst({ burst = 1000, reconnects = 5 } = {}) {
  let requests = 0
  let counting = false
  const emulator = createEmulator({
    clock: 'manual',
    customers: { autoReply: false },
    log: (line) => {
      if (counting && / \/rest\/v2\/conversation\/conversations\/[^/]+\/messages\//.test(line)) requests++
    },
  })
  const vt = createVirtualTime(emulator)
  const { scheduler } = vt
  const client = createConversationClient({
    baseUrl: IN_PROCESS_BASE_URL,
    fetch: vt.trackFetch(emulator.fetch),
    simpleKey: EMULATOR_SIMPLE_KEY,
  })
  const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'burst' })
  await client.joinConversation(conversationUuid)
  const socket = connectAgentSocket(client, { WebSocketCtor: emulator.WebSocket, scheduler })
  let last
  const errors = []
  const subscription = conversationMessages(client, conversationUuid, { socket, scheduler }).subscribe({
    next: (state) => {
      last = state
    },
    error: (e) => errors.push(e),
  })
  await vt.run(2_000)
  let said = 0
  await vt.run(burst * 10, [
    10,
    () => said < burst && emulator.customers.say(conversationUuid, `burst ${++said}`),
  ])
  await vt.run(5_000)
  counting = true
  for (let i = 0; i < reconnects; i++) {
    emulator.sockets.dropAll()
    await vt.run(10_000)
  }
  counting = false
  const got = last?.list.size ?? 0
  subscription.unsubscribe()
  socket.close?.()
  await vt.run(5_000)
  await emulator.close()
  if (errors.length) throw new Error(`reconnect after burst: the stream failed: ${errors[0]?.message}`)
  if (got < burst) throw new Error(`reconnect after burst: ${got} messages, expected ${burst}+`)
  return { burst, reconnects, requests, perReconnect: requests / reconnects }
}

export async function requestEconomy() {
  const rows = []
  for (const mode of ['socket', 'polling', 'socket-refused']) rows.push(await consoleHour(mode))
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await requestEconomy()
  for (const r of rows) {
    console.log(`${r.mode}: ${r.total} requests in one virtual hour (${r.limited} answered 429)`)
    for (const [op, n] of Object.entries(r.counts)) console.log(`  ${String(n).padStart(5)}  ${op}`)
  }
  const r = await reconnectAfterBurst()
  console.log(
    `requests per reconnect after a burst: ${r.perReconnect} (${r.requests} getConversationMessages for ${r.reconnects} reconnects after ${r.burst} messages)`,
  )
  const failed = rows.filter((r) => r.total >= LIMIT_PER_HOUR)
  if (failed.length) console.error(`FAIL: ${failed.map((r) => r.mode).join(', ')} ≥ ${LIMIT_PER_HOUR}/hour`)
  process.exitCode = failed.length ? 1 : 0
}
