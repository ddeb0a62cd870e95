// Size budgets, min+gzip, of what users ship: each entry bundles a realistic use of one package with esbuild,
// peer dependencies external. Fails (exit 1) when a budget is exceeded.

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const here = fileURLToPath(new URL('./size/', import.meta.url))
export const budgets = [
  {
    // 3,065 B after session 2 (budget 3,072 B). Issue 11 added what a client must check before the wire (header
    // values, every operation's and option's input, typed errors naming the field), credentials scrubbed from
    // every error and client.onOutcome: 3,608 B. Issue 12 (an error class per kind with a Symbol.for brand that
    // works across two copies of core, network errors naming their cause, per-call retry) and issue 13 (the
    // generated wire table with its facts per row, client.call for every operation, validation read from the
    // table, validation read from the table: values without a query-string form, required query options) bring
    // it to 4,320 B; splitting each path template once per descriptor (per-call CPU back to ≤ 1.10× bare fetch on
    // a 200-byte body, from 1.15×) to 4,468 B; Deno's network failures read like Node's: 4,507 B. Issue 13 asks for 3,072 B: not met; the breakdown and what was tried
    // are in the closing note of issue 13. Budget ~3 % above the measure. Issue 18: 5,315 B (+767 B over main's 4,548 B): a once
    // write that may have been carried out rejects typed as outcome-unknown and a retried DELETE's 404 resolves
    // (~+150 B), an unreachable server gets one probe at a time instead of every call and retry (~+450 B: ~500
    // requests a minute against a dead port become 2), every client option checked at creation (~+150 B).
    // Budget ~3 % above. Size pass of issue 18 (branch size18): 5,260 B with every row's id (OPERATION_SCOPES no
    // longer kept by an unmarked map; error names from their kind): budget 5,376 B. Session 7's size pass (one gate
    // for slots, budget and reachability; one status rule): 5,052 B, budget 5,152 B. Session 8 (one walk of a row's path and
    // query, checks an earlier check already makes removed): 4,991 B, budget 5,088 B (the path template's split
    // cache stays: without it a 200-byte call costs ~5 % more CPU).
    name: 'core: client + all eleven operations',
    entry: 'core.js',
    pkg: 'core',
    limit: 5088,
    external: [],
  },
  {
    // Issue 13: every chat operation (37): each further operation costs ~21 B (budget 80 B each), all 37 ≤ 5 KB
    // (5,120 B; 5,057 B measured with the table's since column kept out of the rows). Issue 18: 5,862 B (main 5,099 B), the
    // client's growth above (+763 B): budget 5,984 B, ~3 % above. An id in every row would add 210 B here (54 B
    // to the eleven, 536 B to all 123): not added. Size pass of issue 18: added, the id closing each row and the
    // client naming its methods by it (+64 B net, paid by savings in the client): 5,930 B. Session 7: 5,718 B, budget 5,824 B.
    // Session 8: 5,665 B, budget 5,760 B.
    name: 'core: client + all 37 chat operations',
    entry: 'core-chat.js',
    pkg: 'core',
    limit: 5760,
    external: [],
  },
  {
    // Issue 13: every operation of the spec (123), at most 10 KB. Size pass of issue 18: 7,918 B with every row's id
    // (OPERATIONS keyed by the rows' ids, not by the names again): budget 8,032 B. Session 7: 7,715 B, budget 7,824 B. Session 8:
    // 7,654 B, budget 7,752 B.
    name: 'core: client + all 123 operations',
    entry: 'core-all.js',
    pkg: 'core',
    limit: 7752,
    external: [],
  },
  {
    // Measured 10,705 B in session 1 (budget 11,008 B); 11,100 B with JWT reuse for refused sockets and
    // markRead (session 2). Issue 11: 16,361 B with the gap rule and the catch-up cursor (core, bundled here),
    // the outbox's server-time verification, storage adapters (Web Storage, IndexedDB) and overdue-echo check,
    // the heartbeat that detects servers not answering pings, bounded teardown and the health's keepalive,
    // network and error fields: budget 16,800 B, ~3 % above. Issue 12 (16,600 B at its start, commit 764d1fe):
    // 19,289 B with the 18 event types of today's API decoded with typed payloads and the participant merge
    // rules (core codec, frames, participants: +3.5 KB minified), queue entries kept per customer with the
    // queue's uuid (queueStatuses: +1.4 KB), an error class per kind (+0.6 KB): budget 19,900 B, ~3 % above.
    // Issue 18: 20,285 B with every collection on core's live-state reducer (evidence, 'behind', periodic checks
    // within the budget: +0.8 KB) and the agent session; the socket split itself is -24 B: budget 20,480 B.
    // Size pass of issue 18: 19,247 B (core's OPERATION_SCOPES kept the client's rows, rules and error classes
    // here; private fields minified; one rule for event payload fields): budget 19,344 B. Session 7: 17,484 B (the
    // message list in chunks instead of a B+tree, the outbox's persistence brought by the storage, the codec's
    // rules as one table, the collections' options handed whole to one engine): budget 17,584 B. Session 8: 16,728 B
    // (load failures reported by the live collection itself, the socket's teardown once): budget 16,816 B.
    name: 'rxjs layer (without rxjs)',
    entry: 'rxjs.js',
    pkg: 'rxjs',
    limit: 16_816,
    external: ['rxjs', 'rxjs/*'],
  },
  {
    // Measured 12,520 B (2026-11-24, provider + every hook + option factories), budget 13,000 B. Session 2
    // added the agent status overlay, JWT reuse, markRead and useMarkRead: 13,391 B. Issue 11 (the rxjs growth
    // above, bundled here too, plus monotone read state, useUnsentMessages, useWarnBeforeUnload and the list
    // on rxjs's conversationList): 16,734 B, budget 17,200 B, ~3 % above. Issue 12: 19,839 B, the rxjs growth
    // above plus the hooks' operation keys and markRead's cache writes: budget 20,480 B, ~3 % above.
    // Issue 18: 22,190 B. The provider now holds the agent session, which brings every collection it owns
    // (participants, context, sending, marking read) into this layer (+0.8 KB), plus the rxjs growth above
    // (+0.8 KB) and core's new error kind; the registries, useMarkRead's own socket-or-REST logic and the
    // forged frames' options it no longer needs were removed: budget 22,528 B, ~1.5 % above. Size pass of issue
    // 18: 21,877 B after merging main (its list and tab-sharing work; 21,379 B before), with the rxjs and core
    // savings above: budget 21,984 B. Session 7: 19,520 B (participants and context as session plug-ins, live
    // streams on the session, each key function imported alone, the rxjs and core savings above): budget 19,616 B.
    // Session 8: 18,479 B (the build through rollup's tree-shaking, TanStack's identity option helpers left out):
    // budget 18,568 B.
    name: 'react-query layer (without react, TanStack Query, rxjs)',
    entry: 'react-query.js',
    pkg: 'react-query',
    limit: 18_568,
    external: ['react', 'react/*', '@tanstack/react-query', 'rxjs', 'rxjs/*'],
  },
  {
    // Issue 12: the layer above leaves out what the README's setup needs besides the hooks: the client (request
    // loop, retries, validation, the hourly budget) and connectAgentSocket (heartbeat, reconnects, the outbox),
    // since the hooks take both from the provider. This entry is that setup exactly (react-setup.js). The issue
    // measured 18,089 B for it before issue 11; at the start of issue 12 (commit 764d1fe) it was 25,095 B, and
    // 28,313 B at its end (the rxjs growth above, plus the client reading the generated operation table: +2 KB
    // minified). The goal, 18.1 KB, is not met: budget 29,184 B, ~3 % above. Issue 18: 29,428 B (main 28,642 B), the
    // client's growth (outcome unknown, one probe while unreachable, options checked at creation): budget
    // 29,952 B, ~2.5 % above. With the live state and the session: 30,546 B after each mutation's options became
    // importable alone (-1.1 KB: the setup no longer carries uploads and starting conversations). Issue 18's
    // goal, 25,600 B, is not met: budget 30,720 B, ~0.6 % above. Size pass of issue 18 (core, the outbox, the
    // socket; `node scripts/size-breakdown.mjs` lists the bytes per source file): 30,057 B on its base, 30,355 B
    // after merging main: budget 30,464 B. Session 7's size pass (nine branches, each saving measured in its commits):
    // 26,736 B; budget 26,880 B. Session 8: react-query's build through rollup's tree-shaking like core and rxjs (one
    // import statement per package instead of 70: -300 B), then six branches of removed code (checks an earlier check
    // already makes, state nothing reads, one walk where there were two): 25,413 B; with two fixes after it (a newer
    // summary clears the customer's unanswered time; a restored entry checked while the socket is down does not force
    // a reconnect): 25,436 B, budget 25,512 B. Issue 18's goal, 25,600 B, is met.
    name: "React setup of the README (client, socket, provider, a console's hooks; without react, TanStack, rxjs)",
    entry: 'react-setup.js',
    pkg: 'react-query',
    limit: 25_512,
    external: ['react', 'react/*', '@tanstack/react-query', 'rxjs', 'rxjs/*'],
  },
]

