import type { Options } from 'tsup'

/**
 * Declaration build options. `stripInternal` keeps `@internal` declarations out of the published types (what is
 * not in them is not API). `ignoreDeprecations`: tsup 8's declaration build sets `baseUrl`, which TypeScript 6
 * deprecates; without it TypeScript 6 refuses the build.
 */
export function declarations(stripInternal: boolean) {
  return { compilerOptions: { ignoreDeprecations: '6.0', stripInternal } }
}

/** How every published package builds: ESM + CJS + declarations for Node 20, browsers and workers. */
export const libraryBuild = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: declarations(true),
  clean: true,
  sourcemap: false,
  target: 'es2022',
  treeshake: true,
} satisfies Options
