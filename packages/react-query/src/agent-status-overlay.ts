import type { Mutation, QueryClient } from '@tanstack/react-query'
import type { AgentStatus } from '@uc-conversation/core'
import type { QueueStatusesData } from './conversation-data'
import { CONVERSATION_KEY_ROOT } from './conversation-keys'

/** @internal Mutation key of `conversationMutations.updateAgentStatus`. */
export const AGENT_STATUS_MUTATION_KEY = [CONVERSATION_KEY_ROOT, 'agent-status'] as const

/** Variables of {@link conversationMutations.updateAgentStatus}. */
export interface UpdateAgentStatusVariables {
  queueName: string
  agentStatus: AgentStatus
}

/** What `onMutate` of an agent status change keeps (TanStack stores it as the mutation's context). */
export interface AgentStatusContext {
  /** `conversationKeys.agentStatus(queue)` before the change. */
  status: AgentStatus | undefined
  /** The agent whose queue row shows the change, when known. */
  arn: string | undefined
  /** That row's status before the change. */
  previous: AgentStatus | undefined
}

/** The agent's status in one queue's row; `undefined` when the queue or the agent is not in `data`. */
export const agentStatusIn = (
  data: QueueStatusesData,
  queueName: string,
  arn: string,
): AgentStatus | undefined =>
  data.statuses
    .find((queue) => queue.queue_name === queueName)
    ?.agents?.find((agent) => agent.conversation_participant_arn === arn)?.agent_status

/** @internal `data` with the agent's row of one queue set to `status`; the same object when nothing changes. */
export function withAgentStatus(
  data: QueueStatusesData,
  queueName: string,
  arn: string,
  status: AgentStatus,
): QueueStatusesData {
  const now = agentStatusIn(data, queueName, arn)
  if (now === status || now === undefined) return data
  return {
    ...data,
    statuses: data.statuses.map((queue) =>
      queue.queue_name !== queueName
        ? queue
        : {
            ...queue,
            ...(queue.agents && {
              agents: queue.agents.map((agent) =>
                agent.conversation_participant_arn === arn ? { ...agent, agent_status: status } : agent,
              ),
            }),
          },
    ),
  }
}

/**
 * @internal Lays every agent status change still in flight over queue statuses, oldest first (the newest wins).
 * Live emissions go through this before they reach the cache, so a queue event that arrives during the request
 * does not undo the optimistic row. `except` leaves out the change whose context it is (one failing now).
 */
export function withPendingAgentStatuses(
  queryClient: QueryClient,
  data: QueueStatusesData,
  except?: AgentStatusContext,
): QueueStatusesData {
  const pending = queryClient
    .getMutationCache()
    .findAll({ mutationKey: AGENT_STATUS_MUTATION_KEY, status: 'pending' }) as Mutation<
    void,
    unknown,
    UpdateAgentStatusVariables,
    AgentStatusContext
  >[]
  let out = data
  for (const mutation of pending.sort((a, b) => a.mutationId - b.mutationId)) {
    const { context, variables } = mutation.state
    if (context?.arn && variables && context !== except)
      out = withAgentStatus(out, variables.queueName, context.arn, variables.agentStatus)
  }
  return out
}
