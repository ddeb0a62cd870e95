import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { decodeFrame } from '@uc-conversation/core'
import { type WebSocket, WebSocketServer } from 'ws'
import { cartItemOf } from './catalogue'
import { type AgentConnection, CLOSE_CODES, type ConnectionEntry } from './hub'
import type { Internals } from './internals'
import { MAX_MESSAGE_BODY_LENGTH } from './options'
import { catalogueEntry } from './webchat-context'

// `ws` would close the socket (1007) on invalid UTF-8; decoding here lets such a frame be ignored like any bad one.
const utf8 = new TextDecoder('utf-8', { fatal: true })
const textOf = (data: unknown): string | undefined => {
  try {
    return utf8.decode(data as Uint8Array)
  } catch {
    return undefined
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const stringList = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.length <= 2048) : undefined

/**
 * Checks the JWT of a new connection. On success the connection joins the hub; on failure it is closed
 * with {@link CLOSE_CODES} and a reason. @internal
 */
export function openAgentConnection(
  ctx: Internals,
  url: URL,
  connection: AgentConnection,
): ConnectionEntry | undefined {
  const tokens = url.searchParams.getAll(ctx.config.jwtParam)
  if (tokens.length > 1) {
    connection.close(CLOSE_CODES.BAD_REQUEST, `${ctx.config.jwtParam} given more than once`)
    return undefined
  }
  const token = tokens[0]
  if (!token) {
    connection.close(CLOSE_CODES.UNAUTHORIZED, 'jwt missing')
    return undefined
  }
  const result = ctx.jwt.verify(token)
  if (!result.ok) {
    connection.close(
      CLOSE_CODES.UNAUTHORIZED,
      result.problem === 'expired' ? 'jwt expired' : `jwt invalid (${result.problem})`,
    )
    return undefined
  }
  if (!ctx.state.agents.has(result.claims.sub) || result.claims.merchant_id !== ctx.state.merchantId) {
    connection.close(CLOSE_CODES.UNAUTHORIZED, 'jwt invalid (unknown agent)')
    return undefined
  }
  return ctx.hub.add(result.claims.sub, connection, result.claims.exp * 1000 - ctx.clock.now())
}

/**
 * Handles one frame from an agent. Decoded with core's `decodeFrame`; anything malformed, unknown, or about a
 * conversation the agent is not active in is ignored (no answer, the socket stays open). @internal
 */
export function handleAgentFrame(ctx: Internals, entry: ConnectionEntry, data: unknown): void {
  if (!ctx.hub.isOpen(entry) || entry.silent) return
  const decoded = decodeFrame(data)
  if (!decoded.ok) return
  const frame = decoded.frame
  if (frame.type === 'ping') {
    // The answer to a ping is a ping (the fact sheet's frame types have no pong).
    if (ctx.config.answerPings) ctx.hub.send(entry, { type: 'ping' })
    return
  }
  const uuid = frame.conversation_uuid
  if (!uuid || !UUID.test(uuid)) return
  const conversation = ctx.state.conversations.get(uuid.toLowerCase())
  if (!conversation) return
  if (frame.type === 'check queue position') {
    ctx.hub.send(entry, ctx.service.queuePositionFor(conversation))
    return
  }
  const me = conversation.participants.find((p) => p.arn === entry.agentArn && p.status === 'active')
  if (!me) return
  if (frame.type === 'message') {
    const m = frame.message
    if (typeof m.body !== 'string') return
    if (m.body.length > MAX_MESSAGE_BODY_LENGTH) {
      // Refused where the sender sees it, never stored cut short: the same close a frame over maxFrameBytes gets.
      ctx.hub.remove(entry)
      entry.connection.close(
        CLOSE_CODES.MESSAGE_TOO_BIG,
        `message body over ${MAX_MESSAGE_BODY_LENGTH} characters`,
      )
      return
    }
    const mediaUrls = stringList(m.media_urls)
    const uploadKeys = stringList(m.upload_keys)
    ctx.service.postMessage(conversation, me, {
      body: m.body,
      ...(typeof m.client_message_id === 'string'
        ? { client_message_id: m.client_message_id.slice(0, 200) }
        : {}),
      ...(mediaUrls ? { media_urls: mediaUrls } : {}),
      ...(uploadKeys ? { upload_keys: uploadKeys } : {}),
    })
    return
  }
  if (frame.event_type === 'typing') {
    const value = frame.event_typing?.value
    ctx.service.typing(conversation, me, typeof value === 'string' ? value : '', entry)
  } else if (frame.event_type === 'add item') {
    ctx.service.addItems(conversation, me, cartItemsFrom(frame.event_add_item?.items), entry)
  } else if (frame.event_type === 'add coupon') {
    const code = frame.event_add_coupon?.coupon_code
    if (typeof code === 'string' && /^[\w-]{1,50}$/.test(code))
      ctx.service.addCoupon(conversation, me, code, entry)
  } else if (frame.event_type === 'read message') {
    const read = frame.event_read_message
    ctx.service.markRead(conversation, me, {
      ...(typeof read?.conversation_message_uuid === 'string'
        ? { uuid: read.conversation_message_uuid }
        : {}),
      ...(typeof read?.message_epoch === 'number' ? { epoch: read.message_epoch } : {}),
    })
  }
}

/** Websocket upgrades for one HTTP server. @internal */
export function createSocketServer(ctx: Internals, maxFrameBytes: number) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxFrameBytes,
    clientTracking: true,
    skipUTF8Validation: true,
  })
  const origins = ctx.config.corsOrigins

  const attach = (ws: WebSocket, url: URL) => {
    ws.on('error', () => {})
    const connection: AgentConnection = {
      send: (text) => {
        if (ws.readyState === ws.OPEN) ws.send(text)
      },
      close: (code, reason) => ws.close(code, reason),
      terminate: () => ws.terminate(),
    }
    const entry = openAgentConnection(ctx, url, connection)
    if (!entry) return
    ws.on('message', (data, isBinary) => {
      try {
        handleAgentFrame(ctx, entry, isBinary ? undefined : textOf(data))
      } catch (error) {
        ctx.log?.(`frame handling failed: ${(error as Error)?.message}`)
      }
    })
    ws.on('close', () => ctx.hub.remove(entry))
  }

  return {
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
      socket.on('error', () => {})
      let url: URL
      try {
        url = new URL(request.url ?? '/', 'http://emulator.invalid')
      } catch {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
        return
      }
      if (url.pathname !== ctx.config.websocketPath) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
        return
      }
      // Browsers send Origin: hold them to the CORS list. Other clients (Node, tests) send none.
      const origin = request.headers.origin
      if (origin && origins !== '*' && !origins.includes(origin)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
        return
      }
      wss.handleUpgrade(request, socket, head, (ws) => attach(ws, url))
    },
    close() {
      for (const client of wss.clients) client.terminate()
      wss.close()
    },
  }
}

/**
 * The cart lines an agent's `add item` names, priced from the catalogue: an item the shop does not sell, or a
 * quantity that is not a whole number from 1 to 100, is left out (the customer's cart only holds real items).
 */
function cartItemsFrom(items: unknown) {
  if (!Array.isArray(items)) return []
  return items.slice(0, 20).flatMap((item) => {
    const { item_id: id, quantity = 1, variations } = (item ?? {}) as Record<string, unknown>
    const entry = typeof id === 'string' ? catalogueEntry(id) : undefined
    if (!entry || !Number.isInteger(quantity) || (quantity as number) < 1 || (quantity as number) > 100)
      return []
    const choices = Array.isArray(variations)
      ? Object.fromEntries(
          variations.flatMap((v: { variation_name?: unknown; variation_value?: unknown }) =>
            typeof v?.variation_name === 'string' && typeof v.variation_value === 'string'
              ? [[v.variation_name, v.variation_value]]
              : [],
          ),
        )
      : {}
    return [cartItemOf(entry, quantity as number, choices)]
  })
}
