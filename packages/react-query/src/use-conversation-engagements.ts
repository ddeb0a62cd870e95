'use client'
import type { UseQueryResult } from '@tanstack/react-query'
import type { AnyConversationError, ConversationEngagementsResponse } from '@uc-conversation/core'
import { getConversationEngagements } from '@uc-conversation/core/operations'
import { useConversationContext } from './conversation-provider'
import { operationQueryOptions } from './operation-options'
import { type OperationHookOptions, useOperationQuery } from './use-operation-query'

/** The merchant's engagements: rules that invite visitors to chat (`getConversationEngagements`). */
export function useConversationEngagements(
  options: OperationHookOptions<ConversationEngagementsResponse> = {},
): UseQueryResult<ConversationEngagementsResponse, AnyConversationError> {
  const { client } = useConversationContext()
  return useOperationQuery(operationQueryOptions(client, getConversationEngagements), options)
}
