import type { AgentStatus, EventFrameOf } from '@uc-conversation/core'
import { eventFrame } from './event-frame'
import { HttpError } from './http-error'
import type { ServiceConfig } from './service-config'
import type { AgentRecord, ConversationRecord } from './state'

/** Agents' statuses per queue and keepalives, and where a waiting customer stands. @internal */
export interface AgentPresence {
  /** 404 for an unknown queue; counts as a keepalive. */
  setAgentStatus(agent: AgentRecord, queueName: string, status: AgentStatus): void
  keepAlive(agent: AgentRecord): void
  /** The `queue position` frame for a conversation (position -1 when it is not waiting). */
  queuePositionFor(c: ConversationRecord): EventFrameOf<'queue position'>
}

/** @internal */
export function createAgentPresence(config: ServiceConfig): AgentPresence {
  const { state, broadcast, sessions } = config
  const queueOf = (c: ConversationRecord) => (c.queueName ? state.queues.get(c.queueName) : undefined)
  return {
    setAgentStatus(agent, queueName, status) {
      const q = state.queues.get(queueName)
      if (!q) throw new HttpError(404, `queue ${queueName} not found`, 'Queue not found.', 'not_found')
      sessions.touch(agent)
      if (agent.statuses[q.name] === status) return
      agent.statuses[q.name] = status
      broadcast.queueChanged(q)
    },

    keepAlive(agent) {
      sessions.touch(agent)
    },

    queuePositionFor(c) {
      const q = queueOf(c)
      const position = q ? q.entries.findIndex((e) => e.conversationUuid === c.uuid) : -1
      const available = q ? [...state.agents.values()].some((a) => a.statuses[q.name] === 'available') : false
      return eventFrame(
        'queue position',
        c.uuid,
        { available, position: position < 0 ? -1 : position + 1 },
        'event_queue_position',
      )
    },
  }
}
