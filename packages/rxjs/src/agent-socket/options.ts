import { asyncScheduler, type SchedulerLike } from 'rxjs'
import type { BackoffOptions } from '../backoff'
import { type Defaults, withDefaults } from '../internal/defaults'
import type { OutboxStorage } from '../outbox-storage'

/**
 * Defaults of {@link ConnectAgentSocketOptions}, one per option of the same name (frozen: read them, pass your own
 * values as options).
 */
export const DEFAULT_AGENT_SOCKET: Defaults<
  Pick<
    ConnectAgentSocketOptions,
    | 'heartbeatIntervalMs'
    | 'heartbeatTimeoutMs'
    | 'silenceLimitMs'
    | 'closeTimeoutMs'
    | 'connectTimeoutMs'
    | 'lingerMs'
    | 'jwtReuses'
  >
> = /* @__PURE__ */ Object.freeze({
  /**
   * With `heartbeatTimeoutMs` a dead socket is found within 7 s of its last frame (3 s of margin on the 10 s a
   * console may take to say so). Pings are frames: they cost nothing against the REST budget.
   */
  heartbeatIntervalMs: 4_000,
  heartbeatTimeoutMs: 3_000,
  /**
   * For a server found not to answer pings (**assumption**: UltraCart does not publish that it answers them).
   * Long, because each replacement costs a `getAgentWebsocketAuthorization` request in a conversation that may
   * just be quiet.
   */
  silenceLimitMs: 300_000,
  /** A frozen peer would otherwise hold the process 30 s (`ws`'s own closing timeout). */
  closeTimeoutMs: 1_000,
  connectTimeoutMs: 15_000,
  /** A quick re-subscribe reuses the socket. */
  lingerMs: 1_000,
  jwtReuses: 5,
})
/** A JWT with less than this left (by its `exp` claim) is never reused. */
export const JWT_REUSE_MARGIN_MS = 60_000
/**
 * The part of a WebSocket this package uses: the browser's `WebSocket`, `ws`'s, or a test double.
 * Handlers are assigned, never called, here: their parameter is `never` so any implementation's event type fits.
 */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  /** Drops the connection without a closing handshake (`ws`); browsers have none. */
  terminate?(): void
  onopen: ((event: never) => void) | null
  onmessage: ((event: never) => void) | null
  onclose: ((event: never) => void) | null
  onerror: ((event: never) => void) | null
}

/** A WebSocket constructor such as `globalThis.WebSocket` or `import WebSocket from 'ws'`. */
export type WebSocketCtorLike = new (url: string) => WebSocketLike
export interface ConnectAgentSocketOptions {
  /**
   * The WebSocket implementation; in Node pass `ws` (`import WebSocket from 'ws'`).
   * @default globalThis.WebSocket, looked up at connect time
   */
  WebSocketCtor?: WebSocketCtorLike | undefined
  /**
   * Silence (no frame received) after which a ping is sent.
   * @default DEFAULT_AGENT_SOCKET.heartbeatIntervalMs (4,000)
   */
  heartbeatIntervalMs?: number | undefined
  /**
   * Silence after a ping after which the socket counts as dead and is replaced.
   * @default DEFAULT_AGENT_SOCKET.heartbeatTimeoutMs (3,000)
   */
  heartbeatTimeoutMs?: number | undefined
  /**
   * Once the server is found not to answer pings (see {@link PingReplies}): silence after which the socket
   * counts as dead and is replaced.
   * @default DEFAULT_AGENT_SOCKET.silenceLimitMs (300,000)
   */
  silenceLimitMs?: number | undefined
  /**
   * After closing a socket, time for the closing handshake before it is terminated (where the implementation
   * has `terminate()`, as `ws` does; browsers bound it themselves).
   * @default DEFAULT_AGENT_SOCKET.closeTimeoutMs (1,000)
   */
  closeTimeoutMs?: number | undefined
  /**
   * Time for a socket to open.
   * @default DEFAULT_AGENT_SOCKET.connectTimeoutMs (15,000)
   */
  connectTimeoutMs?: number | undefined
  /**
   * Reconnect backoff; attempt n waits about min(1000·2^n, 30 s). Reset by every successful open.
   * @default DEFAULT_BACKOFF
   */
  reconnect?: BackoffOptions | undefined
  /**
   * Milliseconds to keep the socket after the last subscriber leaves; 0 closes at once.
   * @default DEFAULT_AGENT_SOCKET.lingerMs (1,000)
   */
  lingerMs?: number | undefined
  /**
   * Query parameter carrying the JWT (a non-empty name; another value fails the socket with a validation error).
   * @default 'jwt'
   */
  jwtParam?: string | undefined
  /**
   * How many further attempts may reuse a JWT whose socket never opened (refused, timed out) instead of asking
   * `getAgentWebsocketAuthorization` again: each ask is a request against UltraCart's hourly limit, and a
   * network that refuses websockets would otherwise cost one per reconnect. Only while the JWT's `exp` claim
   * leaves more than a minute; a JWT without a readable `exp`, one that opened a socket, or
   * one closed with code 4001 (JWT refused) is never reused. 0 asks for a new JWT on every attempt.
   * @default DEFAULT_AGENT_SOCKET.jwtReuses (5)
   */
  jwtReuses?: number | undefined
  /** Scheduler for every timer (tests pass a virtual one). @default asyncScheduler */
  scheduler?: SchedulerLike | undefined
  /** Source of jitter, in [0, 1). @default Math.random */
  random?: (() => number) | undefined
  /**
   * Persists unsent messages of the socket's outbox (e.g. `webStorageOutbox(localStorage)` in a browser), so
   * that a tab closed or reloaded while offline delivers them, once, on its next open. A storage of your own
   * goes through `persistentOutbox(yourStorage)` (a bare one is refused here: the persistence code comes with it).
   * @default undefined (none: unsent messages live in memory only)
   */
  outboxStorage?: OutboxStorage | undefined
}

/** @internal The options with their defaults applied, as the socket's parts read them. */
export type AgentSocketSettings = ConnectAgentSocketOptions &
  typeof DEFAULT_AGENT_SOCKET & { scheduler: SchedulerLike }

/** @internal `options` over the defaults. */
export const agentSocketSettings = (options: ConnectAgentSocketOptions): AgentSocketSettings =>
  withDefaults({ scheduler: asyncScheduler, ...DEFAULT_AGENT_SOCKET }, options)
