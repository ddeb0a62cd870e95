import { defineConfig } from 'tsup'
import { libraryBuild } from '../../tsup.base'

// The build script empties dist before both builds: two configs cleaning at once would race. tsup's rollup tree-shaking
// would strip the 'use client' banner, and esbuild already drops unused code.
const shared = { ...libraryBuild, clean: false, treeshake: false }

export default defineConfig([
  // Hooks and the provider: bundling drops per-file directives, so the marker goes on the whole entry.
  { ...shared, entry: ['src/index.ts'], banner: { js: "'use client';" } },
  { ...shared, entry: ['src/server.ts'] },
])
