'use client'
import { type UseMutationResult, type UseQueryResult, useMutation } from '@tanstack/react-query'
import type {
  AnyConversationError,
  ConversationAgentProfile,
  ConversationAgentProfileResponse,
} from '@uc-conversation/core'
import { getAgentProfile } from '@uc-conversation/core/operations'
import { agentProfileMutations } from './agent-profile'
import { type ConversationMutationHookOptions, composeMutationOptions } from './compose-mutation-options'
import { useConversationContext } from './conversation-provider'
import { operationQueryOptions } from './operation-options'
import { type OperationHookOptions, useOperationQuery } from './use-operation-query'

/** The signed-in agent's own profile (`getAgentProfile`): name, default status, chat limits, profile image. */
export function useAgentProfile(
  options: OperationHookOptions<ConversationAgentProfileResponse> = {},
): UseQueryResult<ConversationAgentProfileResponse, AnyConversationError> {
  const { client } = useConversationContext()
  return useOperationQuery(operationQueryOptions(client, getAgentProfile), options)
}

/** Saves the agent's own profile; `useAgentProfile` takes the server's answer, the profile list reloads. */
export function useUpdateAgentProfile(
  options: ConversationMutationHookOptions<ConversationAgentProfileResponse, ConversationAgentProfile> = {},
): UseMutationResult<ConversationAgentProfileResponse, AnyConversationError, ConversationAgentProfile> {
  const { client } = useConversationContext()
  return useMutation(composeMutationOptions(agentProfileMutations.update(client), options))
}
