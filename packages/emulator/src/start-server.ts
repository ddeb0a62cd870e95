import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { getRequestListener } from '@hono/node-server'
import type { Hono } from 'hono'
import { errorResponse, HttpError, rawErrorResponse } from './http-error'
import type { AppEnv, Internals } from './internals'
import { createSocketServer } from './websocket'

/** Options of {@link Emulator.listen}. */
export interface ListenOptions {
  /** `0` picks a free port. @default 0 */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
}

/** A running HTTP + websocket server. */
export interface EmulatorServer {
  /** REST base URL, ending in `/rest/v2` (use as the client's `baseUrl`). */
  url: string
  /** The websocket endpoint (without a JWT; `getAgentWebsocketAuthorization` returns it too). */
  websocketUrl: string
  port: number
  host: string
  /** Closes the sockets and connections of this server and stops listening. */
  close(): Promise<void>
}

const badTarget = (target: string) =>
  new HttpError(
    400,
    `request target ${JSON.stringify(target.slice(0, 50))} is not a path: only origin-form targets like /rest/v2/… are served`,
    'Bad request.',
    'bad_request',
  )

/** Serves the app and the websocket endpoint on a Node HTTP server. @internal */
export async function startServer(
  ctx: Internals,
  app: Hono<AppEnv>,
  maxFrameBytes: number,
  { port = 0, host = '127.0.0.1' }: ListenOptions,
  onClose: (server: EmulatorServer) => void,
): Promise<EmulatorServer> {
  const listener = getRequestListener((request, env) => app.fetch(request, env), {
    overrideGlobalObjects: false,
  })
  const server = createServer((req, res) => {
    // Only origin-form (`/path`) and absolute-form targets name a resource; `*` (asterisk-form) does not.
    const target = req.url ?? ''
    if (!target.startsWith('/') && !/^https?:\/\//i.test(target)) {
      const answer = errorResponse(badTarget(target))
      void answer.text().then((body) => {
        res.writeHead(answer.status, {
          ...Object.fromEntries(answer.headers),
          'content-length': Buffer.byteLength(body),
          connection: 'close',
        })
        res.end(body)
      })
      return
    }
    void listener(req, res)
  })
  const sockets = createSocketServer(ctx, maxFrameBytes)
  server.on('upgrade', sockets.handleUpgrade)
  // Node hands CONNECT to this event and, without a listener, drops the connection unanswered.
  server.on('connect', (_req, socket: Duplex) => {
    socket.on('error', () => {})
    socket.end(
      rawErrorResponse(
        new HttpError(
          405,
          'CONNECT is not supported: this is an API, not a proxy.',
          'Method not allowed.',
          'method_not_allowed',
          {
            Allow: 'GET, HEAD, POST, PUT, DELETE',
          },
        ),
      ),
    )
  })
  // Requests Node's parser refuses (unknown methods, malformed heads) still get the error envelope.
  server.on('clientError', (_error, socket) => {
    if (!socket.writable) return socket.destroy()
    socket.end(rawErrorResponse(new HttpError(400, 'malformed HTTP request', 'Bad request.', 'bad_request')))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const hostInUrl = host.includes(':') ? `[${host}]` : host
  const origin = `http://${hostInUrl}:${address.port}`
  let closing: Promise<void> | undefined
  const handle: EmulatorServer = {
    url: `${origin}/rest/v2`,
    websocketUrl: `ws://${hostInUrl}:${address.port}${ctx.config.websocketPath}`,
    port: address.port,
    host,
    close() {
      closing ??= new Promise<void>((resolve) => {
        onClose(handle)
        sockets.close()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
  return handle
}
