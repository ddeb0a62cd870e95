import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DEFAULT_BASE_URL } from '@uc-conversation/core'
import { createEmulator, EMULATOR_SIMPLE_KEY, type Emulator } from '@uc-conversation/emulator'
import type { Plugin, PreviewServer, ViteDevServer } from 'vite'
import {
  errorEnvelope,
  headerSafe,
  scrubSecrets,
  type UpstreamFailure,
  upstreamFailure,
  upstreamStatusFailure,
} from './upstream-failure.ts'

/** Where the browser's client sends REST calls (same origin; the dev server adds the credentials). */
export const API_PREFIX = '/api/uc'
/** How long the proxy waits for UltraCart's answer headers before answering 504. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000

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

/** What `Headers` accepts: no CR, LF or NUL, nothing outside Latin-1 (else fetch throws with the value in the text). */
const isHeaderValue = (value: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value)

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

  const timeoutMs = options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS
  const secrets = [env.UC_SIMPLE_KEY ?? '', EMULATOR_SIMPLE_KEY]

  const fail = (res: ServerResponse, failure: UpstreamFailure) => {
    res.statusCode = failure.status
    res.setHeader('content-type', 'application/json')
    res.setHeader('UC-REST-ERROR', headerSafe(failure.developerMessage))
    res.end(errorEnvelope(failure))
  }

  const proxy = async (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    const url = req.url ?? ''
    if (!url.startsWith(`${API_PREFIX}/rest/v2/`) || !upstream) return next()
    let target = ''
    try {
      const { baseUrl, simpleKey } = await upstream
      target = baseUrl + url.slice(`${API_PREFIX}/rest/v2`.length)
      if (!isHeaderValue(simpleKey))
        return fail(res, {
          status: 500,
          developerMessage: 'proxy: UC_SIMPLE_KEY is not a valid header value (CR, LF, NUL or non-Latin-1)',
          userMessage: 'The dev server’s UC_SIMPLE_KEY is malformed; fix it and restart.',
        })
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers))
        if (!DROP_REQUEST.has(name) && typeof value === 'string' && isHeaderValue(value))
          headers.set(name, value)
      headers.set('x-ultracart-simple-key', simpleKey)
      const method = req.method ?? 'GET'
      const body = method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(await readBody(req))
      const response = await fetch(target, {
        method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      const payload = Buffer.from(await response.arrayBuffer())
      if (response.status >= 400) {
        // An error answer passes through as UltraCart gave it, unless it is not the envelope (an HTML page
        // from a load balancer, an empty 401): then the same status, described in the envelope.
        const restError = response.headers.get('uc-rest-error') ?? undefined
        const text = payload.toString('utf8')
        let envelope = false
        try {
          envelope = typeof (JSON.parse(text) as { error?: unknown }).error === 'object'
        } catch {
          envelope = false
        }
        if (!envelope)
          return fail(
            res,
            upstreamStatusFailure(response.status, restError && scrubSecrets(restError, secrets)),
          )
        res.statusCode = response.status
        response.headers.forEach((value, name) => {
          if (!DROP_RESPONSE.has(name)) res.setHeader(name, scrubSecrets(value, secrets))
        })
        if (!restError) res.setHeader('UC-REST-ERROR', `upstream answered ${response.status}`)
        return res.end(scrubSecrets(text, secrets))
      }
      res.statusCode = response.status
      response.headers.forEach((value, name) => {
        if (!DROP_RESPONSE.has(name)) res.setHeader(name, value)
      })
      res.end(payload)
    } catch (error) {
      const failure = upstreamFailure(error, { target, timeoutMs, secrets })
      log(`${req.method ?? 'GET'} ${url}: ${failure.developerMessage}`)
      if (!res.headersSent) fail(res, failure)
      else res.destroy()
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
