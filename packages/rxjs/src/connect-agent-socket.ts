import {
  buildSocketUrl,
  type ConversationAgentAuth,
  type ConversationClient,
  ConversationError,
  type ConversationWebsocketFrame,
  decodeFrame,
  type EventFrameOf,
  type EventType,
  encodePingFrame,
  jwtExpiresAt,
  type MessageFrame,
} from '@uc-conversation/core'
import {
  asyncScheduler,
  BehaviorSubject,
  distinctUntilChanged,
  filter,
  Observable,
  type SchedulerLike,
  Subject,
  type Subscription,
} from 'rxjs'
import { type BackoffOptions, backoffDelay } from './backoff'
import { pageWake$ } from './internal/is-page'
import { isPermanentError } from './internal/is-permanent'
import { Outbox } from './internal/outbox'
import type { OutboxStorage } from './outbox-storage'

/**
 * Ping after this much silence on an open socket. With {@link DEFAULT_HEARTBEAT_TIMEOUT_MS} a dead socket is
 * found within 9 s of its last frame. Pings are frames: they cost nothing against the REST budget.
 */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 5_000
/** A socket that stays silent this long after a ping is dead: it is closed and replaced. */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 4_000
/**
 * For a server found not to answer pings (**assumption**: UltraCart does not publish that it answers them):
 * silence (no frame at all) after which its socket counts as dead and is replaced. Long, because each
 * replacement costs a `getAgentWebsocketAuthorization` request in a conversation that may just be quiet.
 */
export const DEFAULT_SILENCE_LIMIT_MS = 300_000
/**
 * After `close()`, time for the peer to complete the closing handshake before the socket is terminated
 * (where the implementation can: `ws`'s `terminate()`); a frozen peer would otherwise hold the process 30 s.
 */
export const DEFAULT_CLOSE_TIMEOUT_MS = 1_000
/** Close code of a frame larger than the server accepts (RFC 6455 "message too big"). */
export const MESSAGE_TOO_BIG_CLOSE_CODE = 1009
/** Opening (auth request excluded) may take this long before the attempt counts as failed. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000
/** The socket stays open this long after its last subscriber leaves (a quick re-subscribe reuses it). */
export const DEFAULT_LINGER_MS = 1_000
/** Close code of an unauthorized or expired JWT (**assumption** shared with the emulator). */
export const AUTH_CLOSE_CODE = 4001
/** Attempts that may reuse a JWT whose socket never opened, before a new one is asked for. */
export const DEFAULT_JWT_REUSES = 5
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

/** The connection's state, for UIs and for streams that catch up after every (re)connect. */
export type AgentSocketState =
  /** Fetching a JWT and opening the socket. `attempt` is 0 for the first try after a success. */
  | { status: 'connecting'; attempt: number }
  /** Open; `connection` counts the opens of this socket object (1, 2, ...). */
  | { status: 'open'; connection: number; openedAt: number }
  /** Waiting `retryAt` (epoch ms) before attempt number `attempt`. */
  | {
      status: 'reconnecting'
      attempt: number
      retryAt: number
      /** The close code of the lost socket, when it was closed by the server or the network. */
      closeCode?: number
      /** Why the last socket or attempt was lost. */
      reason?: AgentSocketDropReason
      error?: unknown
    }
  /**
   * `idle`: nobody subscribes (or never did); `error`: a permanent failure (bad credentials, no WebSocket),
   * also delivered as an error to the frame subscribers. A new subscriber starts over.
   */
  | { status: 'closed'; reason: 'idle' | 'error'; error?: unknown }

/**
 * Why a socket or an attempt was lost. `too-big`: closed with {@link MESSAGE_TOO_BIG_CLOSE_CODE} (a frame sent
 * was larger than the server accepts: the sender must not write it again as is). `auth`: closed with
 * {@link AUTH_CLOSE_CODE} (JWT refused or expired). `closed`: closed with any other code. `silent`: no answer to
 * a ping in time, or silence past the silence limit. `open-timeout`: did not open in `connectTimeoutMs`.
 * `failed`: the authorization request or the socket constructor failed (`error` says why).
 */
