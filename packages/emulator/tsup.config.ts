import { readFileSync } from 'node:fs'
import type { Plugin } from 'esbuild'
import { defineConfig } from 'tsup'
import { libraryBuild } from '../../tsup.base'

/**
 * The spec is bundled for the generic store (src/spec.ts), which reads only each operation's id, request body
 * and responses and the schemas: everything else (extensions, security, tags, whitespace) is left out, which
 * keeps about 375 KB out of each bundle without changing what the store sees.
 */
const specForEmulator: Plugin = {
  name: 'spec-for-emulator',
  setup(build) {
    build.onLoad({ filter: /conversation\.openapi\.json$/ }, (args) => {
      const spec = JSON.parse(readFileSync(args.path, 'utf8'))
      const strip = (value: unknown): unknown =>
        Array.isArray(value)
          ? value.map(strip)
          : value && typeof value === 'object'
            ? Object.fromEntries(
                Object.entries(value)
                  .filter(([k]) => !k.startsWith('x-uc-') && !['description', 'tags', 'security'].includes(k))
                  .map(([k, v]) => [k, strip(v)]),
              )
            : value
      const paths = Object.fromEntries(
        Object.entries(spec.paths as Record<string, Record<string, Record<string, unknown>>>).map(
          ([path, item]) => [
            path,
            Object.fromEntries(
              Object.entries(item).map(([method, op]) => [
                method,
                strip({ operationId: op.operationId, requestBody: op.requestBody, responses: op.responses }),
              ]),
            ),
          ],
        ),
      )
      // One string parsed at load: esbuild's JSON loader would print it as an indented object literal.
      const text = JSON.stringify({ paths, components: { schemas: strip(spec.components.schemas) } })
      return { contents: `export default JSON.parse(${JSON.stringify(text)})`, loader: 'js' }
    })
  },
}

// The build script empties dist first: two configs cleaning at once would race.
export default defineConfig([
  { ...libraryBuild, clean: false, esbuildPlugins: [specForEmulator] },
  {
    // The bin: ESM only (package.json "type": "module"), keeps its shebang, no declarations needed.
    ...libraryBuild,
    entry: ['src/cli.ts'],
    format: ['esm'],
    dts: false,
    clean: false,
    treeshake: false,
    esbuildPlugins: [specForEmulator],
  },
])
