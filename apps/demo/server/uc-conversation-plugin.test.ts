import { createEmulator, EMULATOR_SIMPLE_KEY } from '@uc-conversation/emulator'
import { createServer } from 'vite'
import { afterAll, describe, expect, it } from 'vitest'
import { ucConversation } from './uc-conversation-plugin'

describe('dev-server proxy with UC_SIMPLE_KEY (a real account)', () => {
  const emulator = createEmulator()
  afterAll(() => emulator.close())

  const start = async (key: string) => {
    const upstream = await emulator.listen({ port: 0 })
    const server = await createServer({
      configFile: false,
      logLevel: 'silent',
      plugins: [ucConversation({ env: { UC_SIMPLE_KEY: key, UC_BASE_URL: upstream.url }, log: () => {} })],
      server: { host: '127.0.0.1', port: 0, hmr: false },
    })
    await server.listen()
    const base = `${server.resolvedUrls!.local[0]!.replace(/\/$/, '')}/api/uc/rest/v2`
    return {
      base,
      close: async () => {
        await server.close()
        await upstream.close()
      },
    }
  }

  it('adds the key server-side; a key sent by the browser is dropped', async () => {
    const good = await start(EMULATOR_SIMPLE_KEY)
    try {
      const ok = await fetch(`${good.base}/conversation/conversations/queues/statuses`)
      expect(ok.status).toBe(200)
      expect(((await ok.json()) as { success: boolean }).success).toBe(true)
    } finally {
      await good.close()
    }
    const bad = await start('not-a-key')
    try {
      // Even a correct key from the browser does not get through: only the server's counts.
      const denied = await fetch(`${bad.base}/conversation/conversations/queues/statuses`, {
        headers: { 'x-ultracart-simple-key': EMULATOR_SIMPLE_KEY },
      })
      expect(denied.status).toBe(401)
      const body = (await denied.json()) as { error?: { user_message?: string } }
      expect(body.error?.user_message).toBeTruthy()
    } finally {
      await bad.close()
    }
  })
})
