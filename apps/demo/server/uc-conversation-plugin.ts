import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { DEFAULT_BASE_URL } from '@uc-conversation/core'
import {
  createConversationProxy,
  DEFAULT_PROXY_TIMEOUT_MS,
  proxyErrorResponse,
} from '@uc-conversation/core/proxy'
import { createEmulator, EMULATOR_SIMPLE_KEY, type Emulator } from '@uc-conversation/emulator'
import type { Plugin, PreviewServer, ViteDevServer } from 'vite'

/** Where the browser's client sends REST calls (same origin; the dev server adds the credentials). */
export const API_PREFIX = '/api/uc'
/** How long the proxy waits for UltraCart's answer headers before answering 504. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = DEFAULT_PROXY_TIMEOUT_MS

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
  /**
   * Milliseconds to wait for the upstream's answer; then the browser gets 504 in UltraCart's error envelope.
   * @default DEFAULT_UPSTREAM_TIMEOUT_MS
   */
  upstreamTimeoutMs?: number
}

interface Upstream {
  /** core's conversation proxy, mounted at `${API_PREFIX}/rest/v2`. */
  handle: (request: Request) => Promise<Response>
  close(): Promise<void>
}

/** The dev server serves this machine only: a request from elsewhere must not use the merchant's key. */
const isLoopback = (address: string | undefined) =>
  address === '::1' || address?.startsWith('127.') === true || address?.startsWith('::ffff:127.') === true

/**
 * The agent console's server side: the UltraCart emulator with simulated customers (or, with `UC_SIMPLE_KEY`,
 * the real UltraCart), reached by the browser through `/api/uc/rest/v2/*` on the dev server. The proxy adds the
 * simple key, so no credential ever reaches the browser bundle.
 */
export function ucConversation(options: UcConversationPluginOptions = {}): Plugin {
  const env = options.env ?? process.env
  const log = options.log ?? ((line: string) => console.log(`  \x1b[36m[uc-conversation]\x1b[0m ${line}`))
  let upstream: Promise<Upstream> | undefined

  const timeoutMs = options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS
  // The peer address of each request, for `authorize` (a fetch Request does not carry it).
  const peers = new WeakMap<Request, string | undefined>()

  /** core's conversation proxy to `baseUrl` with `simpleKey`, or, for a malformed key, a 500 naming it. */
  const proxyTo = (baseUrl: string, simpleKey: string): Upstream['handle'] => {
    try {
      return createConversationProxy({
        simpleKey,
        baseUrl,
        basePath: `${API_PREFIX}/rest/v2`,
        timeoutMs,
        authorize: (request) => isLoopback(peers.get(request)),
        onFailure: (failure, request) =>
          log(`${request.method} ${new URL(request.url).pathname}: ${failure.developerMessage}`),
      })
    } catch (error) {
      const rule = error instanceof Error ? error.message : String(error)
      log(`UC_SIMPLE_KEY refused: ${rule.includes('simpleKey') ? 'not a valid header value' : rule}`)
      return async () =>
        proxyErrorResponse({
          status: 500,
          errorCode: 'proxy_config',
          developerMessage: 'proxy: UC_SIMPLE_KEY is not a valid header value (CR, LF, NUL or non-Latin-1)',
          userMessage: 'The dev server’s UC_SIMPLE_KEY is malformed; fix it and restart.',
        })
    }
  }

  const start = (origins: string[]): Promise<Upstream> => {
    if (env.UC_SIMPLE_KEY) {
      const baseUrl = (env.UC_BASE_URL || DEFAULT_BASE_URL).replace(/\/+$/, '')
      log(`proxying ${API_PREFIX}/rest/v2 to ${baseUrl} with UC_SIMPLE_KEY (kept on the server)`)
      return Promise.resolve({ handle: proxyTo(baseUrl, env.UC_SIMPLE_KEY), close: async () => {} })
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
        handle: proxyTo(server.url, EMULATOR_SIMPLE_KEY),
        close: async () => {
          await server.close()
          if (own) await emulator.close()
        },
      }
    })
  }

  // Node's request and response as a fetch Request and Response (Hono's adapter: streams both ways, and
  // aborts the Request's signal when the browser goes away).
  const listener = getRequestListener(async (request, { incoming }) => {
    peers.set(request, incoming.socket.remoteAddress)
    const ready = await upstream!
    return ready.handle(request)
  })

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
    server.middlewares.use((req, res, next) => {
      if (!(req.url ?? '').startsWith(`${API_PREFIX}/rest/v2/`) || !upstream) return next()
      void listener(req, res)
    })
  }

  return {
    name: 'uc-conversation',
    configureServer: attach,
    configurePreviewServer: attach,
  }
}
