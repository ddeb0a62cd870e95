import { mutationOptions } from '@tanstack/react-query'
import type {
  AnyConversationError,
  ConversationAgentProfile,
  ConversationAgentProfileResponse,
  ConversationClient,
} from '@uc-conversation/core'
import { getAgentProfile, getAgentProfiles, updateAgentProfile } from '@uc-conversation/core/operations'
import { conversationKeys } from './conversation-keys'
import type { ConversationMutationOptions } from './conversation-mutations'

/** The shape of {@link agentProfileMutations}. */
export interface AgentProfileMutations {
  /**
   * Saves the agent's own profile (`updateAgentProfile`); the answer becomes the cached `getAgentProfile`
   * entry, and the cached `getAgentProfiles` (every agent's profile) is invalidated.
   */
  update(
    client: ConversationClient,
  ): ConversationMutationOptions<ConversationAgentProfileResponse, ConversationAgentProfile>
}

/** `mutationOptions` of the agent's profile with their cache updates; never retried by TanStack. */
export const agentProfileMutations: AgentProfileMutations = {
  update: (client) =>
    mutationOptions<ConversationAgentProfileResponse, AnyConversationError, ConversationAgentProfile>({
      mutationKey: conversationKeys.operation(updateAgentProfile),
      retry: false,
      mutationFn: (profile) => client.call(updateAgentProfile, profile),
      onSuccess: async (response, _profile, _result, { client: queryClient }) => {
        if (response.agent_profile)
          queryClient.setQueryData(conversationKeys.operation(getAgentProfile, []), response)
        else await queryClient.invalidateQueries({ queryKey: conversationKeys.operation(getAgentProfile) })
        await queryClient.invalidateQueries({ queryKey: conversationKeys.operation(getAgentProfiles) })
      },
    }),
}
