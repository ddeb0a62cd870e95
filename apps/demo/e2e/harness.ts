import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { crc32, deflateSync } from 'node:zlib'
import { createFaultProxy, type Emulator, type FaultProxy } from '@uc-conversation/emulator'
import react from '@vitejs/plugin-react'
import { type BrowserContext, chromium } from 'playwright-core'
import { createServer, type ViteDevServer } from 'vite'
import { launchChromium as launchBrowser } from '../../../scripts/launch-chromium'
import { type UcConversationPluginOptions, ucConversation } from '../server/uc-conversation-plugin'

export const demoRoot = fileURLToPath(new URL('..', import.meta.url))
export const resultsDir = join(demoRoot, 'test-results')
export { CHROMIUM } from '../../../scripts/launch-chromium'

/**
 * The dev server with the same plugin as `pnpm dev`, proxying to an emulator the test controls (or, with
 * `plugin.env.UC_SIMPLE_KEY`, to `plugin.env.UC_BASE_URL` as with a real account).
 */
export async function startDevServer(
  emulator: Emulator | undefined,
  plugin: Omit<UcConversationPluginOptions, 'emulator'> = {},
): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    root: demoRoot,
    configFile: false,
    logLevel: 'error',
    plugins: [
      react(),
      ucConversation({ ...(emulator ? { emulator } : {}), env: {}, log: () => {}, ...plugin }),
    ],
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
  })
  await server.listen()
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('the dev server did not report a URL')
  return { server, url }
}

/**
 * Debian's Chromium through playwright-core, with a fresh profile. Fails with a clear message when it cannot be
 * launched (never skipped: the suite is the demo's proof).
 */
export async function launchChromium(
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  mkdirSync(resultsDir, { recursive: true })
  return launchBrowser(chromium, { profilePrefix: 'uc-demo-chromium-', viewport })
}

/** A 64×64 PNG (a blue square), built without any image library. */
export function testPng(): Buffer {
  const width = 64
  const height = 64
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1)
    raw[row] = 0
    for (let x = 0; x < width; x++) raw.set([36, 87, 214], row + 1 + x * 3)
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body) >>> 0)
    return Buffer.concat([len, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/**
 * An emulator whose agent websockets go through a fault proxy on 127.0.0.1 (freeze, hold, drop frames), with
 * the console's dev server in front of it.
 */
export async function startWithFaultProxy(emulator: Emulator): Promise<{
  server: ViteDevServer
  url: string
  proxy: FaultProxy
  close: () => Promise<void>
}> {
  const direct = await emulator.listen({ port: 0 })
  const proxy = await createFaultProxy({ target: direct.websocketUrl })
  emulator.setWebsocketUrlRewrite(proxy.wrap)
  const { server, url } = await startDevServer(emulator)
  return {
    server,
    url,
    proxy,
    close: async () => {
      await server.close()
      await proxy.close()
      await direct.close()
    },
  }
}
