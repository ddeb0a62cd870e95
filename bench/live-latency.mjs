// Loopback latency from a customer's message leaving the emulator (emulator.customers.say, real HTTP + ws on
// 127.0.0.1) to its emission by rxjs conversationMessages: over the socket, and in polling fallback (no socket).
// Bounded: a fixed number of samples, each waiting at most SAMPLE_TIMEOUT_MS; everything closes at the end.
import { performance } from 'node:perf_hooks'
import { createConversationClient } from '@uc-conversation/core'
import { createEmulator, EMULATOR_SIMPLE_KEY } from '@uc-conversation/emulator'
import { connectAgentSocket, conversationMessages } from '@uc-conversation/rxjs'
import WebSocket from 'ws'

/**
 * Polling fallback's interval here: short enough that a sample takes a fraction of a second, long enough that
 * the request (a few ms on loopback) is small beside it. Real consoles poll every 15 s (DEFAULT_POLL.pollIntervalMs);
 * the latency then scales with the interval: about interval/2 at p50.
 */
export const POLL_INTERVAL_MS = 100
const SAMPLE_TIMEOUT_MS = 5_000

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
/** A timeout that does not keep the process alive after the bench is done. */
const timeout = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref())
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}

async function measure(mode, samples) {
  // Without rate limiting: a 100 ms poll is 36,000 requests/hour, far beyond UltraCart's 1,000 (on purpose here).
  const emulator = createEmulator({ rateLimit: false })
  const server = await emulator.listen({ port: 0 })
  const client = createConversationClient({ baseUrl: server.url, simpleKey: EMULATOR_SIMPLE_KEY })
  const socket = mode === 'socket' ? connectAgentSocket(client, { WebSocketCtor: WebSocket }) : undefined
  const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'latency?' })
  await client.joinConversation(conversationUuid)

  const waiting = new Map() // body → { start, resolve }
  let ready
  const readyP = new Promise((resolve) => {
    ready = resolve
  })
  const sub = conversationMessages(client, conversationUuid, {
    socket,
    pollIntervalMs: POLL_INTERVAL_MS,
  }).subscribe({
    next: (state) => {
      const at = performance.now()
      if (state.freshness === (mode === 'socket' ? 'live' : 'polling')) ready()
      for (const m of state.added) waiting.get(m.body)?.resolve(at)
    },
    error: (error) => console.error(`${mode}: stream failed: ${error.message}`),
  })
  const ms = []
  let lost = 0
  try {
    await Promise.race([readyP, timeout(SAMPLE_TIMEOUT_MS)])
    for (let i = 0; i < samples; i++) {
      // A random phase against the poll timer (and idle time between socket samples).
      await sleep(Math.random() * (mode === 'socket' ? 10 : POLL_INTERVAL_MS))
      const body = `${mode} sample ${i}`
      const arrived = new Promise((resolve) => waiting.set(body, { resolve }))
      const start = performance.now()
      emulator.customers.say(conversationUuid, body)
      const at = await Promise.race([arrived, timeout(SAMPLE_TIMEOUT_MS).then(() => undefined)])
      waiting.delete(body)
      if (at === undefined) lost++
      else ms.push(at - start)
    }
  } finally {
    sub.unsubscribe()
    await sleep(50)
    await server.close()
    await emulator.close()
  }
  return {
    mode: mode === 'socket' ? 'socket (ws)' : `polling every ${POLL_INTERVAL_MS} ms`,
    samples: ms.length,
    lost,
    'p50 ms': percentile(ms, 50).toFixed(2),
    'p99 ms': percentile(ms, 99).toFixed(2),
    'max ms': Math.max(...ms).toFixed(2),
  }
}

export async function liveLatency({ socketSamples = 400, pollSamples = 100 } = {}) {
  return [await measure('socket', socketSamples), await measure('polling', pollSamples)]
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await liveLatency())
