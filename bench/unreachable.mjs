// Requests an agent console sends to an UltraCart it cannot reach: `streams` live collections, each calling
// getConversations, waiting for the outcome, and calling again `everyMs` later, on one client with core's default
// retries, against a dead port (every attempt refused with ECONNREFUSED, as fetch reports it). Counted at the
// transport, per minute, over `minutes` of virtual time: the client's timers and Date.now run on a virtual clock
// here, so the two minutes take a fraction of a second. Before issue 18 every call and each of its three retries
// was sent: about 500 requests a minute (500-505 in three runs of this script on the code before; 369 with the
// longest backoffs, as packages/core/test/reachability.test.ts runs the same scenario).
// Run: node bench/unreachable.mjs (after pnpm --filter @uc-conversation/core build). Exits 1 above 20/minute
// after the first 10 s.
import { createConversationClient } from '@uc-conversation/core'

export const LIMIT_PER_MINUTE = 20

export async function unreachable({ streams = 10, everyMs = 3000, minutes = 2 } = {}) {
  const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, now: Date.now }
  const settle = () => new Promise((resolve) => setImmediate(resolve))
  let now = real.now()
  const start = now
  let seq = 0
  const timers = new Map()
  globalThis.setTimeout = (fn, ms = 0) => {
    const id = ++seq
    timers.set(id, { id, at: now + Math.max(0, ms), fn })
    return id
  }
  globalThis.clearTimeout = (id) => timers.delete(id)
  Date.now = () => now
  const sent = []
  let stop = false
  try {
    const client = createConversationClient({
      transport: async () => {
        sent.push(now - start)
        throw Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
        })
      },
    })
    const wait = (ms) => new Promise((resolve) => globalThis.setTimeout(resolve, ms))
    const loops = Array.from({ length: streams }, async (_, i) => {
      await wait((i * everyMs) / streams)
      while (!stop) {
        await client.getConversations().catch(() => undefined)
        await wait(everyMs)
      }
    })
    /** Fires the timers due up to `until` in time order, letting promise work settle after each. */
    const run = async (until) => {
      for (;;) {
        await settle()
        let next
        for (const t of timers.values()) if (!next || t.at < next.at) next = t
        if (!next || next.at > until) return
        timers.delete(next.id)
        now = next.at
        next.fn()
      }
    }
    await run(start + minutes * 60_000)
    // Let every stream end: the calls in flight finish their retries in (virtual) time.
    stop = true
    await run(Number.POSITIVE_INFINITY)
    await Promise.all(loops)
    const within = (from, to) => sent.filter((at) => at >= from && at < to).length
    return {
      streams,
      everyMs,
      firstMinute: within(0, 60_000),
      afterFirst10s: within(10_000, 70_000),
      perMinute: Array.from({ length: minutes }, (_, m) => within(m * 60_000, (m + 1) * 60_000)),
      unreachable: client.stats.unreachable,
    }
  } finally {
    globalThis.setTimeout = real.setTimeout
    globalThis.clearTimeout = real.clearTimeout
    Date.now = real.now
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await unreachable()
  console.log(
    `${r.streams} streams every ${r.everyMs / 1000} s against a dead port: ${r.firstMinute} requests in the first ` +
      `minute (about 500 before issue 18), ${r.afterFirst10s} from 10 s to 70 s (limit ${LIMIT_PER_MINUTE}), ` +
      `per minute ${r.perMinute.join(', ')}; stats.unreachable ${r.unreachable}`,
  )
  process.exit(r.afterFirst10s <= LIMIT_PER_MINUTE ? 0 : 1)
}
