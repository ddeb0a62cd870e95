import type { Options } from 'tsup'

/** How every published package builds: ESM + CJS + declarations for Node 20, browsers and workers. */
export const libraryBuild = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'es2022',
  treeshake: true,
} satisfies Options
