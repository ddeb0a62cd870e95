import { combineLatest, distinctUntilChanged, map, type Observable, of, startWith } from 'rxjs'
import type { AgentSocket, AgentSocketState } from './connect-agent-socket'
import { isOffline, pageChanges$ } from './internal/is-page'

/** What a connection banner shows. */
export interface ConnectionHealth {
  /**
   * `live`: the socket is open. `reconnecting`: it is being (re)opened. `polling`: no socket, or it failed for
   * good or is idle: live streams poll. `offline`: the browser says there is no network.
   */
  status: 'live' | 'reconnecting' | 'polling' | 'offline'
  /** While reconnecting: the attempt number. */
  attempt?: number
  /** While reconnecting: when the next attempt starts (epoch ms). */
  retryAt?: number
}

const healthOf = (state: AgentSocketState | undefined): ConnectionHealth => {
  if (isOffline()) return { status: 'offline' }
  switch (state?.status) {
    case 'open':
      return { status: 'live' }
    case 'connecting':
      return { status: 'reconnecting', attempt: state.attempt }
    case 'reconnecting':
      return { status: 'reconnecting', attempt: state.attempt, retryAt: state.retryAt }
    default:
      return { status: 'polling' }
  }
}

/**
 * One observable for a connection banner: the socket's state and the browser's online state (where one
 * exists) reduced to live / reconnecting / polling / offline. Emits at once; does not connect the socket.
 */
export function connectionHealth(socket: AgentSocket | undefined): Observable<ConnectionHealth> {
  return combineLatest([
    socket ? socket.state$ : of(undefined),
    pageChanges$.pipe(startWith(undefined)),
  ]).pipe(
    map(([state]) => healthOf(state)),
    distinctUntilChanged(
      (a, b) => a.status === b.status && a.attempt === b.attempt && a.retryAt === b.retryAt,
    ),
  )
}
