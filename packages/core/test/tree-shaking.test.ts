// What a bundle carries of core when it imports one small thing: esbuild (what scripts/size.mjs measures with)
// over core's build, as users get it. The build puts many source files in one chunk, so a top-level value built
// by a call esbuild cannot prove free of side effects stays in every bundle that loads the chunk, with everything
// it references (the test task runs after the build).
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const dist = fileURLToPath(new URL('../dist/', import.meta.url))

const bundle = async (contents: string) => {
  const result = await build({
    stdin: { contents, resolveDir: dist },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

describe('tree-shaking', () => {
  it('a bundle of one constant carries no operation row, error class or scope table', async () => {
    const code = await bundle("export { DEFAULT_BASE_URL } from './index.js'")
    expect(code).not.toContain('/conversation/')
    expect(code).not.toContain('conversation_read')
    expect(code).not.toContain('Invalid ')
    expect(code).not.toContain('1024')
  })

  it('a bundle of the client carries the eleven rows it calls, not the other operations', async () => {
    const code = await bundle("export { createConversationClient } from './index.js'")
    expect(code).toContain('"getConversationMessages"')
    expect(code).not.toContain('getConversationCannedMessages')
  })
})
