'use client'
import type { UseQueryResult } from '@tanstack/react-query'
import type {
  AnyConversationError,
  ConversationDepartmentMembersResponse,
  ConversationDepartmentsResponse,
} from '@uc-conversation/core'
import {
  getConversationDepartmentMemberList,
  getConversationDepartments,
} from '@uc-conversation/core/operations'
import { useConversationContext } from './conversation-provider'
import { operationQueryOptions } from './operation-options'
import { type OperationHookOptions, useOperationQuery } from './use-operation-query'

/** The merchant's chat departments with their settings (`getConversationDepartments`). */
export function useConversationDepartments(
  options: OperationHookOptions<ConversationDepartmentsResponse> = {},
): UseQueryResult<ConversationDepartmentsResponse, AnyConversationError> {
  const { client } = useConversationContext()
  return useOperationQuery(operationQueryOptions(client, getConversationDepartments), options)
}

/** The users who can be department members (`getConversationDepartmentMemberList`). */
export function useConversationDepartmentMembers(
  options: OperationHookOptions<ConversationDepartmentMembersResponse> = {},
): UseQueryResult<ConversationDepartmentMembersResponse, AnyConversationError> {
  const { client } = useConversationContext()
  return useOperationQuery(operationQueryOptions(client, getConversationDepartmentMemberList), options)
}
