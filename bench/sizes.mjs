// Bundle sizes, min+gzip, side by side: our three layers and the README's React setup (the CI budgets of
// scripts/size.mjs, measured the same way) and, for the eleven calls, openapi-fetch and bare fetch. Same esbuild
// settings for every row.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { budgets, measure } from '../scripts/size.mjs'

const here = fileURLToPath(new URL('./size/', import.meta.url))
const dist = (pkg) => fileURLToPath(new URL(`../packages/${pkg}/dist/index.js`, import.meta.url))
const SCRIPTS_SIZE = fileURLToPath(new URL('../scripts/size/', import.meta.url))

export async function sizes() {
  const entry = (name) => budgets.find((b) => b.entry === name)
  const [core, chat, all, rxjs, react, setup] = [
    'core.js',
    'core-chat.js',
    'core-all.js',
    'rxjs.js',
    'react-query.js',
    'react-setup.js',
  ].map(entry)
  const comparisons = [
    { ...core, name: '11 calls: @uc-conversation/core' },
    { name: '11 calls: openapi-fetch 0.17.0', entry: 'openapi-fetch.js', external: [], dir: here },
    { name: '11 calls: bare fetch + helper', entry: 'bare-fetch.js', external: [], dir: here },
    // Issue 13: what each further operation costs, and every operation of today's API.
    { ...chat, name: 'core: the 37 chat operations (11 methods + 26 through client.call)' },
    { ...all, name: 'core: all 123 operations (chat, virtual agent, phone system)' },
    { ...rxjs, name: 'rxjs layer (without rxjs)' },
    { ...react, name: 'react-query layer (without react, TanStack, rxjs)' },
    // What the README's React setup ships: the layer above plus the client and the socket the hooks are given.
    {
      ...setup,
      name: 'React setup of the README: client, socket, provider, hooks (without react, TanStack, rxjs)',
    },
    // The same with the rxjs operators it uses bundled in: what an app that has no other use for rxjs pays.
    {
      ...setup,
      name: 'React setup of the README, rxjs bundled too (without react, TanStack)',
      limit: null,
      external: setup.external.filter((e) => !e.startsWith('rxjs')),
    },
    // What the React package adds on top of core and the rxjs layer.
    {
      ...react,
      name: 'react-query package alone (core, rxjs layer external too)',
      limit: null,
      external: [...react.external, '@uc-conversation/core', '@uc-conversation/rxjs'],
    },
  ]
  const rows = []
  let coreGzip
  for (const c of comparisons) {
    // The React layer's entry appears once the package exports hooks; skip it until then (and until built).
    if (!existsSync((c.dir ?? SCRIPTS_SIZE) + c.entry) || (c.pkg && !existsSync(dist(c.pkg)))) {
      rows.push({ bundle: c.name, 'min+gzip B': 'skipped', 'min B': '', 'vs core': '', budget: '' })
      continue
    }
    const { min, gzip } = await measure(c)
    coreGzip ??= gzip
    rows.push({
      bundle: c.name,
      'min+gzip B': gzip,
      'min B': min,
      'vs core': c.name.startsWith('11 calls')
        ? (gzip / coreGzip).toFixed(2)
        : c === comparisons[3]
          ? `+${((gzip - coreGzip) / 26).toFixed(0)} B per operation`
          : '',
      budget: c.limit ? `${c.limit}${gzip > c.limit ? ' OVER' : ''}` : '',
    })
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await sizes())
