'use client'
import { type ConnectionHealth, connectionHealth } from '@uc-conversation/rxjs'
import { useConversationContext } from './conversation-provider'
import { peekValue, useObservable } from './use-observable'

const POLLING: ConnectionHealth = { status: 'polling' }

/**
 * What a connection banner shows (rxjs's `connectionHealth`): `live`, `reconnecting` (with attempt and
 * retry time), `polling` or `offline`. Does not connect the socket.
 */
export function useConnectionHealth(): ConnectionHealth {
  const { socket } = useConversationContext()
  return useObservable(
    () => connectionHealth(socket),
    [socket],
    () => peekValue(connectionHealth(socket)) ?? POLLING,
  )
}
