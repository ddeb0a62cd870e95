import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { getRequestListener } from '@hono/node-server'
import { DEFAULT_BASE_URL } from '@uc-conversation/core'
import {
  AGENT_CONSOLE_OPERATIONS,
  deleteConversationCannedMessage,
  insertConversationCannedMessage,
  updateConversationCannedMessage,
} from '@uc-conversation/core/operations'
import {
  createConversationProxy,
  DEFAULT_PROXY_TIMEOUT_MS,
  PROXY_ANSWER_HEADERS,
  proxyErrorResponse,
} from '@uc-conversation/core/proxy'
import { createEmulator, EMULATOR_SIMPLE_KEY, type Emulator } from '@uc-conversation/emulator'
import type { HtmlTagDescriptor, Plugin, PreviewServer, ViteDevServer } from 'vite'
import { DEV_HEADERS_META, DEV_SECRET_HEADER, devRequestRefusal, secretMatches } from './dev-proxy-guard'

export { DEV_HEADERS_META, DEV_SECRET_HEADER } from './dev-proxy-guard'

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

/**
 * The agent console's server side: the UltraCart emulator with simulated customers (or, with `UC_SIMPLE_KEY`,
 * the real UltraCart), reached by the browser through `/api/uc/rest/v2/*` on the dev server. The proxy adds the
 * simple key, so no credential ever reaches the browser bundle. Who may use it:
 * - only this machine's browser: other peers, forwarded requests (tunnels) and non-loopback `Host` names are
 *   refused for every path, the page included (`devRequestRefusal`);
 * - only the page this dev server served: a secret made at each start is written into the page
 *   (`<meta name="uc-dev-proxy-headers">`) and required in `x-uc-dev-secret` on every proxied request. Vite's
 *   CORS is turned off, so another local page (`http://localhost:8080`) can neither read the page nor call the
 *   proxy;
 * - only the agent console's operations (`AGENT_CONSOLE_OPERATIONS`), and only from this origin (core's proxy
 *   refuses cross-site requests and requests without its client header).
 */
export function ucConversation(options: UcConversationPluginOptions = {}): Plugin {
  const env = options.env ?? process.env
  const log = options.log ?? ((line: string) => console.log(`  \x1b[36m[uc-conversation]\x1b[0m ${line}`))
  let upstream: Promise<Upstream> | undefined

  const timeoutMs = options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS
  // Made at each start, held in this closure and the page only: other local pages and tunnels never see it.
  const secret = randomBytes(32).toString('base64url')
  const fromOwnPage = (request: Request) => secretMatches(request.headers.get(DEV_SECRET_HEADER), secret)
  let command: 'serve' | 'build' = 'serve'

  /** core's conversation proxy to `baseUrl` with `simpleKey`, or, for a malformed key, a 500 naming it. */
  const proxyTo = (baseUrl: string, simpleKey: string, origins: string[]): Upstream['handle'] => {
    try {
      return createConversationProxy({
        // The console's saved-reply dialog adds, edits and deletes canned messages: named here, beside the set.
        operations: {
          ...AGENT_CONSOLE_OPERATIONS,
          insertConversationCannedMessage,
          updateConversationCannedMessage,
          deleteConversationCannedMessage,
        },
        simpleKey,
        baseUrl,
        basePath: `${API_PREFIX}/rest/v2`,
        timeoutMs,
        allowedOrigins: origins,
        authorize: ({ request }) => fromOwnPage(request),
        authenticate: fromOwnPage,
        onFailure: (event) => log(`${event.method} ${event.path}: ${event.status} ${event.detail}`),
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
      return Promise.resolve({
        handle: proxyTo(baseUrl, env.UC_SIMPLE_KEY, origins),
        close: async () => {},
      })
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
        handle: proxyTo(server.url, EMULATOR_SIMPLE_KEY, origins),
        close: async () => {
          await server.close()
          if (own) await emulator.close()
        },
      }
    })
  }

  // Node's request and response as a fetch Request and Response (Hono's adapter: streams both ways, and
  // aborts the Request's signal when the browser goes away).
  const listener = getRequestListener(async (request) => {
    const ready = await upstream!
    return ready.handle(request)
  })

  /** The `<meta>` holding the headers the page's client sends: the secret. */
  const secretTag: HtmlTagDescriptor = {
    tag: 'meta',
    attrs: { name: DEV_HEADERS_META, content: JSON.stringify({ [DEV_SECRET_HEADER]: secret }) },
    injectTo: 'head',
  }

  const refuse = (res: ServerResponse, reason: string) => {
    log(`refused: ${reason}`)
    const answer = proxyErrorResponse({
      status: 403,
      errorCode: 'dev_server_local_only',
      developerMessage: 'This dev server serves this machine only.',
      userMessage: 'This dev server serves this machine only.',
    })
    res.writeHead(403, Object.fromEntries(answer.headers))
    void answer.text().then((text) => res.end(text))
  }

  const attach = (server: ViteDevServer | PreviewServer, preview: boolean) => {
    const http = server.httpServer
    const origins = (port: number) => [
      `http://localhost:${port}`,
      `http://127.0.0.1:${port}`,
      `http://[::1]:${port}`,
    ]
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
    // Added here, before Vite's own middlewares (its CORS among them), for every path.
    server.middlewares.use((req, res, next) => {
      const refusal = devRequestRefusal(req.socket.remoteAddress, req.headers)
      if (refusal) return refuse(res, `${req.method} ${req.url}: ${refusal}`)
      const path = (req.url ?? '').split('?')[0] ?? ''
      if (path.startsWith(`${API_PREFIX}/`) && upstream) return void listener(req, res)
      // `vite preview` serves the built page, which holds no secret (a build must not carry one): add it here.
      if (preview && req.method === 'GET' && (path === '/' || path === '/index.html'))
        return void servePreviewPage(server as PreviewServer, res).catch(next)
      next()
    })
  }

  const servePreviewPage = async (server: PreviewServer, res: ServerResponse) => {
    const file = join(resolve(server.config.root, server.config.build.outDir), 'index.html')
    const html = (await readFile(file, 'utf8')).replace(
      '</head>',
      `<meta name="${DEV_HEADERS_META}" content="${escapeAttribute(JSON.stringify({ [DEV_SECRET_HEADER]: secret }))}">\n</head>`,
    )
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...PROXY_ANSWER_HEADERS })
    res.end(html)
  }

  return {
    name: 'uc-conversation',
    // No CORS anywhere on the dev server: Vite's default answers any localhost origin, which would let another
    // local page read the page (and its secret) and call the proxy.
    config: () => ({ server: { cors: false }, preview: { cors: false } }),
    configResolved: (config) => {
      command = config.command
    },
    transformIndexHtml: () => (command === 'serve' ? [secretTag] : []),
    configureServer: (server) => attach(server, false),
    configurePreviewServer: (server) => attach(server, true),
  }
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
