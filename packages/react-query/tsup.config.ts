import { defineConfig } from 'tsup'

const shared = {
  format: ['esm', 'cjs'],
  dts: true,
  // `rm -rf dist` runs before both builds: two configs cleaning at once would race.
  clean: false,
  sourcemap: false,
  target: 'es2022',
} as const

export default defineConfig([
  // Hooks and the provider: bundling drops per-file directives, so the marker goes on the whole entry (and
  // tsup's rollup tree-shaking, which would strip it too, stays off: esbuild already drops unused code).
  { ...shared, entry: ['src/index.ts'], banner: { js: "'use client';" } },
  { ...shared, entry: ['src/server.ts'] },
])
