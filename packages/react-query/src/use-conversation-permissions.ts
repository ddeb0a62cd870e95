'use client'
import type { UseQueryResult } from '@tanstack/react-query'
import type { AnyConversationError, ConversationPermissionsResponse } from '@uc-conversation/core'
import { getConversationPermissions } from '@uc-conversation/core/operations'
import { useConversationContext } from './conversation-provider'
import { operationQueryOptions } from './operation-options'
import { type OperationHookOptions, useOperationQuery } from './use-operation-query'

/** What the signed-in user may do in the console (`getConversationPermissions`), e.g. to hide what it may not. */
export function useConversationPermissions(
  options: OperationHookOptions<ConversationPermissionsResponse> = {},
): UseQueryResult<ConversationPermissionsResponse, AnyConversationError> {
  const { client } = useConversationContext()
  return useOperationQuery(operationQueryOptions(client, getConversationPermissions), options)
}
