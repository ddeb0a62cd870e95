// Size budgets, min+gzip, of what users ship: each entry bundles a realistic use of one package with esbuild,
// peer dependencies external. Fails (exit 1) when a budget is exceeded.

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const here = fileURLToPath(new URL('./size/', import.meta.url))
export const SIZE_DIR = here
export const budgets = [
  { name: 'core: client + all eleven operations', entry: 'core.js', pkg: 'core', limit: 3072, external: [] },
  {
    // Measured 10,705 B in session 1 (budget 11,008 B); 11,100 B with JWT reuse for refused sockets and
    // markRead (session 2): budget 11,328 B, ~2 % above.
    name: 'rxjs layer (without rxjs)',
    entry: 'rxjs.js',
    pkg: 'rxjs',
    limit: 11_328,
    external: ['rxjs', 'rxjs/*'],
  },
  {
    // Measured 12,520 B (2026-11-24, provider + every hook + option factories), budget 13,000 B. Session 2
    // added the agent status overlay, JWT reuse, markRead and useMarkRead: 13,391 B, budget ~2 % above.
    name: 'react-query layer (without react, TanStack Query, rxjs)',
    entry: 'react-query.js',
    pkg: 'react-query',
    limit: 13_660,
    external: ['react', 'react/*', '@tanstack/react-query', 'rxjs', 'rxjs/*'],
  },
]

/** Bundles `dir + entry` (dir defaults to scripts/size/; the bench passes its own comparison entries). */
export async function measure({ entry, external, dir = here }) {
  const result = await build({
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
    const { min, gzip } = await measure(b)
    const over = b.limit !== null && gzip > b.limit
    failed ||= over
    console.log(
      `${over ? 'OVER ' : 'ok   '} ${b.name}: ${(gzip / 1024).toFixed(2)} KB min+gzip (${(min / 1024).toFixed(1)} KB min)` +
        (b.limit ? `, budget ${(b.limit / 1024).toFixed(2)} KB` : ''),
    )
  }
  process.exit(failed ? 1 : 0)
}
