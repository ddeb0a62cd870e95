// Where the bytes of a size entry go: bundles it as scripts/size.mjs `measure` does, with an esbuild metafile, and
// lists the minified bytes each input file contributes, largest first. The packages' dist files are single bundles,
// so the workspace packages are read from their sources here (same esbuild, target es2022 as tsup): the total is
// within a few hundred bytes of the measured one, and both are printed.
// Usage: node scripts/size-breakdown.mjs [entry, default react-setup.js] [rows, default 30]

import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { budgets, bundleOptions, measure } from './size.mjs'

const packages = fileURLToPath(new URL('../packages/', import.meta.url))
/** `@uc-conversation/<pkg>[/<sub>]` → `packages/<pkg>/src/[<sub>/]index.ts`. */
const fromSources = {
  name: 'workspace-sources',
  setup(on) {
    on.onResolve({ filter: /^@uc-conversation\// }, ({ path }) => {
      const [, pkg, sub] = path.match(/^@uc-conversation\/([^/]+)(?:\/(.+))?$/)
      return { path: `${packages}${pkg}/src/${sub ? `${sub}/` : ''}index.ts` }
    })
  },
}

const entry = process.argv[2] ?? 'react-setup.js'
const rows = Number(process.argv[3] ?? 30)
const budget = budgets.find((b) => b.entry === entry)
if (!budget) {
  console.error(`No size entry named ${entry}; known: ${budgets.map((b) => b.entry).join(', ')}`)
  process.exit(1)
}
const result = await build({
  ...bundleOptions(budget),
  metafile: true,
  target: 'es2022',
  plugins: [fromSources],
})
const code = result.outputFiles[0].contents
const [output] = Object.values(result.metafile.outputs)
const files = Object.entries(output.inputs)
  .map(([path, { bytesInOutput }]) => ({ path: path.replace(/^(\.\.\/)+/, ''), bytes: bytesInOutput }))
  .sort((a, b) => b.bytes - a.bytes)
const total = files.reduce((sum, f) => sum + f.bytes, 0)
const measured = await measure(budget)
console.log(`${entry} as measured (dist): ${measured.min} B min, ${measured.gzip} B min+gzip`)
console.log(
  `${entry} from sources: ${code.length} B min, ${gzipSync(code, { level: 9 }).length} B min+gzip, ${files.length} inputs`,
)
console.log('   min B      %  input')
for (const f of files.slice(0, rows)) {
  console.log(`${String(f.bytes).padStart(8)} ${((100 * f.bytes) / total).toFixed(1).padStart(6)}  ${f.path}`)
}
if (files.length > rows) {
  const rest = files.slice(rows).reduce((sum, f) => sum + f.bytes, 0)
  console.log(
    `${String(rest).padStart(8)} ${((100 * rest) / total).toFixed(1).padStart(6)}  (${files.length - rows} more)`,
  )
}
