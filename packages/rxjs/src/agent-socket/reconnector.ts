import {
  AGENT_SOCKET_CLOSE_CODES,
  buildSocketUrl,
  type ConversationAgentAuth,
  type ConversationClient,
  ConversationConfigError,
  ConversationParseError,
  type DecodedFrame,
  isPermanentError,
} from '@uc-conversation/core'
import type { Subscription } from 'rxjs'
import { backoffDelay } from '../backoff'
import { definedFields } from '../internal/defaults'
import { pageWake$ } from '../internal/is-page'
import type { AgentIdentity, AgentSocketDropReason, AgentSocketState } from './agent-socket'
import { type Connection, openConnection } from './connection'
import type { Heartbeat } from './heartbeat'
import { JwtReuse } from './jwt-reuse'
import type { AgentSocketSettings, WebSocketCtorLike } from './options'

/** @internal What a reconnector reports to its socket object. */
export interface ReconnectorEvents {
  state(next: AgentSocketState): void
  decoded(frame: DecodedFrame): void
  /** A permanent failure (bad credentials, no WebSocket): it stopped trying until restarted. */
  failed(error: unknown): void
}

/** @internal The connections of one socket object, from {@link reconnector}. */
export interface Reconnector {
  readonly agent: AgentIdentity | undefined
  /** Writes `data` on the open connection; false when there is none or it did not go out. */
  send(data: string): boolean
  /** Unless started: connects now, with a fresh backoff and JWT, and reconnects whenever a connection is lost. */
  start(): void
  /** Drops the current attempt or wait and connects now. */
  reconnect(): void
  /** Clears the timer, the page listeners, any authorization request and connection. */
  stop(): void
}

/**
 * @internal Keeps one {@link openConnection} going while started: authorizes each attempt (or reuses the JWT of
 * attempts that never opened: {@link JwtReuse}), waits `backoffDelay` between attempts with one timer (none
 * after the first 4001 close in a row: an expired JWT is routine), and cuts the wait short when the page wakes.
 */
export function reconnector(
  client: ConversationClient,
  options: AgentSocketSettings,
  heartbeat: Heartbeat,
  events: ReconnectorEvents,
): Reconnector {
  const { scheduler } = options
  const jwts = new JwtReuse(options.jwtReuses)
  let active = false
  let connection: Connection | undefined
  let agent: AgentIdentity | undefined
  let authRequest: AbortController | undefined
  let timer: Subscription | undefined
  let wake: Subscription | undefined
  let attempt = 0
  let authCloses = 0
  let connections = 0

  const stopAttempt = () => {
    timer?.unsubscribe()
    timer = undefined
    authRequest?.abort()
    authRequest = undefined
    connection?.close()
    connection = undefined
  }

  const retryLater = (reason: AgentSocketDropReason, closeCode?: number, error?: unknown) => {
    stopAttempt()
    if (!active) return
    const delay =
      closeCode === AGENT_SOCKET_CLOSE_CODES.UNAUTHORIZED && authCloses++ === 0
        ? 0
        : backoffDelay(attempt, options.reconnect, options.random)
    attempt++
    // Armed before the state goes out, so that a subscriber calling reconnect() cancels it.
    timer = scheduler.schedule(connect, delay)
    events.state({
      status: 'reconnecting',
      attempt,
      retryAt: scheduler.now() + delay,
      reason,
      ...definedFields({ closeCode, error }),
    })
  }

  /**
   * An attempt lost before its socket opened: for good (no WebSocket, a refused key, an unusable URL: core's
   * `isPermanentError`), which stops until restarted, or for now (network, a bad answer), retried with backoff.
   */
  const failed = (error: unknown) => {
    if (!isPermanentError(error)) return retryLater('failed', undefined, error)
    stopAttempt()
    events.failed(error)
  }

  // Only an authorization with both is opened: checked when it arrives, and a reused one is such an answer.
  const open = (auth: ConversationAgentAuth) => {
    const jwt = auth.jwt!
    try {
      const Ctor = options.WebSocketCtor ?? (globalThis as { WebSocket?: WebSocketCtorLike }).WebSocket
      if (typeof Ctor !== 'function')
        throw new ConversationConfigError(
          "No WebSocket in this runtime: pass the WebSocketCtor option (in Node: WebSocket from 'ws')",
        )
      const url = buildSocketUrl(auth.websocket_url!, jwt, options)
      connection = openConnection(Ctor, url, jwt, heartbeat, options, {
        opened: () => {
          jwts.forget()
          attempt = 0
          events.state({ status: 'open', connection: ++connections, openedAt: scheduler.now() })
        },
        decoded: (frame) => {
          // A good frame after an auth close proves the new JWT works.
          if (frame.ok) authCloses = 0
          events.decoded(frame)
        },
        lost: (reason, closeCode, error) => {
          if (reason === 'auth') jwts.forget()
          // retryLater's close() of this torn-down connection does nothing.
          retryLater(reason, closeCode, error)
        },
      })
    } catch (error) {
      failed(error)
    }
  }

  function connect() {
    stopAttempt()
    if (!active) return
    events.state({ status: 'connecting', attempt })
    const spare = jwts.take(scheduler.now())
    if (spare) return open(spare)
    const controller = new AbortController()
    authRequest = controller
    client.getAgentWebsocketAuthorization({ signal: controller.signal }).then(
      (response) => {
        if (authRequest !== controller) return
        authRequest = undefined
        const auth = response?.agent_auth
        if (!auth?.jwt || !auth.websocket_url)
          return failed(new ConversationParseError(200, 'agent_auth without jwt or websocket_url'))
        agent = {
          conversation_participant_arn: auth.conversation_participant_arn,
          conversation_participant_name: auth.conversation_participant_name,
          merchant_id: auth.merchant_id,
        }
        jwts.offer(auth)
        open(auth)
      },
      (error: unknown) => {
        if (authRequest !== controller) return
        authRequest = undefined
        failed(error)
      },
    )
  }

  return {
    get agent() {
      return agent
    },
    send: (data) => !!connection?.send(data),
    start: () => {
      if (active) return
      active = true
      attempt = authCloses = 0
      jwts.forget()
      // Waiting: try now. Open: after a sleep the socket may be dead without knowing it, so probe it.
      wake = pageWake$.subscribe(() => (timer ? connect() : connection?.probe()))
      connect()
    },
    reconnect: () => {
      if (!active) return
      attempt = 0
      connect()
    },
    stop: () => {
      active = false
      wake?.unsubscribe()
      wake = undefined
      stopAttempt()
    },
  }
}
