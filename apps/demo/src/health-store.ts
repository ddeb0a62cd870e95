import type { ConnectionHealth } from '@uc-conversation/rxjs'
import { type Observable, shareReplay } from 'rxjs'

/** Before the first emission (there is none without a subscriber): nothing is claimed to work. */
const UNKNOWN: ConnectionHealth = { status: 'reconnecting' }

/** A React store over one shared health stream: components read the same value and one subscription. */
export interface HealthStore {
  subscribe(onChange: () => void): () => void
  current(): ConnectionHealth
}

/**
 * The console's one connection health (the session's `health$`): the socket, the keepalive the session runs for
 * `useAgentKeepAlive` (watching it adds no request) and every request's outcome. Everything the banner and the
 * agent bar claim ("Live", "Session alive") comes from here.
 */
export function createHealthStore(health$: Observable<ConnectionHealth>): HealthStore {
  const shared = health$.pipe(shareReplay({ bufferSize: 1, refCount: true }))
  let latest = UNKNOWN
  return {
    subscribe(onChange) {
      const subscription = shared.subscribe((value) => {
        latest = value
        onChange()
      })
      return () => subscription.unsubscribe()
    },
    current: () => latest,
  }
}
