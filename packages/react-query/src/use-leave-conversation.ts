'use client'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import type { AnyConversationError } from '@uc-conversation/core'
import { type ConversationMutationHookOptions, composeMutationOptions } from './compose-mutation-options'
import { leaveMutation } from './conversation-mutations'
import { useConversationContext } from './conversation-provider'

/** Leaves a conversation; the conversation's cache entries are refreshed without reloading the list. Variables: the conversation's uuid. */
export function useLeaveConversation(
  options: ConversationMutationHookOptions<void, string> = {},
): UseMutationResult<void, AnyConversationError, string> {
  const { client } = useConversationContext()
  return useMutation(composeMutationOptions(leaveMutation(client), options))
}