/** The esbuild settings of a measurement: a user's minified ESM bundle (size-breakdown.mjs adds its metafile). */
export const bundleOptions = ({ entry, external, dir = here }) => ({
  entryPoints: [dir + entry],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  write: false,
  external,
  logLevel: 'silent',
})

/** Bundles `dir + entry` (dir defaults to scripts/size/; the bench passes its own comparison entries). */
export async function measure(spec) {
  const result = await build(bundleOptions(spec))
  const code = result.outputFiles[0].contents
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let failed = false
  for (const b of budgets) {
    if (!existsSync(here + b.entry)) continue
    // Measuring a stale or missing build would be meaningless: say so instead of an esbuild stack trace.
    if (!existsSync(new URL(`../packages/${b.pkg}/dist/index.js`, import.meta.url))) {
      console.log(`FAIL  ${b.name}: packages/${b.pkg} is not built (pnpm --filter "./packages/*" build)`)
      failed = true
      continue
    }
    let measured
    try {
      measured = await measure(b)
    } catch (error) {
      // An entry importing something the package no longer exports: name it, and go on with the others.
      console.log(`FAIL  ${b.name}: ${String(error.message).split('\n').slice(0, 3).join(' ')}`)
      failed = true
      continue
    }
    const { min, gzip } = measured
    const over = b.limit !== null && gzip > b.limit
    failed ||= over
    console.log(
      `${over ? 'OVER ' : 'ok   '} ${b.name}: ${(gzip / 1024).toFixed(2)} KB min+gzip (${(min / 1024).toFixed(1)} KB min)` +
        (b.limit ? `, budget ${(b.limit / 1024).toFixed(2)} KB` : ''),
    )
  }
  process.exit(failed ? 1 : 0)
}
