import type { TimerHandle, TimerSet } from './clock'
import type { AgentRecord, QueueRecord, StateData } from './state'

/**
 * Keepalive bookkeeping: an agent who stops calling keepalive (or setting statuses) for the timeout becomes
 * `unavailable` in every queue, as UltraCart does. @internal
 */
export interface AgentSessions {
  /** The agent is alive: restarts their lapse timer. */
  touch(agent: AgentRecord): void
  /** Forgets every pending lapse (restore, close). */
  reset(): void
}

/** @internal */
export function createAgentSessions(deps: {
  state: StateData
  timers: TimerSet
  keepAliveTimeoutMs: number
  queueChanged: (q: QueueRecord) => void
}): AgentSessions {
  const { state, timers } = deps
  const lapses = new Map<string, TimerHandle>()
  return {
    touch(agent) {
      timers.clear(lapses.get(agent.arn))
      lapses.set(
        agent.arn,
        timers.set(() => {
          lapses.delete(agent.arn)
          for (const q of state.queues.values())
            if ((agent.statuses[q.name] ?? 'unavailable') !== 'unavailable') {
              agent.statuses[q.name] = 'unavailable'
              deps.queueChanged(q)
            }
        }, deps.keepAliveTimeoutMs),
      )
    },
    reset() {
      for (const t of lapses.values()) timers.clear(t)
      lapses.clear()
    },
  }
}
