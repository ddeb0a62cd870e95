// The packages as npm would publish them: packs each one (pnpm pack: workspace ranges replaced, `files` applied)
// and checks what users get, which publint and attw do not: one range for each peer dependency across the
// packages (npm refuses `^7.8.2` beside `^7.8.0` with ERESOLVE when rxjs 7.8.1 is installed), dependencies as
// ranges (a pin forces a second copy into every app with another patch), a LICENSE and the repository fields,
// no `@internal` declaration in the published types, a `check:package` script (publint and attw) in each, and the
// `'use client'` marker on the entry of a package whose sources use it (bundling strips per-file directives).
// Needs the packages built (`pnpm build`). Exit 1 on any problem, every problem listed.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const REPOSITORY = 'git+https://github.com/uc-conversation/uc-conversation.git'

/** The published manifest and the contents of every file of one packed package. */
function pack(dir, out) {
  const before = new Set(readdirSync(out))
  execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: 'ignore' })
  const tarball = readdirSync(out).find((f) => !before.has(f))
  if (!tarball) throw new Error(`pnpm pack wrote nothing for ${dir}`)
  const unpacked = mkdtempSync(join(out, 'unpacked-'))
  execFileSync('tar', ['-xzf', join(out, tarball), '-C', unpacked])
  const base = join(unpacked, 'package')
  const files = readdirSync(base, { recursive: true }).map(String)
  return {
    manifest: JSON.parse(readFileSync(join(base, 'package.json'), 'utf8')),
    files,
    read: (file) => readFileSync(join(base, file), 'utf8'),
  }
}

/**
 * Errors of the published declarations compiled on their own, with library checking on: the package typechecks
 * use `skipLibCheck`, under which a declaration naming a type that was stripped (`stripInternal`) or never
 * bundled silently becomes `any` for users.
 */
function typeErrors(dir, declarations) {
  const tsc = join(root, 'node_modules', '.bin', 'tsc')
  const flags = ['--ignoreConfig', '--noEmit', '--strict', '--skipLibCheck', 'false']
  try {
    execFileSync(tsc, [...flags, '--module', 'nodenext', '--moduleResolution', 'nodenext', ...declarations], {
      cwd: dir,
      stdio: 'pipe',
    })
    return []
  } catch (error) {
    const out = String(error.stdout ?? '') || String(error.message)
    return out.split('\n').filter((line) => line.includes('error TS'))
  }
}

/** Every problem of the published packages under `packagesDir`, as readable lines. */
export function checkPackages(packagesDir = join(root, 'packages')) {
  const problems = []
  const peers = new Map() // dependency name → Map(range → [package names])
  const out = mkdtempSync(join(tmpdir(), 'uc-pack-'))
  try {
    for (const name of readdirSync(packagesDir).sort()) {
      const dir = join(packagesDir, name)
      const source = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      if (source.private) continue
      const say = (what) => problems.push(`${source.name}: ${what}`)
      if (!source.scripts?.['check:package']?.includes('attw')) say('no check:package script running attw')
      const { manifest, files, read } = pack(dir, out)

      if (!files.includes('LICENSE')) say('LICENSE is not in the packed files')
      const repo = manifest.repository
      if (repo?.url !== REPOSITORY || repo?.directory !== `packages/${name}`)
        say(`repository must be { url: ${REPOSITORY}, directory: packages/${name} }`)
      if (!manifest.homepage) say('no homepage')
      if (!manifest.bugs) say('no bugs')

      for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
        if (/^\d/.test(range))
          say(`dependency ${dep} pinned to ${range}: publish a range (the lockfile pins for us)`)
      }
      for (const [dep, range] of Object.entries(manifest.peerDependencies ?? {})) {
        const ranges = peers.get(dep) ?? new Map()
        ranges.set(range, [...(ranges.get(range) ?? []), manifest.name])
        peers.set(dep, ranges)
      }

      const marked = readdirSync(join(dir, 'src'), { recursive: true, withFileTypes: true }).some(
        (f) => f.isFile() && /^['"]use client['"]/.test(readFileSync(join(f.parentPath, f.name), 'utf8')),
      )
      for (const entry of marked ? ['dist/index.js', 'dist/index.cjs'] : []) {
        if (!/^['"]use client['"]/.test(read(entry))) say(`${entry} does not start with 'use client'`)
      }

      const declarations = files.filter((f) => /\.d\.c?ts$/.test(f))
      for (const file of declarations) {
        const lines = read(file).split('\n')
        lines.forEach((line, i) => {
          if (line.includes('@internal')) say(`${file}:${i + 1} publishes an @internal declaration`)
        })
      }
      if (declarations.length === 0) say('no declaration file packed (is it built?)')
      else for (const error of typeErrors(dir, declarations)) say(`published types do not compile: ${error}`)
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
  for (const [dep, ranges] of peers) {
    if (ranges.size > 1) {
      const each = [...ranges].map(([range, names]) => `${range} (${names.join(', ')})`).join(' vs ')
      problems.push(`peer dependency ${dep} has more than one range: ${each}`)
    }
  }
  return problems
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkPackages()
  for (const p of problems) console.log(`FAIL  ${p}`)
  if (problems.length === 0)
    console.log(
      'ok    packed packages: one range per peer, ranges for dependencies, LICENSE, repository, no @internal types, use client',
    )
  process.exit(problems.length ? 1 : 0)
}