export type AgentSocketDropReason = 'too-big' | 'auth' | 'closed' | 'silent' | 'open-timeout' | 'failed'

/**
 * What the heartbeat knows of the server: `unknown` until a ping is answered (or found unanswered twice);
 * `answered`: a ping frame came back after a ping, so an unanswered ping means a dead socket; `unanswered`: a
 * socket went silent after a ping and its replacement opened and did the same, so the server does not answer
 * pings and only `silenceLimitMs` of silence counts as death.
 */
export type PingReplies = 'unknown' | 'answered' | 'unanswered'

/** A frame the codec refused (`invalid`) or does not know (`unknown`); the stream goes on. */
export interface RejectedFrame {
  kind: 'invalid' | 'unknown'
  reason: string
  raw: string | undefined
}

/** The agent behind the socket: the non-secret part of `agent_auth`. */
export interface AgentIdentity {
  conversation_participant_arn?: string
  conversation_participant_name?: string
  merchant_id?: string
}

export interface ConnectAgentSocketOptions {
  /**
   * The WebSocket implementation; in Node pass `ws` (`import WebSocket from 'ws'`).
   * @default globalThis.WebSocket, looked up at connect time
   */
  WebSocketCtor?: WebSocketCtorLike
  /**
   * Silence (no frame received) after which a ping is sent.
   * @default DEFAULT_HEARTBEAT_INTERVAL_MS
   */
  heartbeatIntervalMs?: number
  /**
   * Silence after a ping after which the socket counts as dead and is replaced.
   * @default DEFAULT_HEARTBEAT_TIMEOUT_MS
   */
  heartbeatTimeoutMs?: number
  /**
   * Once the server is found not to answer pings (see {@link PingReplies}): silence after which the socket
   * counts as dead and is replaced.
   * @default DEFAULT_SILENCE_LIMIT_MS
   */
  silenceLimitMs?: number
  /**
   * After closing a socket, time for the closing handshake before it is terminated (where the implementation
   * has `terminate()`, as `ws` does; browsers bound it themselves).
   * @default DEFAULT_CLOSE_TIMEOUT_MS
   */
  closeTimeoutMs?: number
  /**
   * Time for a socket to open.
   * @default DEFAULT_CONNECT_TIMEOUT_MS
   */
  connectTimeoutMs?: number
  /**
   * Reconnect backoff; attempt n waits about min(1000·2^n, 30 s). Reset by every successful open.
   * @default DEFAULT_BACKOFF
   */
  reconnect?: BackoffOptions
  /**
   * Milliseconds to keep the socket after the last subscriber leaves; 0 closes at once.
   * @default DEFAULT_LINGER_MS
   */
  lingerMs?: number
  /**
   * Query parameter carrying the JWT.
   * @default 'jwt'
   */
  jwtParam?: string
  /**
   * How many further attempts may reuse a JWT whose socket never opened (refused, timed out) instead of asking
   * `getAgentWebsocketAuthorization` again: each ask is a request against UltraCart's hourly limit, and a
   * network that refuses websockets would otherwise cost one per reconnect. Only while the JWT's `exp` claim
   * leaves more than {@link JWT_REUSE_MARGIN_MS}; a JWT without a readable `exp`, one that opened a socket, or
   * one closed with {@link AUTH_CLOSE_CODE} is never reused. 0 asks for a new JWT on every attempt.
   * @default DEFAULT_JWT_REUSES
   */
  jwtReuses?: number
  /** Scheduler for every timer (tests pass a virtual one). @default asyncScheduler */
  scheduler?: SchedulerLike
  /** Source of jitter, in [0, 1). @default Math.random */
  random?: () => number
  /**
   * Persists unsent messages of the socket's outbox (e.g. `webStorageOutbox(localStorage)` in a browser), so
   * that a tab closed or reloaded while offline delivers them, once, on its next open.
   * @default undefined (none: unsent messages live in memory only)
   */
  outboxStorage?: OutboxStorage
}

