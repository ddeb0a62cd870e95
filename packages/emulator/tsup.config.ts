import { readFileSync } from 'node:fs'
import type { Plugin } from 'esbuild'
import { defineConfig } from 'tsup'
import { libraryBuild } from '../../tsup.base'
import { specForBundle } from './src/spec-for-bundle'

/** The spec is bundled for the generic store as `specForBundle` trims it: about 375 KB less in each bundle. */
const specForEmulator: Plugin = {
  name: 'spec-for-emulator',
  setup(build) {
    build.onLoad({ filter: /conversation\.openapi\.json$/ }, (args) => {
      // One string parsed at load: esbuild's JSON loader would print it as an indented object literal.
      const text = JSON.stringify(specForBundle(JSON.parse(readFileSync(args.path, 'utf8'))))
      return { contents: `export default JSON.parse(${JSON.stringify(text)})`, loader: 'js' }
    })
  },
}

// The build script empties dist first: two configs cleaning at once would race.
export default defineConfig([
  { ...libraryBuild, clean: false, esbuildPlugins: [specForEmulator] },
  {
    // The bin: ESM only (package.json "type": "module"), keeps its shebang, no declarations needed.
    ...libraryBuild,
    entry: ['src/cli.ts'],
    format: ['esm'],
    dts: false,
    clean: false,
    treeshake: false,
    esbuildPlugins: [specForEmulator],
  },
])
