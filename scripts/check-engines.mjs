// The README's commands (`npm run demo`, `npm test`) install the locked dependencies, and pnpm prints an
// "Unsupported engine" warning for every package whose `engines.node` excludes the running Node. The README names
// Node 20 and CI runs it: this fails, listing them, when any package of the lockfile (on this platform) would warn
// on the running Node or on the oldest Node the root package.json's `engines` admits, so a tool upgrade that
// drops Node 20 is caught before users see the warnings.
// Usage: node scripts/check-engines.mjs [pnpm-lock.yaml] [node version, default: both of the above]

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import semver from 'semver'

/** What pnpm matches a package's `libc` field against (Linux only; elsewhere no package names one). */
function hostLibc() {
  return process.report?.getReport().header.glibcVersionRuntime ? 'glibc' : 'musl'
}

/** `{ name, range }` of every locked package that excludes `nodeVersion` and would be installed here. */
export function unsupportedEngines(
  lockfileText,
  nodeVersion,
  platform = process.platform,
  arch = process.arch,
  libc = hostLibc(),
) {
  const section = lockfileText.split(/^packages:\s*$/m)[1]?.split(/^snapshots:\s*$/m)[0] ?? ''
  const found = []
  // One block per package: its key line at two spaces, then its fields at four.
  for (const block of section.split(/\n(?= {2}\S)/)) {
    const name = /^ {2}'?([^'\n]+?)'?:\s*$/m.exec(block)?.[1]
    const range = /^ {4}engines: \{[^}]*?\bnode: ('([^']*)'|[^,}]+)/m.exec(block)
    if (!name || !range) continue
    const only = (field, value) => {
      const list = new RegExp(`^ {4}${field}: \\[([^\\]]*)\\]`, 'm').exec(block)?.[1]
      return !list || list.split(',').some((v) => v.trim().replace(/'/g, '') === value)
    }
    if (!only('os', platform) || !only('cpu', arch) || !only('libc', libc)) continue
    const wanted = (range[2] ?? range[1]).trim()
    if (!semver.satisfies(nodeVersion, wanted, { includePrerelease: true }))
      found.push({ name, range: wanted })
  }
  return found
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lockfile = process.argv[2] ?? fileURLToPath(new URL('../pnpm-lock.yaml', import.meta.url))
  const root = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const oldest = semver.minVersion(root.engines.node).version
  const nodes = process.argv[3] ? [process.argv[3]] : [process.version, oldest]
  let failed = false
  for (const node of nodes) {
    const found = unsupportedEngines(readFileSync(lockfile, 'utf8'), node)
    for (const { name, range } of found) console.log(`FAIL  ${name} wants Node ${range}, not ${node}`)
    if (found.length === 0)
      console.log(`ok    every locked package supports Node ${node}: no "Unsupported engine" warning`)
    failed ||= found.length > 0
  }
  process.exit(failed ? 1 : 0)
}