/** One agent websocket, connected while anything subscribes to its frames. */
export interface AgentSocket {
  /** The current state at once, then every change. Subscribing does not connect. */
  readonly state$: Observable<AgentSocketState>
  /** The current state. */
  readonly state: AgentSocketState
  /**
   * Every decoded frame except pings. Subscribing connects (lazily, shared); the socket closes `lingerMs` after
   * the last subscriber of this or any stream derived from it leaves. Errors only on a permanent failure.
   */
  readonly frames$: Observable<ConversationWebsocketFrame>
  /** Chat message frames (either direction, echoes included). Connects like `frames$`. */
  readonly messages$: Observable<MessageFrame>
  /** Frames the codec refused or does not know. Does not connect. */
  readonly rejected$: Observable<RejectedFrame>
  /** Events of one type, optionally of one conversation, typed by `event_type`. Connects like `frames$`. */
  events<K extends EventType>(type: K, conversationUuid?: string): Observable<EventFrameOf<K>>
  /** Message and event frames of one conversation. Connects like `frames$`. */
  conversation(conversationUuid: string): Observable<ConversationWebsocketFrame>
  /** Sends an encoded frame (core's `encode*Frame`) if the socket is open; returns whether it was sent. */
  send(frame: string): boolean
  /** Drops the current socket (or the backoff wait) and connects again now, if anything subscribes. */
  reconnect(): void
  /** The agent of the last authorization, once one succeeded. */
  readonly agent: AgentIdentity | undefined
  /** The client the socket authorizes with (and that its outbox and streams use). */
  readonly client: ConversationClient
  /** What the heartbeat has learnt of the server's ping answers; kept for the life of this object. */
  readonly pingReplies: PingReplies
  /**
   * The socket's own messages on their way (pending or failed), as `sendMessage` and `conversationMessages`
   * use them; one per socket, made on first use (at once when `outboxStorage` is given, to deliver what an
   * earlier session left).
   */
  readonly outbox: Outbox
}

/** @internal What the stream helpers need beside the public surface. */
export interface AgentSocketInternals {
  client: ConversationClient
  scheduler: SchedulerLike
  storage?: OutboxStorage
}
const internals = new WeakMap<AgentSocket, AgentSocketInternals>()
/** @internal */
export const socketInternals = (socket: AgentSocket): AgentSocketInternals | undefined =>
  internals.get(socket)

const noWebSocket = () =>
  new ConversationError(
    'config',
    "No WebSocket in this runtime: pass connectAgentSocket(client, { WebSocketCtor }), e.g. `import WebSocket from 'ws'` in Node",
  )

/** Whatever a socket implementation threw may quote the URL, and the URL carries the JWT. */
const redact = (error: unknown, jwt: string) => {
  const message = error instanceof Error ? error.message : String(error)
  return new ConversationError(
    'network',
    `Could not open the agent socket: ${message.split(jwt).join('***')}`,
  )
}

interface CloseEventLike {
  code?: number
  reason?: string
}

/**
 * The agent websocket of UltraCart's Conversation API. Each connection fetches a fresh JWT with
 * `getAgentWebsocketAuthorization` (attempts that never opened may reuse theirs: `jwtReuses`); lost sockets are replaced with exponential backoff and jitter (at once,
 * with a new JWT, when the server closes with {@link AUTH_CLOSE_CODE}); a silent socket is detected by the
 * heartbeat and replaced. Nothing happens until something subscribes to `frames$` (or a stream built on it).
 */
