import type { ConnectionHealth, Freshness } from '@uc-conversation/rxjs'

/** @internal The freshness of socket-fed cache entries from the connection's health. */
export const freshnessOf = (health: ConnectionHealth, failed: boolean): Freshness =>
  failed || health.status === 'offline' ? 'stale' : health.status === 'live' ? 'live' : 'polling'
