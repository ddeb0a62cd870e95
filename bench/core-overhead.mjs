// Per-call CPU overhead of @uc-conversation/core against calling the same transport and parsing the body
// directly, and against openapi-fetch given the same in-memory fetch, on a realistic 49 KB ConversationResponse
// and a 200-byte body. A second pair compares like with like where a timeout is armed: core given a fetch
// (which always reads the signal, so core arms its per-attempt timeout) against a bare call that makes its own
// AbortController and timer. Every variant runs in each round, in a rotating order (no variant always goes first
// after GC or JIT work of another); we report medians of the rounds and ratios, never absolute times alone.
import { createConversationClient } from '@uc-conversation/core'
import createClient from 'openapi-fetch'
import { conversationResponse, median, SMALL_BODY } from './fixtures.mjs'

/** core/bare must stay within these (the client's work should vanish beside the parse of a real body). */
const TARGETS = { '49 KB': 1.03, '200 B': 1.1 }
const BASE = 'https://x.test/rest/v2'

/** One in-memory answer: both clients get the same fetch, so only client work differs. */
const fetchFor = (body) => async () =>
  new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })

/**
 * The same answer from a fetch that honours `init.signal`, as a real one does. Core arms its per-attempt
 * timeout only when the transport reads the signal; its fetch transport always does.
 */
const signalFetchFor = (body) => {
  const answer = fetchFor(body)
  return async (_url, init) => {
    init.signal.throwIfAborted()
    return answer()
  }
}

async function time(fn, calls) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < calls; i++) await fn()
  return Number(process.hrtime.bigint() - start) / calls
}

export async function coreOverhead({ rounds = 41, quick = false } = {}) {
  const rows = []
  for (const [name, body, calls] of [
    ['49 KB', conversationResponse(49 * 1024), quick ? 50 : 300],
    ['200 B', SMALL_BODY, quick ? 500 : 4000],
  ]) {
    const fetch = fetchFor(body)
    const signalFetch = signalFetchFor(body)
    const big = name === '49 KB'
    const path = big ? '/conversation/conversations/c' : '/conversation/upload_url/jpg'
    const headers = { 'x-ultracart-simple-key': 'bench', 'X-UltraCart-Api-Version': '2017-03-01' }
    const core = createConversationClient({ simpleKey: 'bench', baseUrl: BASE, transport: fetch })
    const coreFetch = createConversationClient({ simpleKey: 'bench', baseUrl: BASE, fetch: signalFetch })
    const oaf = createClient({ baseUrl: BASE, fetch, headers })
    const variants = {
      // The floor: the same fetch, then the parse every client must do.
      bare: async () => JSON.parse(await (await fetch(BASE + path, { method: 'GET', headers })).text()),
      'bare + timeout': async () => {
        const controller = new AbortController()
        const timer = setTimeout(() => controller.abort(), 30_000)
        try {
          const res = await signalFetch(BASE + path, { method: 'GET', headers, signal: controller.signal })
          return JSON.parse(await res.text())
        } finally {
          clearTimeout(timer)
        }
      },
      core: big ? () => core.getConversation('c') : () => core.getConversationMultimediaUploadUrl('jpg'),
      'core (fetch)': big
        ? () => coreFetch.getConversation('c')
        : () => coreFetch.getConversationMultimediaUploadUrl('jpg'),
      'openapi-fetch': big
        ? async () =>
            (
              await oaf.GET('/conversation/conversations/{conversation_uuid}', {
                params: { path: { conversation_uuid: 'c' } },
              })
            ).data
        : async () =>
            (
              await oaf.GET('/conversation/upload_url/{extension}', {
                params: { path: { extension: 'jpg' } },
              })
            ).data,
    }
    const names = Object.keys(variants)
    // Same answer from every variant, or the comparison means nothing.
    const answers = await Promise.all(names.map((n) => variants[n]()))
    for (const a of answers)
      if (JSON.stringify(a) !== JSON.stringify(answers[0])) throw new Error(`${name}: variants disagree`)
    for (const n of names) await time(variants[n], calls) // warm-up
    const ns = Object.fromEntries(names.map((n) => [n, []]))
    for (let r = 0; r < rounds; r++)
      for (let i = 0; i < names.length; i++) {
        const n = names[(r + i) % names.length]
        ns[n].push(await time(variants[n], calls))
      }
    const m = Object.fromEntries(names.map((n) => [n, median(ns[n])]))
    const ratio = m.core / m.bare
    rows.push({
      body: name,
      'bare µs': (m.bare / 1000).toFixed(2),
      'core µs': (m.core / 1000).toFixed(2),
      'openapi-fetch µs': (m['openapi-fetch'] / 1000).toFixed(2),
      'core/bare': ratio.toFixed(3),
      'openapi-fetch/bare': (m['openapi-fetch'] / m.bare).toFixed(3),
      'bare+timeout µs': (m['bare + timeout'] / 1000).toFixed(2),
      'core(fetch) µs': (m['core (fetch)'] / 1000).toFixed(2),
      'core(fetch)/bare+timeout': (m['core (fetch)'] / m['bare + timeout']).toFixed(3),
      'core/openapi-fetch': (m.core / m['openapi-fetch']).toFixed(3),
      target: `core/bare ≤ ${TARGETS[name].toFixed(2)}`,
      ok: ratio <= TARGETS[name],
    })
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await coreOverhead({ quick: process.argv.includes('--quick') })
  console.table(rows)
  process.exitCode = rows.every((r) => r.ok) ? 0 : 1
}
