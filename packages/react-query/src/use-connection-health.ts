'use client'
import type { ConnectionHealth } from '@uc-conversation/rxjs'
import { useConversationContext } from './conversation-provider'
import { peekValue, useObservable } from './use-observable'

const POLLING: ConnectionHealth = { status: 'polling' }

/**
 * What a connection banner shows (the session's `health$`): `live`, `reconnecting` (with attempt and retry
 * time), `polling` or `offline`, and the keepalive's state while `useAgentKeepAlive` runs. Does not connect
 * the socket.
 */
export function useConnectionHealth(): ConnectionHealth {
  const { session } = useConversationContext()
  return useObservable(
    () => session.health$,
    [session],
    () => peekValue(session.health$) ?? POLLING,
  )
}
