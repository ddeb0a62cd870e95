// Where the bytes of a size entry go: bundles it as scripts/size.mjs `measure` does, with an esbuild metafile, and
// lists the minified bytes each input file contributes, largest first. The packages' dist files are single bundles,
// so the workspace packages are read from their sources here (same esbuild, target es2022 as tsup; the published
// builds also pass through rollup's tree-shaking): the total is within a few hundred bytes of the measured one, and
// both are printed.
// With --gzip, a second column: what each file costs min+gzip, i.e. how much smaller the gzipped bundle gets when that
// file's output is cut out (read from a source map). gzip folds repeated text, so this is the figure a saving moves;
// the column does not add up to the total.
// Usage: node scripts/size-breakdown.mjs [entry, default react-setup.js] [rows, default 30] [--gzip]

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

const withGzip = process.argv.includes('--gzip')
const [entry = 'react-setup.js', rowsArg] = process.argv.slice(2).filter((a) => a !== '--gzip')
const rows = Number(rowsArg ?? 30)
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
  ...(withGzip && { sourcemap: 'external', outfile: 'breakdown.js' }),
})
const code = result.outputFiles.find((f) => !f.path.endsWith('.map')).contents
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length
const [, output] = Object.entries(result.metafile.outputs).find(([path]) => !path.endsWith('.map'))
const name = (path) => path.replace(/^(\.\.\/)+/, '')
const files = Object.entries(output.inputs)
  .map(([path, { bytesInOutput }]) => ({ path: name(path), bytes: bytesInOutput, gzip: undefined }))
  .sort((a, b) => b.bytes - a.bytes)

if (withGzip) {
  const map = JSON.parse(result.outputFiles.find((f) => f.path.endsWith('.map')).text)
  const owners = ownersOf(code, map)
  const total = gzip(code)
  for (const f of files) {
    const index = map.sources.findIndex((s) => name(s).endsWith(f.path) || f.path.endsWith(name(s)))
    if (index >= 0) f.gzip = total - gzip(code.filter((_, i) => owners[i] !== index))
  }
  files.sort((a, b) => (b.gzip ?? -1) - (a.gzip ?? -1))
}

/** The source index each output byte comes from (-1 where the map says nothing), decoded from the map's VLQ segments. */
function ownersOf(bytes, { mappings }) {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  const owners = new Int32Array(bytes.length).fill(-1)
  const starts = [0]
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) starts.push(i + 1)
  const marks = []
  let source = 0
  mappings.split(';').forEach((line, lineNo) => {
    let column = 0
    for (const segment of line ? line.split(',') : []) {
      const values = []
      let value = 0
      let shift = 0
      for (const ch of segment) {
        const digit = digits.indexOf(ch)
        value += (digit & 31) << shift
        shift += 5
        if (!(digit & 32)) {
          values.push(value & 1 ? -(value >> 1) : value >> 1)
          value = shift = 0
        }
      }
      column += values[0]
      if (values.length > 1) source += values[1]
      marks.push([starts[lineNo] + column, values.length > 1 ? source : -1])
    }
  })
  for (const [i, [at, owner]] of marks.entries()) owners.fill(owner, at, marks[i + 1]?.[0] ?? bytes.length)
  return owners
}

const total = files.reduce((sum, f) => sum + f.bytes, 0)
const measured = await measure(budget)
console.log(`${entry} as measured (dist): ${measured.min} B min, ${measured.gzip} B min+gzip`)
console.log(`${entry} from sources: ${code.length} B min, ${gzip(code)} B min+gzip, ${files.length} inputs`)
console.log(`   min B      %${withGzip ? '  gzip B' : ''}  input`)
for (const f of files.slice(0, rows)) {
  const cost = withGzip ? String(f.gzip ?? '?').padStart(8) : ''
  console.log(
    `${String(f.bytes).padStart(8)} ${((100 * f.bytes) / total).toFixed(1).padStart(6)}${cost}  ${f.path}`,
  )
}
if (files.length > rows) {
  const rest = files.slice(rows).reduce((sum, f) => sum + f.bytes, 0)
  console.log(
    `${String(rest).padStart(8)} ${((100 * rest) / total).toFixed(1).padStart(6)}  (${files.length - rows} more)`,
  )
}
