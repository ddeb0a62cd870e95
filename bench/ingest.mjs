// Cost per message of a live conversationMessages stream at 10,000 and at 100,000 messages: every frame is
// decoded, merged (core's persistent list) and emitted. No O(n) work per message means the cost at 100k stays
// within 1.5× the cost at 10k. Exits 1 otherwise. Run after building core and rxjs.
import { createMessageList } from '@uc-conversation/core'
import { connectAgentSocket, conversationMessages } from '@uc-conversation/rxjs'

const LIMIT = 1.5
const CONVERSATION = 'bench-conversation'

/** A WebSocket that opens at once and lets the bench push frames synchronously. */
class FakeWebSocket {
  static last
  readyState = 0
  onopen = null
  onmessage = null
  onclose = null
  onerror = null
  constructor() {
    FakeWebSocket.last = this
    queueMicrotask(() => {
      this.readyState = 1
      this.onopen?.({})
    })
  }
  send() {}
  close() {
    this.readyState = 3
  }
}

const client = {
  getAgentWebsocketAuthorization: async () => ({
    agent_auth: {
      jwt: 'bench',
      websocket_url: 'ws://bench.invalid/ws',
      conversation_participant_arn: 'arn:agent',
    },
  }),
  getConversationMessages: async () => ({ success: true, conversation_messages: [] }),
  stats: { budgetLeft: Number.POSITIVE_INFINITY },
}

const frames = (n) => {
  const out = new Array(n)
  const t0 = 1_700_000_000_000
  for (let i = 0; i < n; i++)
    out[i] = JSON.stringify({
      type: 'message',
      conversation_uuid: CONVERSATION,
      message: {
        conversation_message_uuid: `m-${i.toString(36)}`,
        author_conversation_participant_arn: 'arn:customer',
        author_conversation_participant_name: 'Customer',
        body: `message number ${i}`,
        message_epoch: t0 + i * 7,
        message_dts: new Date(t0 + i * 7).toISOString(),
        type: 'message',
      },
    })
  return out
}

const until = async (predicate) => {
  while (!predicate()) await new Promise((r) => setImmediate(r))
}

/** Pushes `input` through a fresh stream; returns nanoseconds per message. */
async function run(input) {
  const socket = connectAgentSocket(client, { WebSocketCtor: FakeWebSocket, lingerMs: 0 })
  let last
  let emissions = 0
  const sub = conversationMessages(client, CONVERSATION, { socket }).subscribe((state) => {
    last = state
    // Freshness changes (behind → live around the first catch-up) are not ingestion.
    if (state.source !== 'status') emissions++
  })
  await until(() => last && socket.state.status === 'open')
  const ws = FakeWebSocket.last
  const event = { data: '' }
  const start = process.hrtime.bigint()
  for (let i = 0; i < input.length; i++) {
    event.data = input[i]
    ws.onmessage(event)
  }
  const ns = Number(process.hrtime.bigint() - start)
  if (last.list.size !== input.length || emissions !== input.length + 1)
    throw new Error(`expected ${input.length} messages, got ${last.list.size} in ${emissions} emissions`)
  sub.unsubscribe()
  return ns / input.length
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]

export const INGEST_LIMIT = LIMIT

/** Median µs per message at 10k and 100k, and their ratio (limit {@link LIMIT}). */
export async function ingest({ rounds = 3 } = {}) {
  const small = frames(10_000)
  const large = frames(100_000)
  // Warm the JIT (and check the list type loads) before measuring.
  createMessageList([])
  await run(small)
  await run(small)
  const at10k = []
  const at100k = []
  // Interleaved, so machine noise hits both sizes alike.
  for (let r = 0; r < rounds; r++) {
    at10k.push(await run(small))
    at100k.push(await run(large))
  }
  const a = median(at10k)
  const b = median(at100k)
  return { rounds, at10kUs: a / 1000, at100kUs: b / 1000, ratio: b / a, ok: b / a <= LIMIT }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await ingest()
  console.log(`conversationMessages ingest (decode + merge + emit per frame), median of ${r.rounds}:`)
  console.log(`  10,000 messages:  ${r.at10kUs.toFixed(2)} µs/message`)
  console.log(`  100,000 messages: ${r.at100kUs.toFixed(2)} µs/message`)
  console.log(`  ratio 100k/10k:   ${r.ratio.toFixed(2)} (limit ${LIMIT})`)
  if (!r.ok) {
    console.error(`FAIL: the cost per message grows with the list (${r.ratio.toFixed(2)} > ${LIMIT})`)
    process.exit(1)
  }
}
