import {
  type ConversationClient,
  ConversationError,
  type ConversationErrorKind,
  ConversationHttpError,
  isPermanentError,
} from '@uc-conversation/core'
import { combineLatest, distinctUntilChanged, map, NEVER, Observable, of, startWith } from 'rxjs'
import type { AgentKeepAliveStatus } from './agent-keep-alive'
import type { AgentSocket, AgentSocketState } from './agent-socket/agent-socket'
import { definedFields } from './internal/defaults'
import { isOffline, pageChanges$ } from './internal/is-page'

/** A failure as a console may show it. Never holds a credential: core's error texts carry none. */
export interface HealthError {
  /** Where it was seen: the agent socket, the keepalive, or any other request of the client. */
  source: 'socket' | 'keepAlive' | 'request'
  /** Core's error kind (`network`, `timeout`, `http`, ...); `unknown` for anything that is not a ConversationError. */
  kind: ConversationErrorKind | 'unknown'
  /** The HTTP status, when the server answered (401, 403, 410, 502, ...). */
  httpStatus?: number | undefined
  /** A short text naming the cause, e.g. `HTTP 401: Invalid simple key`. */
  message: string
  /** True when retrying cannot fix it (bad key or credentials, missing WebSocket): nothing retries. */
  permanent: boolean
}

/** What a connection banner shows. Every field is derived from what the socket, the keepalive and requests saw. */
export interface ConnectionHealth {
  /**
   * The live channel. `live`: the socket is open and answered within the heartbeat's limits. `reconnecting`: it
   * is being (re)opened. `polling`: no socket, or it is idle: live streams poll. `failed`: the socket stopped
   * for good (`error` names the cause, e.g. a refused key); nothing retries until it is subscribed again.
   * `offline`: the browser says there is no network.
   */
  status: 'live' | 'reconnecting' | 'polling' | 'failed' | 'offline'
  /** While reconnecting: the attempt number. */
  attempt?: number | undefined
  /** While reconnecting: when the next attempt starts (epoch ms, scheduler clock). */
  retryAt?: number | undefined
  /** While reconnecting: the close code of the socket that was lost, when it closed with one (1009, 4001, ...). */
  closeCode?: number | undefined
  /**
   * The agent's session, when a keepalive stream is watched (`options.keepAlive`), else absent. `alive`: the
   * last keepalive succeeded. `failing`: the last one failed and it is retrying. `lapsed`: none succeeded for
   * the keepalive's `lapseAfterMs` (the agent is probably `unavailable` on the server). `failed`: refused for
   * good (a bad key); it stopped.
   */
  keepAlive?: 'alive' | 'failing' | 'lapsed' | 'failed' | undefined
  /**
   * Whether requests get through, from the outcome of every request of the client (absent when no client is
   * known, or it cannot report outcomes). `failing`: the last finished attempt of any request got no usable answer (network error, timeout,
   * or a 5xx/429 from the server or a proxy); `ok` again after the next success.
   */
  network?: 'ok' | 'failing' | undefined
  /**
   * The most relevant current failure, permanent ones first (socket, keepalive, then the last failed request);
   * absent when everything works.
   */
  error?: HealthError | undefined
}

/** Options of {@link connectionHealth}. */
export interface ConnectionHealthOptions {
  /**
   * The client whose requests feed `network` (every finished attempt, from core's `client.onOutcome`).
   * @default the socket's client
   */
  client?: ConversationClient | undefined
  /**
   * The keepalive stream to report in `keepAlive` (usually `agentKeepAlive(client)`, which is shared: watching
   * it here adds no requests as long as something else subscribes it with the same options). Subscribed while
   * the health is. Omitted: `keepAlive` is absent.
   * @default undefined
   */
  keepAlive?: Observable<AgentKeepAliveStatus> | undefined
}

/** Reduces any failure to what a console may show, without the error object (and whatever it references). */
export const healthErrorOf = (source: HealthError['source'], error: unknown): HealthError =>
  definedFields({
    source,
    kind: error instanceof ConversationError ? error.kind : 'unknown',
    httpStatus: error instanceof ConversationHttpError ? error.status : undefined,
    message: error instanceof Error ? error.message : String(error),
    permanent: isPermanentError(error),
  }) as HealthError

