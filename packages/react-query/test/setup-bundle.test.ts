// @vitest-environment node
// The README's React setup bundles only the collections it uses: participants and the customer's context are
// session plug-ins, so a console that never shows them does not ship their code; nor does it ship the outbox's
// persistence (restore, saves, adoption of closing tabs' lists), which comes with a storage adapter. Bundles the built packages
// (dist: run `pnpm build` first) as scripts/size.mjs measures them.
import { dirname } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

/** The size script's own entry and esbuild settings for the React setup: one definition of "as measured". */
const size = (await import(new URL('../../../scripts/size.mjs', import.meta.url).href)) as {
  budgets: { entry: string; external: string[] }[]
  bundleOptions: (spec: {
    entry: string
    external: string[]
  }) => Record<string, unknown> & { entryPoints: string[] }
}
const setupEntry = size.budgets.find((b) => b.entry === 'react-setup.js')!
const setupOptions = size.bundleOptions(setupEntry)

/** The setup as measured, or (given `contents`) another entry beside it, bundled alike. */
const bundle = async (contents?: string): Promise<string> => {
  const result = await build({
    ...setupOptions,
    ...(contents === undefined
      ? {}
      : {
          entryPoints: [],
          stdin: { contents, resolveDir: dirname(setupOptions.entryPoints[0]!), loader: 'js' as const },
        }),
  })
  return (result.outputFiles as { text: string }[])[0]!.text
}

/** Code only rxjs's conversation-context.ts and conversation-participants.ts hold, as esbuild minifies it. */
const MARKERS = {
  'conversation-context.ts': 'current_url',
  'conversation-participants.ts': '{limit:1,signal',
}

describe('the React setup bundle', () => {
  it('holds neither the participants nor the context collection (they are present when an app uses them)', async () => {
    const [setup, using] = await Promise.all([
      bundle(),
      bundle("export { conversationContextOf, conversationParticipantsOf } from '@uc-conversation/rxjs'"),
    ])
    for (const [file, marker] of Object.entries(MARKERS)) {
      expect(using, `${file} found by its marker`).toContain(marker)
      expect(setup, `${file} left out of the setup`).not.toContain(marker)
    }
  })

  it("holds none of the outbox's persistence, which an app that passes a storage adapter does ship", async () => {
    const [setup, persisting] = await Promise.all([
      bundle(),
      bundle(`import { connectAgentSocket, webStorageOutbox } from '@uc-conversation/rxjs'
export const socket = (client) => connectAgentSocket(client, { outboxStorage: webStorageOutbox(localStorage) })`),
    ])
    // Code only rxjs's internal/outbox-persistence.ts holds: the restore of saved entries (checked as if
    // written, sized without the body limit) and the adoption of closing tabs' lists through `later`.
    for (const marker of ['maxBodyLength:Number.MAX_SAFE_INTEGER', '.later?.(']) {
      expect(persisting, `outbox-persistence.ts found by ${marker}`).toContain(marker)
      expect(setup, `outbox-persistence.ts left out of the setup (${marker})`).not.toContain(marker)
    }
  })
})
