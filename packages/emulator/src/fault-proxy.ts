import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'

/** What happens to one server→client text frame. `hold` keeps it until {@link FaultProxy.release}. */
export type ServerFrameAction = 'pass' | 'drop' | 'duplicate' | 'hold'
/** What happens to one client→server text frame. */
export type ClientFrameAction = 'pass' | 'drop'

/**
 * Decides a server→client text frame. `index` counts the text frames the server sent through this proxy, over
 * every connection (0-based), so "drop the 3rd frame" still means one frame after a reconnect; `connection`
 * numbers the client connections from 1.
 */
export type ServerFrameRule = (frame: string, index: number, connection: number) => ServerFrameAction
/** Decides a client→server text frame; `index` counts client text frames over every connection (0-based). */
export type ClientFrameRule = (frame: string, index: number, connection: number) => ClientFrameAction

/** Options of {@link createFaultProxy}. */
export interface FaultProxyOptions {
  /**
   * Websocket server to forward to, e.g. an emulator's `server.websocketUrl`. Only its origin is used: each
   * client's own path and query string (`/ws?jwt=…`) are sent to that origin unchanged.
   */
  target: string
  /** Port to listen on (127.0.0.1). `0` picks a free one. @default 0 */
  port?: number
}

/**
 * A websocket proxy on 127.0.0.1 that forwards frame by frame and misbehaves on demand: drops, duplicates,
 * holds and reorders frames, or freezes like a dead peer. Binary, ping and pong frames pass untouched (pings are
 * answered end to end, not by the proxy); close codes and reasons are forwarded both ways.
 */
export interface FaultProxy {
  /** `ws://127.0.0.1:<port>`. */
  readonly url: string
  /** Rewrites a websocket URL (e.g. the emulator's `websocket_url`) to go through the proxy: same path and query. */
  wrap(websocketUrl: string): string
  /** Rule for server→client text frames; `undefined` passes everything. */
  onServerFrame(rule: ServerFrameRule | undefined): void
  /** Rule for client→server text frames; `undefined` passes everything. */
  onClientFrame(rule: ClientFrameRule | undefined): void
  /** Sends the held frames, newest first (a reorder), each to its connection if it is still open. */
  release(): void
  /**
   * Freezes every connection, current and future, like a peer that hangs: nothing is forwarded either way, the
   * client's TCP socket is no longer read (its writes back up in the kernel) and nothing is answered: no close
   * frame, no pong, no FIN. A client's close handshake therefore hangs. Frames that arrived are kept and
   * forwarded, in order, by {@link FaultProxy.thaw}.
   */
  freeze(): void
  /** Ends a freeze: reading resumes and what was kept is forwarded through the rules. */
  thaw(): void
  readonly frozen: boolean
  /**
   * Client TCP sockets the proxy holds open (including ones whose close handshake is hanging). While frozen the
   * proxy reads nothing, so a client that destroys its socket is still counted until {@link FaultProxy.thaw},
   * as a hung peer would: check a bounded teardown on the client's side.
   */
  readonly connections: number
  /** Terminates every connection (no close frames) and stops listening. Resolves within a second at most. */
  close(): Promise<void>
}

/** Longest `close()` waits for the listening socket to close. */
const CLOSE_BOUND_MS = 1000

interface Link {
  id: number
  socket: Duplex
  client: WebSocket | undefined
  upstream: WebSocket
  /** Events that arrived while frozen, replayed in order on thaw. */
  backlog: (() => void)[]
}

// 1005 and 1006 are never sent in a close frame: "no code" is a bare close, "abnormal" is a drop.
const forwardClose = (to: WebSocket, code: number, reason: Buffer) => {
  if (to.readyState === WebSocket.CLOSED) return
  if (code === 1006) to.terminate()
  else if (code === 1005 || code === 0) to.close()
  else to.close(code, reason)
}

