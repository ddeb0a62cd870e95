'use client'
import type { AgentKeepAliveOptions, AgentKeepAliveStatus } from '@uc-conversation/rxjs'
import { useConversationContext } from './conversation-provider'
import { useObservable } from './use-observable'

export interface UseAgentKeepAliveOptions extends Omit<AgentKeepAliveOptions, 'scheduler'> {
  /**
   * Keep the agent alive while mounted; `false` stops (e.g. while the agent is `unavailable`).
   * @default true
   */
  enabled?: boolean | undefined
}

/**
 * Keeps the agent's session alive while mounted (rxjs's `agentKeepAlive`, one schedule per client however many
 * components use it) and returns its latest status: `undefined` until the first attempt ends.
 */
export function useAgentKeepAlive(options: UseAgentKeepAliveOptions = {}): AgentKeepAliveStatus | undefined {
  const { session } = useConversationContext()
  const { enabled = true, ...keepAlive } = options
  return useObservable<AgentKeepAliveStatus, AgentKeepAliveStatus | undefined>(
    () => (enabled ? session.keepAlive(keepAlive) : undefined),
    // By value: an options object written inline is new at every render.
    [session, enabled, JSON.stringify(keepAlive)],
    undefined,
  )
}
