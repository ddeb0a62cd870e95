import { defineConfig } from 'tsup'
import { declarations, libraryBuild } from '../../tsup.base'

// The build script empties dist before both builds: two configs cleaning at once would race. tsup's rollup tree-shaking
// would strip the 'use client' banner, and esbuild already drops unused code. Declarations keep `@internal`: internal
// types are imported across the package's own files, and stripping them would leave those imports unresolved in
// the bundled .d.ts; scripts/check-packages.mjs checks that none reaches the public entries.
const shared = { ...libraryBuild, dts: declarations(false), clean: false, treeshake: false }

export default defineConfig([
  // Hooks and the provider: bundling drops per-file directives, so the marker goes on the whole entry.
  { ...shared, entry: ['src/index.ts'], banner: { js: "'use client';" } },
  { ...shared, entry: ['src/server.ts'] },
])
