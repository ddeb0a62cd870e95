import {
  AGENT_SOCKET_CLOSE_CODES,
  ConversationNetworkError,
  ConversationTimeoutError,
  type DecodedFrame,
  decodeFrame,
  encodePingFrame,
} from '@uc-conversation/core'
import type { AgentSocketDropReason } from './agent-socket'
import type { Heartbeat } from './heartbeat'
import type { AgentSocketSettings, WebSocketCtorLike, WebSocketLike } from './options'
import { type PingPong, pingPong } from './ping-pong'

/** @internal What a connection reports; nothing after `lost` or after `close()`. */
export interface ConnectionEvents {
  /** It opened (its heartbeat already runs: a send from here goes out). */
  opened(): void
  /** A frame arrived, as core's codec read it (pings included). */
  decoded(frame: DecodedFrame): void
  /** It is gone and torn down: closed by the peer, silent, or never opened in time. */
  lost(reason: AgentSocketDropReason, closeCode?: number, error?: unknown): void
}

/** @internal One websocket attempt, from {@link openConnection}. */
export interface Connection {
  /** Writes `data` if open; false when it did not go out. */
  send(data: string): boolean
  /** Pings at once if open and no ping is out. */
  probe(): void
  /** Tears it down: its timers, its handlers, the socket (with a bounded closing handshake). */
  close(): void
}

/**
 * @internal Opens one websocket to `url` and owns it: the open timeout (one timer), the heartbeat
 * ({@link pingPong}, one timer) and the close reasons. Throws (a network error with the JWT redacted) when the
 * constructor does.
 */
export function openConnection(
  Ctor: WebSocketCtorLike,
  url: string,
  jwt: string,
  heartbeat: Heartbeat,
  settings: AgentSocketSettings,
  events: ConnectionEvents,
): Connection {
  const { scheduler, connectTimeoutMs } = settings
  let socket: WebSocketLike
  try {
    socket = new Ctor(url)
  } catch (error) {
    // Whatever the implementation threw may quote the URL, and the URL carries the JWT.
    const message = error instanceof Error ? error.message : String(error)
    throw new ConversationNetworkError(`Could not open the agent socket: ${message.split(jwt).join('***')}`)
  }
  let live = true
  let open = false
  let beat: PingPong | undefined
  /** Tears it down; with a code, also closes the socket, and cuts off a peer that does not complete the close. */
  const end = (code: number) => {
    live = open = false
    openTimer.unsubscribe()
    beat?.stop()
    beat = undefined
    socket.onopen = socket.onmessage = socket.onclose = null
    // Code 0: closed already, only the handlers go.
    if (!code) return
    // A dead peer never completes the closing handshake; `ws` then holds the process for 30 s unless terminated.
    const terminate = socket.terminate?.bind(socket)
    try {
      if (code !== 1000 && terminate) return terminate()
      if (socket.readyState < 2) socket.close(code)
    } catch {
      // Closing a socket that never opened may throw in some implementations; it is gone either way.
    }
    if (!terminate || socket.readyState === 3) return
    const bound = scheduler.schedule(() => {
      try {
        if (socket.readyState !== 3) terminate()
      } catch {
        // Already gone.
      }
    }, settings.closeTimeoutMs)
    socket.onclose = () => bound.unsubscribe()
  }
  const lose = (code: number, ...why: Parameters<ConnectionEvents['lost']>) => {
    end(code)
    events.lost(...why)
  }
  const openTimer = scheduler.schedule(
    () =>
      lose(
        4000,
        'open-timeout',
        undefined,
        new ConversationTimeoutError(
          connectTimeoutMs,
          `The agent socket did not open within ${connectTimeoutMs} ms`,
        ),
      ),
    connectTimeoutMs,
  )
  // Implementations differ on writes to a closing socket (throw or drop); either way it did not go out.
  const send = (data: string) => {
    if (open)
      try {
        socket.send(data)
        return true
      } catch {}
    return false
  }

  // Guarded: some implementations call a handler twice (the emulator's in-process socket under happy-dom calls
  // `onopen` and then dispatches the same event, which calls it again).
  socket.onopen = () => {
    if (open || !live) return
    openTimer.unsubscribe()
    open = true
    beat = pingPong(
      heartbeat,
      scheduler,
      () => send(encodePingFrame()),
      () =>
        lose(
          4000,
          'silent',
          undefined,
          new ConversationTimeoutError(settings.heartbeatTimeoutMs, 'The agent socket went silent'),
        ),
    )
    events.opened()
  }
  socket.onmessage = ((event: { data?: unknown }) => {
    if (!live) return
    const decoded = decodeFrame(event.data)
    heartbeat.received(scheduler.now(), decoded.ok && decoded.frame.type === 'ping')
    events.decoded(decoded)
  }) as (event: never) => void
  socket.onclose = ((event: { code?: number } | undefined) => {
    if (!live) return
    const code = event?.code
    lose(
      0,
      code === AGENT_SOCKET_CLOSE_CODES.MESSAGE_TOO_BIG
        ? 'too-big'
        : code === AGENT_SOCKET_CLOSE_CODES.UNAUTHORIZED
          ? 'auth'
          : 'closed',
      code,
    )
  }) as (event: never) => void
  // `close` follows `error` in browsers and in `ws`; the open timeout covers implementations where not. Never
  // dropped: `ws` emits an 'error' when a socket is closed before it opened, and an EventEmitter 'error' without
  // a listener crashes the process.
  socket.onerror = () => {}

  return {
    send,
    probe: () => beat?.probe(),
    close: () => {
      if (live) end(1000)
    },
  }
}