/** Failures that say nothing about the request itself but about the way to the server. */
const isNetworkFailure = (error: ConversationError | undefined): boolean =>
  error !== undefined &&
  (error.kind === 'network' ||
    error.kind === 'timeout' ||
    (error instanceof ConversationHttpError && (error.status >= 500 || error.status === 429)))

type OutcomeListener = (error: ConversationError | undefined) => void
type WithOutcome = { onOutcome?: (listener: OutcomeListener) => () => void }

const healthOf = (
  state: AgentSocketState | undefined,
  keepAlive: AgentKeepAliveStatus | undefined,
  outcome: ConversationError | undefined,
  watchesNetwork: boolean,
): ConnectionHealth => {
  const failed = state?.status === 'closed' && state.reason === 'error'
  // Offline says it all: no attempt or retry time to show.
  const offline = isOffline() && !failed
  const trying = offline ? undefined : state?.status === 'connecting' ? state : undefined
  const waiting = offline ? undefined : state?.status === 'reconnecting' ? state : undefined
  const errors = [
    failed && healthErrorOf('socket', state.error),
    keepAlive?.status !== 'alive' &&
      keepAlive?.error !== undefined &&
      healthErrorOf('keepAlive', keepAlive.error),
    state?.status === 'reconnecting' && state.error !== undefined && healthErrorOf('socket', state.error),
    outcome && healthErrorOf('request', outcome),
  ].filter((e): e is HealthError => !!e)
  return definedFields({
    status: offline
      ? 'offline'
      : state?.status === 'open'
        ? 'live'
        : trying || waiting
          ? 'reconnecting'
          : failed
            ? 'failed'
            : 'polling',
    attempt: (trying ?? waiting)?.attempt,
    retryAt: waiting?.retryAt,
    closeCode: waiting?.closeCode,
    // The keepalive's statuses under the health's names: only `retrying` is called otherwise.
    keepAlive: keepAlive && (keepAlive.status === 'retrying' ? 'failing' : keepAlive.status),
    network: watchesNetwork ? (isNetworkFailure(outcome) ? 'failing' : 'ok') : undefined,
    // Offline says everything a passing fault would: an earlier fault's text would only mislead (it stays until
    // the next request, which waits for the network).
    error: errors.find((e) => e.permanent) ?? (offline ? undefined : errors[0]),
  }) as ConnectionHealth
}

// Healths are built field by field in one order, so equal ones serialize alike; an error is only its fields.
const sameHealth = (a: ConnectionHealth, b: ConnectionHealth) => JSON.stringify(a) === JSON.stringify(b)

/**
 * One observable for a connection banner: the socket's state, the keepalive (when given), the outcome of every
 * request of the client and the browser's online state (where one exists). Emits at once; does not connect the
 * socket. A console shows "Live" only for `status: 'live'`, and "Session alive" only for `keepAlive: 'alive'`.
 */
export function connectionHealth(
  socket: AgentSocket | undefined,
  options: ConnectionHealthOptions = {},
): Observable<ConnectionHealth> {
  const client = options.client ?? socket?.client
  const onOutcome = (client as WithOutcome | undefined)?.onOutcome
  // The outcome of every finished attempt of the client's requests (undefined: a success).
  const outcomes =
    typeof onOutcome === 'function' &&
    new Observable<ConversationError | undefined>((subscriber) =>
      onOutcome.call(client, (error) => subscriber.next(error)),
    )
  /** Undefined until `source` says otherwise (and for good without a source). */
  const from = <T>(source: Observable<T> | undefined | false) => (source || NEVER).pipe(startWith(undefined))
  return combineLatest([
    socket?.state$ ?? of(undefined),
    from(options.keepAlive),
    from(outcomes),
    from(pageChanges$),
  ]).pipe(
    map(([state, keepAlive, outcome]) => healthOf(state, keepAlive, outcome, !!outcomes)),
    distinctUntilChanged(sameHealth),
  )
}
