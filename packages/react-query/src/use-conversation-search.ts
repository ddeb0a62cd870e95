'use client'
import type { UseQueryResult } from '@tanstack/react-query'
import type {
  AnyConversationError,
  ConversationAutocompleteRequest,
  ConversationAutocompleteResponse,
  ConversationSearchRequest,
  ConversationSearchResponse,
} from '@uc-conversation/core'
import { getConversationsAutocomplete, getConversationsSearch } from '@uc-conversation/core/operations'
import { useConversationContext } from './conversation-provider'
import { operationQueryOptions } from './operation-options'
import { type OperationHookOptions, useOperationQuery } from './use-operation-query'

/**
 * Conversations matching `request` (`getConversationsSearch`: text, email, SMS number, medium, dates, a range of
 * results). Each distinct request is its own cache entry; keep the previous page on screen while the next
 * loads with `placeholderData: keepPreviousData`.
 */
export function useConversationSearch(
  request: ConversationSearchRequest,
  options: OperationHookOptions<ConversationSearchResponse> = {},
): UseQueryResult<ConversationSearchResponse, AnyConversationError> {
  const { client } = useConversationContext()
  return useOperationQuery(operationQueryOptions(client, getConversationsSearch, request), options)
}

/** Values completing `request.term` in `request.field` (`getConversationsAutocomplete`), e.g. an email. */
export function useConversationAutocomplete(
  request: ConversationAutocompleteRequest,
  options: OperationHookOptions<ConversationAutocompleteResponse> = {},
): UseQueryResult<ConversationAutocompleteResponse, AnyConversationError> {
  const { client } = useConversationContext()
  return useOperationQuery(operationQueryOptions(client, getConversationsAutocomplete, request), options)
}
