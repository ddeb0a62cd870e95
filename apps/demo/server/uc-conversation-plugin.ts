import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DEFAULT_BASE_URL } from '@uc-conversation/core'
import { createEmulator, EMULATOR_SIMPLE_KEY, type Emulator } from '@uc-conversation/emulator'
import type { Plugin, PreviewServer, ViteDevServer } from 'vite'

/** Where the browser's client sends REST calls (same origin; the dev server adds the credentials). */
export const API_PREFIX = '/api/uc'

export interface UcConversationPluginOptions {
  /**
   * An emulator owned by the caller (tests drive its customers and sockets). It is listened on, and that server
   * closed with the dev server; the emulator itself stays the caller's to close.
   * @default one created here with the demo data and simulated customers, unless `UC_SIMPLE_KEY` is set
   */
  emulator?: Emulator
  /**
   * Environment: `UC_SIMPLE_KEY` (a real UltraCart simple key: proxy to UltraCart instead of the emulator),
   * `UC_BASE_URL` (default UltraCart's), `UC_CUSTOMERS_INTERVAL_MS` (emulator customers' tick, default 15000,
   * 0 for none).
   * @default process.env
   */
  env?: Record<string, string | undefined>
  /** @default console.log with a prefix */
  log?: (line: string) => void
}

interface Upstream {
  baseUrl: string
  simpleKey: string
  close(): Promise<void>
}

/** Request headers that describe the hop, not the request, or carry credentials the browser must not choose. */
const DROP_REQUEST = new Set([
  'host',
  'connection',
  'content-length',
  'accept-encoding',
  'origin',
  'referer',
  'cookie',
  'authorization',
  'x-ultracart-simple-key',
])
const DROP_RESPONSE = new Set([
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
  'set-cookie',
])

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/**
 * The agent console's server side: the UltraCart emulator with simulated customers (or, with `UC_SIMPLE_KEY`,
 * the real UltraCart), reached by the browser through `/api/uc/rest/v2/*` on the dev server. The proxy adds the
 * simple key, so no credential ever reaches the browser bundle.
 */
export function ucConversation(options: UcConversationPluginOptions = {}): Plugin {
  const env = options.env ?? process.env
  const log = options.log ?? ((line: string) => console.log(`  \x1b[36m[uc-conversation]\x1b[0m ${line}`))
  let upstream: Promise<Upstream> | undefined

  const start = (origins: string[]): Promise<Upstream> => {
    if (env.UC_SIMPLE_KEY) {
      const baseUrl = (env.UC_BASE_URL || DEFAULT_BASE_URL).replace(/\/+$/, '')
      log(`proxying ${API_PREFIX}/rest/v2 to ${baseUrl} with UC_SIMPLE_KEY (kept on the server)`)
      return Promise.resolve({ baseUrl, simpleKey: env.UC_SIMPLE_KEY, close: async () => {} })
    }
    const own = !options.emulator
    const emulator =
      options.emulator ?? createEmulator({ demoData: true, corsOrigins: origins, log: undefined })
    const every = Number(env.UC_CUSTOMERS_INTERVAL_MS ?? 15_000)
    if (own && every > 0) emulator.customers.start(every)
    return emulator.listen({ port: 0 }).then((server) => {
      log(
        `emulator with simulated customers at ${server.url}` +
          (own && every > 0 ? ` (a customer every ~${Math.round(every / 1000)} s)` : ''),
      )
      return {
        baseUrl: server.url,
        simpleKey: EMULATOR_SIMPLE_KEY,
        close: async () => {
          await server.close()
          if (own) await emulator.close()
        },
      }
    })
  }

  const proxy = async (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    const url = req.url ?? ''
    if (!url.startsWith(`${API_PREFIX}/rest/v2/`) || !upstream) return next()
    try {
      const { baseUrl, simpleKey } = await upstream
      const target = baseUrl + url.slice(`${API_PREFIX}/rest/v2`.length)
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers))
        if (!DROP_REQUEST.has(name) && typeof value === 'string') headers.set(name, value)
      headers.set('x-ultracart-simple-key', simpleKey)
      const method = req.method ?? 'GET'
      const body = method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(await readBody(req))
      const response = await fetch(target, { method, headers, body, redirect: 'manual' })
      res.statusCode = response.status
      response.headers.forEach((value, name) => {
        if (!DROP_RESPONSE.has(name)) res.setHeader(name, value)
      })
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch (error) {
      res.statusCode = 502
      res.setHeader('content-type', 'application/json')
      res.end(
        JSON.stringify({
          success: false,
          error: {
            developer_message: `proxy: ${error instanceof Error ? error.message : String(error)}`,
            user_message: 'The conversation server cannot be reached right now.',
          },
          metadata: {},
        }),
      )
    }
  }

  const attach = (server: ViteDevServer | PreviewServer) => {
    const http = server.httpServer
    const origins = (port: number) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`]
    if (!http) upstream = start(origins(5173))
    else
      http.once('listening', () => {
        const address = http.address() as AddressInfo | null
        upstream = start(origins(address?.port ?? 5173))
        upstream.catch((error) => log(`could not start: ${error instanceof Error ? error.message : error}`))
      })
    http?.once('close', () => {
      void upstream?.then((u) => u.close())
    })
    server.middlewares.use((req, res, next) => void proxy(req, res, next))
  }

  return {
    name: 'uc-conversation',
    configureServer: attach,
    configurePreviewServer: attach,
  }
}
