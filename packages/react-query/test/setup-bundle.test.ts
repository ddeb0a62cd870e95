// @vitest-environment node
// The README's React setup bundles only the collections it uses: participants and the customer's context are
// session plug-ins, so a console that never shows them does not ship their code. Bundles the built packages
// (dist: run `pnpm build` first) as scripts/size.mjs measures them.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const sizeEntries = fileURLToPath(new URL('../../../scripts/size/', import.meta.url))

const bundle = async (entry: { file: string } | { contents: string }): Promise<string> => {
  const result = await build({
    ...('file' in entry
      ? { entryPoints: [sizeEntries + entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: sizeEntries, loader: 'js' as const } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    external: ['react', 'react/*', '@tanstack/react-query', 'rxjs', 'rxjs/*'],
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

/** Code only rxjs's conversation-context.ts and conversation-participants.ts hold, as esbuild minifies it. */
const MARKERS = {
  'conversation-context.ts': 'current_url',
  'conversation-participants.ts': '{limit:1,signal',
}

describe('the React setup bundle', () => {
  it('holds neither the participants nor the context collection (they are present when an app uses them)', async () => {
    const [setup, using] = await Promise.all([
      bundle({ file: 'react-setup.js' }),
      bundle({
        contents: "export { conversationContextOf, conversationParticipantsOf } from '@uc-conversation/rxjs'",
      }),
    ])
    for (const [file, marker] of Object.entries(MARKERS)) {
      expect(using, `${file} found by its marker`).toContain(marker)
      expect(setup, `${file} left out of the setup`).not.toContain(marker)
    }
  })
})
