import {
  buildSocketUrl,
  type ConversationAgentAuth,
  type ConversationClient,
  ConversationConfigError,
  ConversationNetworkError,
  ConversationParseError,
  ConversationTimeoutError,
  type ConversationWebsocketFrame,
  decodeFrame,
  type EventFrameOf,
  type EventType,
  encodePingFrame,
  isPermanentError,
  type MessageFrame,
} from '@uc-conversation/core'
import {
  asyncScheduler,
  BehaviorSubject,
  distinctUntilChanged,
  filter,
  Observable,
  Subject,
  type Subscription,
} from 'rxjs'
import { backoffDelay } from '../backoff'
import { pageWake$ } from '../internal/is-page'
import { Outbox } from '../internal/outbox'
import type {
  AgentIdentity,
  AgentSocket,
  AgentSocketDropReason,
  AgentSocketState,
  RejectedFrame,
} from './agent-socket'
import { Heartbeat } from './heartbeat'
import { JwtReuse } from './jwt-reuse'
import {
  AUTH_CLOSE_CODE,
  type ConnectAgentSocketOptions,
  DEFAULT_AGENT_SOCKET,
  MESSAGE_TOO_BIG_CLOSE_CODE,
  type WebSocketCtorLike,
  type WebSocketLike,
} from './options'

const noWebSocket = () =>
  new ConversationConfigError(
    "No WebSocket in this runtime: pass connectAgentSocket(client, { WebSocketCtor }), e.g. `import WebSocket from 'ws'` in Node",
  )

/** Whatever a socket implementation threw may quote the URL, and the URL carries the JWT. */
const redact = (error: unknown, jwt: string) => {
  const message = error instanceof Error ? error.message : String(error)
  return new ConversationNetworkError(`Could not open the agent socket: ${message.split(jwt).join('***')}`)
}

interface CloseEventLike {
  code?: number
  reason?: string
}

/**
 * The agent websocket of UltraCart's Conversation API. Each connection fetches a fresh JWT with
 * `getAgentWebsocketAuthorization` (attempts that never opened may reuse theirs: `jwtReuses`); lost sockets are replaced with exponential backoff and jitter (at once,
 * with a new JWT, when the server closes with 4001, the JWT refused); a silent socket is detected by the
 * heartbeat and replaced. Nothing happens until something subscribes to `frames$` (or a stream built on it).
 */
export function connectAgentSocket(
  client: ConversationClient,
  options: ConnectAgentSocketOptions = {},
): AgentSocket {
  const scheduler = options.scheduler ?? asyncScheduler
  const random = options.random ?? Math.random
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_AGENT_SOCKET.heartbeatIntervalMs
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? DEFAULT_AGENT_SOCKET.heartbeatTimeoutMs
  const heartbeat = new Heartbeat({
    intervalMs: heartbeatIntervalMs,
    timeoutMs: heartbeatTimeoutMs,
    silenceLimitMs: options.silenceLimitMs ?? DEFAULT_AGENT_SOCKET.silenceLimitMs,
  })
  const jwts = new JwtReuse(options.jwtReuses ?? DEFAULT_AGENT_SOCKET.jwtReuses)
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_AGENT_SOCKET.connectTimeoutMs
  const lingerMs = options.lingerMs ?? DEFAULT_AGENT_SOCKET.lingerMs
  const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_AGENT_SOCKET.closeTimeoutMs

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
  let authCloses = 0

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
    retryLater(
      'silent',
      undefined,
      new ConversationTimeoutError(heartbeatTimeoutMs, 'The agent socket went silent'),
    )
  }

  // One timer re-armed lazily, not one per frame: frames only move the heartbeat's last activity.
  function beat() {
    const socket = ws
    timer = undefined
    if (!socket || state.value.status !== 'open') return
    const now = scheduler.now()
    const step = heartbeat.next(now)
    if (step.kind === 'dead') dead(socket)
    else if (step.kind === 'ping') ping(socket)
    else timer = scheduler.schedule(beat, step.until - now)
  }
  const ping = (socket: WebSocketLike) => {
    clearTimer()
    heartbeat.pinged(scheduler.now())
    write(socket, encodePingFrame())
    timer = scheduler.schedule(beat, heartbeatTimeoutMs)
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
          new ConversationTimeoutError(
            connectTimeoutMs,
            `The agent socket did not open within ${connectTimeoutMs} ms`,
          ),
        )
      }
    }, connectTimeoutMs)
    socket.onopen = () => {
      if (ws !== socket) return
      jwts.forget()
      attempt = 0
      const now = scheduler.now()
      heartbeat.opened(now)
      connections++
      clearTimer()
      setState({ status: 'open', connection: connections, openedAt: now })
      if (ws === socket) timer = scheduler.schedule(beat, heartbeatIntervalMs)
    }
    socket.onmessage = ((event: { data?: unknown }) => {
      if (ws !== socket) return
      const decoded = decodeFrame(event.data)
      heartbeat.received(scheduler.now(), decoded.ok && decoded.frame.type === 'ping')
      if (!decoded.ok) {
        rejected.next({ kind: decoded.kind, reason: decoded.reason, raw: decoded.raw })
        return
      }
      // A successful frame after an auth close proves the new JWT works.
      authCloses = 0
      if (decoded.frame.type !== 'ping') frames.next(decoded.frame)
    }) as (event: never) => void
    socket.onclose = ((event: CloseEventLike) => {
      if (ws !== socket) return
      if (event?.code === AUTH_CLOSE_CODE) jwts.forget()
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
          return retryLater(
            'failed',
            undefined,
            new ConversationParseError(200, 'agent_auth without jwt or websocket_url'),
          )
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
        if (isPermanentError(error)) fail(error)
        else retryLater('failed', undefined, error)
      },
    )
  }

  const start = () => {
    active = true
    attempt = 0
    authCloses = 0
    jwts.forget()
    wakeSubscription = pageWake$.subscribe(() => {
      const current = state.value
      if (current.status === 'reconnecting') connect()
      // After a sleep the socket may be dead without knowing it: probe now rather than in 25 s.
      else if (current.status === 'open' && ws && !heartbeat.awaitingAnswer) ping(ws)
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
      return heartbeat.replies
    },
    get outbox() {
      outbox ??= new Outbox(socket, { client, scheduler, storage: options.outboxStorage })
      return outbox
    },
  }
  let outbox: Outbox | undefined
  if (options.outboxStorage) void socket.outbox
  return socket
}
