'use client'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import type { AnyConversationError, ConversationStartRequest } from '@uc-conversation/core'
import { type ConversationMutationHookOptions, composeMutationOptions } from './compose-mutation-options'
import type { ConversationDetailData } from './conversation-data'
import { startMutation } from './conversation-mutations'
import { useConversationContext } from './conversation-provider'

/**
 * Starts a conversation (never retried: the server would start two). The new conversation is written into its
 * detail entry and on top of every cached list, without a refetch.
 */
export function useStartConversation(
  options: ConversationMutationHookOptions<ConversationDetailData, ConversationStartRequest> = {},
): UseMutationResult<ConversationDetailData, AnyConversationError, ConversationStartRequest> {
  const { client } = useConversationContext()
  return useMutation(composeMutationOptions(startMutation(client), options))
}
