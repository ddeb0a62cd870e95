'use client'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { type AnyConversationError, isRetryableError } from '@uc-conversation/core'
import { useEffect } from 'react'
import { type ConversationMutationHookOptions, composeMutationOptions } from './compose-mutation-options'
import { type UpdateAgentStatusVariables, updateAgentStatusMutation } from './conversation-mutations'
import { useConversationContext } from './conversation-provider'

export interface UseUpdateAgentStatusOptions
  extends ConversationMutationHookOptions<void, UpdateAgentStatusVariables> {
  /** The agent's ARN for the optimistic queue row. @default the session's agent */
  agentArn?: string | undefined
}

/**
 * Sets the agent's status in a queue, optimistically (`conversationKeys.agentStatus(queue)` and the agent's row
 * in the queue statuses), rolled back when the request fails.
 */
export function useUpdateAgentStatus(
  options: UseUpdateAgentStatusOptions = {},
): UseMutationResult<void, AnyConversationError, UpdateAgentStatusVariables> {
  const { client, session } = useConversationContext()
  const { agentArn, ...rest } = options
  const mutation = useMutation(
    composeMutationOptions(updateAgentStatusMutation(client, { agentArn, socket: session }), rest),
  )
  const { isError, error, reset } = mutation
  useEffect(() => {
    // A passing fault (503, network, timeout) is history once a later request succeeds: the change was rolled
    // back and the status shown is the server's again. A refusal (400, 403...) stays until the agent acts.
    if (!isError || !isRetryableError(error)) return
    return client.onOutcome((outcome) => {
      if (outcome === undefined) reset()
    })
  }, [client, isError, error, reset])
  return mutation
}
