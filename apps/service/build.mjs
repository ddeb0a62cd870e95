// Bundles the service into dist/main.js (dependencies stay external). Node 20 cannot run TypeScript itself.
import { build } from 'esbuild'

export async function buildService() {
  await build({
    entryPoints: [new URL('./src/main.ts', import.meta.url).pathname],
    outfile: new URL('./dist/main.js', import.meta.url).pathname,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  })
}

if (import.meta.url === `file://${process.argv[1]}`) await buildService()