export function connectAgentSocket(
  client: ConversationClient,
  options: ConnectAgentSocketOptions = {},
): AgentSocket {
  const scheduler = options.scheduler ?? asyncScheduler
  const random = options.random ?? Math.random
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  const lingerMs = options.lingerMs ?? DEFAULT_LINGER_MS
  const silenceLimitMs = options.silenceLimitMs ?? DEFAULT_SILENCE_LIMIT_MS
  const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS

  const state = new BehaviorSubject<AgentSocketState>({ status: 'closed', reason: 'idle' })
  const rejected = new Subject<RejectedFrame>()
  let frames = new Subject<ConversationWebsocketFrame>()
  let agent: AgentIdentity | undefined
  let connections = 0

  // One "session" runs from the first subscriber to the end of the linger after the last one.
  let refCount = 0
  let active = false
  let lingerTimer: Subscription | undefined
  let wakeSubscription: Subscription | undefined

  // The current attempt.
  let ws: WebSocketLike | undefined
  let authRequest: AbortController | undefined
  let timer: Subscription | undefined
  let attempt = 0
  let lastActivity = 0
  let pingSentAt: number | undefined
  // What the server has shown of ping answers, for the life of this object (see PingReplies).
  let pingReplies: PingReplies = 'unknown'
  // A socket was replaced for an unanswered ping before any ping was ever answered.
  let suspectNoReplies = false
  let authCloses = 0
  // The JWT of attempts that never opened a socket, and how many more attempts may use it.
  let spareAuth: ConversationAgentAuth | undefined
  let spareUses = 0

  const setState = (next: AgentSocketState) => state.next(next)
  /** Implementations differ on writes to a closing socket (throw or drop); either way it did not go out. */
  const write = (socket: WebSocketLike, data: string) => {
    try {
      socket.send(data)
      return true
    } catch {
      return false
    }
  }
  const clearTimer = () => {
    timer?.unsubscribe()
    timer = undefined
  }

  const detach = (socket: WebSocketLike, code = 1000) => {
    socket.onopen = socket.onmessage = socket.onclose = null
    // Not null: `ws` emits an 'error' when a socket is closed before it opened, and an EventEmitter 'error'
    // without a listener crashes the process.
    socket.onerror = () => {}
    // A dead peer never completes the closing handshake; `ws` then holds the process for 30 s unless terminated.
    const terminate = typeof socket.terminate === 'function' ? () => socket.terminate?.() : undefined
    try {
      if (code !== 1000 && terminate) return terminate()
      if (socket.readyState < 2) socket.close(code)
    } catch {
      // Closing a socket that never opened may throw in some implementations; it is gone either way.
    }
    if (!terminate || socket.readyState === 3) return
    // Bounded: a peer that does not answer the close within closeTimeoutMs is cut off.
    const bound = scheduler.schedule(() => {
      try {
        if (socket.readyState !== 3) terminate()
      } catch {
        // Already gone.
      }
    }, closeTimeoutMs)
    socket.onclose = () => bound.unsubscribe()
  }

  const stopAttempt = () => {
    clearTimer()
    authRequest?.abort()
    authRequest = undefined
    if (ws) detach(ws)
    ws = undefined
    pingSentAt = undefined
  }

  const fail = (error: unknown) => {
    stopAttempt()
    setState({ status: 'closed', reason: 'error', error })
    const failed = frames
    frames = new Subject()
    failed.error(error)
  }

  const retryLater = (reason: AgentSocketDropReason, closeCode?: number, error?: unknown) => {
    stopAttempt()
    if (!active) return
    // An expired JWT is routine: the first auth close reconnects at once with a fresh one.
    const delay =
      closeCode === AUTH_CLOSE_CODE && authCloses++ === 0
        ? 0
        : backoffDelay(attempt, options.reconnect, random)
    attempt++
    setState({
      status: 'reconnecting',
      attempt,
      retryAt: scheduler.now() + delay,
      ...(closeCode === undefined ? {} : { closeCode }),
      reason,
      ...(error === undefined ? {} : { error }),
    })
    timer = scheduler.schedule(connect, delay)
  }

  const dead = (socket: WebSocketLike) => {
    detach(socket, 4000)
    ws = undefined
    retryLater('silent', undefined, new ConversationError('timeout', 'The agent socket went silent'))
  }

  // One timer re-armed lazily, not one per frame: frames only move `lastActivity`.
  function heartbeat() {
    const socket = ws
    timer = undefined
    if (!socket || state.value.status !== 'open') return
    const now = scheduler.now()
    if (pingSentAt !== undefined && lastActivity < pingSentAt) {
      if (pingReplies === 'unanswered') {
        // Pings still go out (they may keep the socket alive), but only long silence means death.
        const deadAt = lastActivity + silenceLimitMs
        const nextPingAt = pingSentAt + heartbeatIntervalMs
        if (now >= deadAt) dead(socket)
        else if (now >= nextPingAt) ping(socket)
        else timer = scheduler.schedule(heartbeat, Math.min(deadAt, nextPingAt) - now)
        return
      }
      const deadAt = pingSentAt + heartbeatTimeoutMs
      if (now < deadAt) {
        timer = scheduler.schedule(heartbeat, deadAt - now)
        return
      }
      if (pingReplies === 'unknown' && suspectNoReplies) {
        // The replacement of a socket that went silent after a ping opened fine and went silent after its
        // ping too: this server does not answer pings. Replacing sockets every few seconds would only spend
        // JWT requests; fall back to the silence limit.
        pingReplies = 'unanswered'
        suspectNoReplies = false
        return heartbeat()
      }
      if (pingReplies === 'unknown') suspectNoReplies = true
      dead(socket)
      return
    }
    pingSentAt = undefined
    const due = lastActivity + heartbeatIntervalMs
    if (now >= due) ping(socket)
    else timer = scheduler.schedule(heartbeat, due - now)
  }
  const ping = (socket: WebSocketLike) => {
    clearTimer()
    pingSentAt = scheduler.now()
    write(socket, encodePingFrame())
    timer = scheduler.schedule(heartbeat, heartbeatTimeoutMs)
  }

  const open = (auth: ConversationAgentAuth) => {
    const Ctor = options.WebSocketCtor ?? (globalThis as { WebSocket?: WebSocketCtorLike }).WebSocket
    if (typeof Ctor !== 'function') return fail(noWebSocket())
    const jwt = auth.jwt ?? ''
    let url: string
    try {
      url = buildSocketUrl(
        auth.websocket_url ?? '',
        jwt,
        options.jwtParam ? { jwtParam: options.jwtParam } : {},
      )
    } catch (error) {
      return fail(error)
    }
    let socket: WebSocketLike
    try {
      socket = new Ctor(url)
    } catch (error) {
      return retryLater('failed', undefined, redact(error, jwt))
    }
    ws = socket
    timer = scheduler.schedule(() => {
      if (ws === socket) {
        detach(socket, 4000)
        ws = undefined
        retryLater(
          'open-timeout',
          undefined,
          new ConversationError('timeout', `The agent socket did not open within ${connectTimeoutMs} ms`),
        )
      }
    }, connectTimeoutMs)
    socket.onopen = () => {
      if (ws !== socket) return
      spareAuth = undefined
      attempt = 0
      lastActivity = scheduler.now()
      pingSentAt = undefined
      connections++
      clearTimer()
      setState({ status: 'open', connection: connections, openedAt: lastActivity })
      if (ws === socket) timer = scheduler.schedule(heartbeat, heartbeatIntervalMs)
    }
    socket.onmessage = ((event: { data?: unknown }) => {
      if (ws !== socket) return
      lastActivity = scheduler.now()
      const decoded = decodeFrame(event.data)
      if (!decoded.ok) {
        rejected.next({ kind: decoded.kind, reason: decoded.reason, raw: decoded.raw })
        return
      }
      // A successful frame after an auth close proves the new JWT works.
      authCloses = 0
      if (decoded.frame.type !== 'ping') frames.next(decoded.frame)
      else if (pingSentAt !== undefined) {
        pingReplies = 'answered'
        suspectNoReplies = false
      }
    }) as (event: never) => void
    socket.onclose = ((event: CloseEventLike) => {
      if (ws !== socket) return
      if (event?.code === AUTH_CLOSE_CODE) spareAuth = undefined
      socket.onopen = socket.onmessage = socket.onclose = null
      ws = undefined
      const code = event?.code
      retryLater(
        code === MESSAGE_TOO_BIG_CLOSE_CODE ? 'too-big' : code === AUTH_CLOSE_CODE ? 'auth' : 'closed',
        code,
      )
    }) as (event: never) => void
    // `close` follows `error` in browsers and in `ws`; the connect timeout covers implementations where not.
    socket.onerror = () => {}
  }

  function connect() {
    stopAttempt()
    if (!active) return
    setState({ status: 'connecting', attempt })
    const spare = spareAuth
    const expiresAt = spare && jwtExpiresAt(spare.jwt!)
    if (spare && spareUses > 0 && expiresAt && expiresAt - scheduler.now() > JWT_REUSE_MARGIN_MS) {
      spareUses--
      return open(spare)
    }
    spareAuth = undefined
    const controller = new AbortController()
    authRequest = controller
    client.getAgentWebsocketAuthorization({ signal: controller.signal }).then(
      (response) => {
        if (authRequest !== controller) return
        authRequest = undefined
        const auth = response?.agent_auth
        if (!auth?.jwt || !auth.websocket_url)
          return retryLater(
            'failed',
            undefined,
            new ConversationError('parse', 'agent_auth without jwt or websocket_url'),
          )
        agent = {
          conversation_participant_arn: auth.conversation_participant_arn,
          conversation_participant_name: auth.conversation_participant_name,
          merchant_id: auth.merchant_id,
        }
        spareAuth = auth
        spareUses = options.jwtReuses ?? DEFAULT_JWT_REUSES
        open(auth)
      },
      (error: unknown) => {
        if (authRequest !== controller) return
        authRequest = undefined
        if (isPermanentError(error)) fail(error)
        else retryLater('failed', undefined, error)
      },
    )
  }

  const start = () => {
    active = true
    attempt = 0
    authCloses = 0
    spareAuth = undefined
    wakeSubscription = pageWake$.subscribe(() => {
      const current = state.value
      if (current.status === 'reconnecting') connect()
      // After a sleep the socket may be dead without knowing it: probe now rather than in 25 s.
      else if (current.status === 'open' && ws && pingSentAt === undefined) ping(ws)
    })
    connect()
  }

  const stop = () => {
    active = false
    lingerTimer = undefined
    wakeSubscription?.unsubscribe()
    wakeSubscription = undefined
    stopAttempt()
    if (state.value.status !== 'closed') setState({ status: 'closed', reason: 'idle' })
  }

  const acquire = () => {
    refCount++
    if (lingerTimer) {
      lingerTimer.unsubscribe()
      lingerTimer = undefined
    } else if (!active) start()
  }
  const release = () => {
    if (--refCount > 0 || !active) return
    if (lingerMs <= 0) stop()
    else lingerTimer = scheduler.schedule(stop, lingerMs)
  }

  const frames$ = new Observable<ConversationWebsocketFrame>((subscriber) => {
    acquire()
    const subscription = frames.subscribe(subscriber)
    // A permanent failure found while connecting: report it to this subscriber too, without looping.
    const current = state.value
    if (current.status === 'closed' && current.reason === 'error') subscriber.error(current.error)
    return () => {
      subscription.unsubscribe()
      release()
    }
  })

  const socket: AgentSocket = {
    state$: state.pipe(distinctUntilChanged()),
    get state() {
      return state.value
    },
    frames$,
    messages$: frames$.pipe(filter((f): f is MessageFrame => f.type === 'message')),
    rejected$: rejected.asObservable(),
    events: <K extends EventType>(type: K, conversationUuid?: string) =>
      frames$.pipe(
        filter(
          (f): f is EventFrameOf<K> =>
            f.type === 'event' &&
            f.event_type === type &&
            (conversationUuid === undefined || f.conversation_uuid === conversationUuid),
        ),
      ),
    conversation: (conversationUuid: string) =>
      frames$.pipe(
        filter(
          (f) => (f.type === 'message' || f.type === 'event') && f.conversation_uuid === conversationUuid,
        ),
      ),
    send: (frame: string) => {
      return !!ws && state.value.status === 'open' && write(ws, frame)
    },
    reconnect: () => {
      if (!active) return
      attempt = 0
      connect()
    },
    get agent() {
      return agent
    },
    client,
    get pingReplies() {
      return pingReplies
    },
    get outbox() {
      outbox ??= new Outbox(socket, { client, scheduler, storage: options.outboxStorage })
      return outbox
    },
  }
  let outbox: Outbox | undefined
  internals.set(socket, { client, scheduler, storage: options.outboxStorage })
  if (options.outboxStorage) void socket.outbox
  return socket
}