/** Starts a {@link FaultProxy}. */
export async function createFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target)
  const links = new Map<number, Link>()
  let sockets = 0
  let nextId = 1
  let serverIndex = 0
  let clientIndex = 0
  let serverRule: ServerFrameRule | undefined
  let clientRule: ClientFrameRule | undefined
  let frozen = false
  const held: { link: Link; data: Buffer }[] = []
  const openSockets = new Set<Duplex>()

  // maxPayload 0 = unlimited and no UTF-8 validation: size and encoding are the target's business, not ours.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 0,
    skipUTF8Validation: true,
    autoPong: false,
  })

  /** Runs `event` now, or keeps it for thaw. */
  const gate = (link: Link, event: () => void) => {
    if (frozen) link.backlog.push(event)
    else event()
  }

  const toClient = (link: Link, data: Buffer) => {
    if (link.client?.readyState === WebSocket.OPEN) link.client.send(data, { binary: false })
  }

  const fromServer = (link: Link, data: Buffer, isBinary: boolean) => {
    if (!link.client) return
    if (isBinary) return link.client.send(data, { binary: true })
    const action = serverRule ? serverRule(data.toString(), serverIndex, link.id) : 'pass'
    serverIndex++
    if (action === 'drop') return
    if (action === 'hold') {
      held.push({ link, data })
      return
    }
    toClient(link, data)
    if (action === 'duplicate') toClient(link, data)
  }

  const fromClient = (link: Link, data: Buffer, isBinary: boolean) => {
    if (link.upstream.readyState !== WebSocket.OPEN) return
    if (isBinary) return link.upstream.send(data, { binary: true })
    const action = clientRule ? clientRule(data.toString(), clientIndex, link.id) : 'pass'
    clientIndex++
    if (action === 'drop') return
    link.upstream.send(data, { binary: false })
  }

  const refuse = (socket: Duplex, status: number, text: string) => {
    if (!socket.destroyed) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n\r\n`)
  }

  const server = createServer((_req, res) => {
    res.writeHead(426, { connection: 'close' }).end()
  })

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {})
    openSockets.add(socket)
    sockets++
    socket.once('close', () => {
      openSockets.delete(socket)
      sockets--
    })
    const upstreamUrl = new URL(request.url ?? '/', target)
    const origin = request.headers.origin
    const upstream = new WebSocket(upstreamUrl, {
      autoPong: false,
      skipUTF8Validation: true,
      maxPayload: 0,
      ...(origin ? { origin } : {}),
    })
    const link: Link = { id: nextId++, socket, client: undefined, upstream, backlog: [] }
    links.set(link.id, link)
    upstream.on('error', () => {
      if (!link.client) refuse(socket, 502, 'Bad Gateway')
    })
    upstream.on('unexpected-response', (_req, res) => {
      refuse(socket, res.statusCode ?? 502, res.statusMessage ?? 'Bad Gateway')
      res.resume()
      upstream.terminate()
    })
    socket.once('close', () => {
      if (!link.client) {
        links.delete(link.id)
        upstream.terminate()
      }
    })
    upstream.on('open', () => {
      if (socket.destroyed) return upstream.terminate()
      wss.handleUpgrade(request, socket, head, (client) => {
        link.client = client
        client.on('error', () => {})
        if (frozen) client.pause()
        client.on('message', (data, isBinary) => gate(link, () => fromClient(link, data as Buffer, isBinary)))
        client.on('ping', (data) => gate(link, () => upstream.ping(data)))
        client.on('pong', (data) => gate(link, () => upstream.pong(data)))
        client.on('close', (code, reason) => {
          links.delete(link.id)
          forwardClose(upstream, code, reason)
        })
        upstream.on('message', (data, isBinary) =>
          gate(link, () => fromServer(link, data as Buffer, isBinary)),
        )
        upstream.on('ping', (data) => gate(link, () => client.ping(data)))
        upstream.on('pong', (data) => gate(link, () => client.pong(data)))
        upstream.on('close', (code, reason) => gate(link, () => forwardClose(client, code, reason)))
        if (frozen) upstream.pause()
      })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const url = `ws://127.0.0.1:${port}`
  let closing: Promise<void> | undefined

  return {
    url,
    wrap(websocketUrl) {
      const u = new URL(websocketUrl)
      return `${url}${u.pathname}${u.search}`
    },
    onServerFrame(rule) {
      serverRule = rule
    },
    onClientFrame(rule) {
      clientRule = rule
    },
    release() {
      const frames = held.splice(0).reverse()
      for (const { link, data } of frames) toClient(link, data)
    },
    freeze() {
      if (frozen) return
      frozen = true
      for (const link of links.values()) {
        // ws.pause() pauses the underlying net.Socket: the close frame and pings stay unread in the kernel.
        link.client?.pause()
        link.upstream.pause()
      }
    },
    thaw() {
      if (!frozen) return
      frozen = false
      for (const link of [...links.values()]) {
        for (const event of link.backlog.splice(0)) event()
        link.client?.resume()
        link.upstream.resume()
      }
    },
    get frozen() {
      return frozen
    },
    get connections() {
      return sockets
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        const done = setTimeout(resolve, CLOSE_BOUND_MS)
        done.unref?.()
        for (const link of links.values()) {
          link.client?.terminate()
          link.upstream.terminate()
        }
        links.clear()
        for (const socket of openSockets) (socket as Socket).destroy()
        wss.close()
        server.close(() => {
          clearTimeout(done)
          resolve()
        })
        server.closeAllConnections()
      })
      return closing
    },
  }
}
