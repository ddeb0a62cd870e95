'use client'
import type { AgentIdentity, AgentSocket, AgentSocketState } from '@uc-conversation/rxjs'
import { useConversationContext } from './conversation-provider'
import { useObservable } from './use-observable'

const NO_SOCKET: AgentSocketState = { status: 'closed', reason: 'idle' }

/** Result of {@link useAgentSocket}. */
export interface UseAgentSocketResult {
  /** This tab's socket, if any (none in a follower tab of a shared session). */
  socket: AgentSocket | undefined
  /**
   * The session's socket state (the leading tab's in a shared session; `closed`/`idle` without a socket).
   * Reading it does not connect.
   */
  state: AgentSocketState
  /** The signed-in agent, once the socket was authorized (in every tab of a shared session). */
  agent: AgentIdentity | undefined
}

/** The session's agent socket, its state and agent, re-rendering on every state change. */
export function useAgentSocket(): UseAgentSocketResult {
  const { session } = useConversationContext()
  const state = useObservable(
    () => session.socketState$,
    [session],
    () => session.socket?.state ?? NO_SOCKET,
  )
  return { socket: session.socket, state, agent: session.agent }
}
