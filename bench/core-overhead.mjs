// Per-call CPU overhead of @uc-conversation/core against calling the same transport and parsing the body
// directly, on a realistic 49 KB ConversationResponse and a 200-byte body. Interleaved rounds, medians, ratios.
import { createConversationClient } from '@uc-conversation/core'
import { conversationResponse, median, SMALL_BODY } from './fixtures.mjs'

const TARGETS = { '49 KB': 1.03, '200 B': 1.1 }

/** The transport both sides call: an in-memory answer, so only client work differs. */
const transportFor = (body) => async () =>
  new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })

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
    const transport = transportFor(body)
    const request = { method: 'GET', url: 'https://x.test/rest/v2/conversation/conversations/c', headers: {} }
    const bare = async () => JSON.parse(await (await transport(request)).text())
    const client = createConversationClient({ simpleKey: 'bench', transport })
    const sdk =
      name === '49 KB'
        ? () => client.getConversation('c')
        : () => client.getConversationMultimediaUploadUrl('jpg')
    // Warm both paths up before measuring.
    await time(bare, calls)
    await time(sdk, calls)
    const bareNs = []
    const sdkNs = []
    for (let r = 0; r < rounds; r++) {
      if (r % 2) {
        bareNs.push(await time(bare, calls))
        sdkNs.push(await time(sdk, calls))
      } else {
        sdkNs.push(await time(sdk, calls))
        bareNs.push(await time(bare, calls))
      }
    }
    const ratio = median(sdkNs) / median(bareNs)
    rows.push({
      body: name,
      'bare µs/call': (median(bareNs) / 1000).toFixed(2),
      'core µs/call': (median(sdkNs) / 1000).toFixed(2),
      ratio: ratio.toFixed(3),
      target: `≤ ${TARGETS[name].toFixed(2)}`,
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
