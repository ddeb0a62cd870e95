import { defineConfig } from 'tsup'
import { libraryBuild } from '../../tsup.base'

// The build script empties dist first: two configs cleaning at once would race.
export default defineConfig([
  { ...libraryBuild, clean: false },
  {
    // The bin: ESM only (package.json "type": "module"), keeps its shebang, no declarations needed.
    ...libraryBuild,
    entry: ['src/cli.ts'],
    format: ['esm'],
    dts: false,
    clean: false,
    treeshake: false,
  },
])
