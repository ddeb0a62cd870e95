// Type-checks every ```ts and ```tsx block of the READMEs (the root one and each package's) as a user's file would
// be checked: `strict`, `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`, `moduleResolution: bundler`,
// against the built packages (run `pnpm build` first). Exit 1 with each error at its README line.
//
// Each block is its own module: it imports what it uses and declares what it takes from its surroundings
// (`declare const uuid: string`). A block that is deliberately not a whole file is skipped with a comment right
// before its fence, which the reader sees in the Markdown source and the check prints:
//
//   <!-- not-compiled: the reason -->
//
// Blocks that augment a module (`declare module`, `declare global`) are checked in a program of their own, so
// their augmentation cannot make another block compile.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = fileURLToPath(new URL('..', import.meta.url))
// The blocks are written where the react-query package's dependencies resolve: it depends, directly or for its
// tests, on every published package and on TanStack Query, React and RxJS, as a user's app would.
const workDir = join(root, 'packages/react-query/node_modules/.cache/readme-examples')

const compilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: ['node'],
  jsx: ts.JsxEmit.ReactJSX,
  skipLibCheck: true,
  noEmit: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
}

const NOT_COMPILED = /<!--\s*not-compiled:\s*(.+?)\s*-->/
const FENCE = /^```(ts|tsx|typescript)\s*$/

/** Every README to check, relative to the repository. */
export function readmes() {
  const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `packages/${entry.name}/README.md`)
    .filter((path) => {
      try {
        readFileSync(join(root, path))
        return true
      } catch {
        return false
      }
    })
  return ['README.md', ...packages]
}

/** The TypeScript blocks of one Markdown text: language, first code line (1-based), code, skip reason. */
export function extractBlocks(markdown) {
  const lines = markdown.split('\n')
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i])
    if (!open) {
      // Any other fence is skipped whole, so a ```ts inside a ````md example is not taken for a block.
      const other = /^(`{3,})/.exec(lines[i])
      if (other) {
        const close = other[1]
        i++
        while (i < lines.length && !lines[i].startsWith(close)) i++
      }
      continue
    }
    let before = i - 1
    while (before >= 0 && lines[before].trim() === '') before--
    const skip = before >= 0 ? NOT_COMPILED.exec(lines[before])?.[1] : undefined
    const start = i + 1
    let end = start
    while (end < lines.length && lines[end] !== '```') end++
    blocks.push({
      lang: open[1] === 'tsx' ? 'tsx' : 'ts',
      line: start + 1,
      code: lines.slice(start, end).join('\n'),
      skip,
    })
    i = end
  }
  return blocks
}

const augments = (code) => /^\s*declare\s+(module\s+['"]|global\b)/m.test(code)

function check(files) {
  const program = ts.createProgram(
    files.map((f) => f.path),
    compilerOptions,
  )
  const problems = []
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    const file = diagnostic.file && files.find((f) => f.path === diagnostic.file.fileName)
    if (!file) {
      problems.push(`(outside the examples) ${message}`)
      continue
    }
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
    problems.push(`${file.readme}:${file.line + line}:${character + 1}  TS${diagnostic.code}: ${message}`)
  }
  return problems
}

/** Packages whose declarations are missing: the examples would fail for that reason only. */
export function unbuilt() {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => {
      try {
        readFileSync(join(root, 'packages', name, 'dist/index.d.ts'))
        return false
      } catch {
        return true
      }
    })
}

/** Checks every block; returns `{ checked, skipped, problems }`. */
export function checkReadmeExamples(paths = readmes()) {
  const missing = unbuilt()
  if (missing.length)
    return {
      checked: 0,
      skipped: [],
      problems: [`build first (pnpm build): no dist/index.d.ts in ${missing.join(', ')}`],
    }
  rmSync(workDir, { recursive: true, force: true })
  mkdirSync(workDir, { recursive: true })
  const shared = []
  const alone = []
  const skipped = []
  try {
    for (const readme of paths) {
      const slug = readme.replace(/[^a-z0-9]+/gi, '-').toLowerCase()
      for (const [n, block] of extractBlocks(readFileSync(join(root, readme), 'utf8')).entries()) {
        if (block.skip !== undefined) {
          skipped.push(`${readme}:${block.line} (${block.skip})`)
          continue
        }
        const path = join(workDir, `${slug}-${n + 1}.${block.lang}`)
        // `export {}` makes every block a module: its names are its own and top-level await is allowed.
        writeFileSync(path, `${block.code}\nexport {}\n`)
        const file = { path, readme, line: block.line }
        if (augments(block.code)) alone.push([file])
        else shared.push(file)
      }
    }
    const problems = [shared, ...alone].flatMap((files) => (files.length ? check(files) : []))
    return { checked: shared.length + alone.length, skipped, problems }
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { checked, skipped, problems } = checkReadmeExamples()
  for (const s of skipped) console.log(`skipped ${s}`)
  for (const p of problems) console.error(p)
  console.log(
    `${checked} README examples type-checked (strict, exactOptionalPropertyTypes, bundler resolution): ` +
      `${problems.length} error${problems.length === 1 ? '' : 's'}${skipped.length ? `, ${skipped.length} skipped` : ''}`,
  )
  process.exitCode = problems.length ? 1 : 0
}
