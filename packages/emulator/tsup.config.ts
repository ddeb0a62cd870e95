import { defineConfig } from 'tsup'
import { declarations, libraryBuild } from '../../tsup.base'

// The build script empties dist first: two configs cleaning at once would race. Declarations keep `@internal`:
// the emulator's internal types are imported across its own files, and stripping them would leave those imports
// unresolved in the bundled .d.ts; none reaches the public entry (scripts/check-packages.mjs checks).
export default defineConfig([
  { ...libraryBuild, dts: declarations(false), clean: false },
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
