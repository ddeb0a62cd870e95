'use client'
import type { AgentSocket, AgentSocketState } from '@uc-conversation/rxjs'
import { useCallback, useSyncExternalStore } from 'react'
import { useConversationContext } from './conversation-provider'

const NO_SOCKET: AgentSocketState = { status: 'closed', reason: 'idle' }

/** Result of {@link useAgentSocket}. */
export interface UseAgentSocketResult {
  /** The provider's socket, if any. */
  socket: AgentSocket | undefined
  /** Its current state (`closed`/`idle` without a socket). Reading it does not connect. */
  state: AgentSocketState
}

/** The provider's agent socket and its state, re-rendering on every state change. */
export function useAgentSocket(): UseAgentSocketResult {
  const { socket } = useConversationContext()
  const subscribe = useCallback(
    (onChange: () => void) => {
      const subscription = socket?.state$.subscribe(onChange)
      return () => subscription?.unsubscribe()
    },
    [socket],
  )
  const getState = () => socket?.state ?? NO_SOCKET
  const state = useSyncExternalStore(subscribe, getState, getState)
  return { socket, state }
}
