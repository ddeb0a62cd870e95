import { readFile, writeFile } from 'node:fs/promises'
import { defineConfig } from 'tsup'
import { declarations, libraryBuild } from '../../tsup.base'

// The build script empties dist before both builds: two configs cleaning at once would race. Declarations keep
// `@internal`: internal types are imported across the package's own files, and stripping them would leave those
// imports unresolved in the bundled .d.ts; scripts/check-packages.mjs checks that none reaches the public entries.
// Rollup's tree-shaking (libraryBuild's `treeshake`) merges the files' imports of one package into one statement and
// drops what esbuild keeps (−300 B min+gzip on the README's setup), but it strips directives and banners alike.
const shared = { ...libraryBuild, dts: declarations(false), clean: false }

/** Hooks and the provider: bundling drops per-file directives, so the marker goes on the whole entry, after rollup. */
async function useClient() {
  for (const file of ['dist/index.js', 'dist/index.cjs']) {
    await writeFile(file, `'use client';\n${await readFile(file, 'utf8')}`)
  }
}

export default defineConfig([
  { ...shared, entry: ['src/index.ts'], onSuccess: useClient },
  { ...shared, entry: ['src/server.ts'] },
])
