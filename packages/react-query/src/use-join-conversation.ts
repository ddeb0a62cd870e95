'use client'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import type { AnyConversationError } from '@uc-conversation/core'
import { type ConversationMutationHookOptions, composeMutationOptions } from './compose-mutation-options'
import { joinMutation } from './conversation-mutations'
import { useConversationContext } from './conversation-provider'

/** Joins a conversation (the agent becomes a participant); the conversation's cache entries are refreshed without reloading the list. Variables: the conversation's uuid. */
export function useJoinConversation(
  options: ConversationMutationHookOptions<void, string> = {},
): UseMutationResult<void, AnyConversationError, string> {
  const { client } = useConversationContext()
  return useMutation(composeMutationOptions(joinMutation(client), options))
}
