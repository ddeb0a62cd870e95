'use client'
import { type UseMutationResult, type UseQueryResult, useMutation, useQuery } from '@tanstack/react-query'
import type {
  AnyConversationError,
  ConversationCannedMessage,
  ConversationCannedMessagesResponse,
  ConversationCannedMessagesSearch,
} from '@uc-conversation/core'
import { cannedMessageMutations, cannedMessageQueries, cannedMessagesOf } from './canned-messages'
import { type ConversationMutationHookOptions, composeMutationOptions } from './compose-mutation-options'
import { useConversationContext } from './conversation-provider'
import { guardRetry } from './permanent-errors'
import type { OperationHookOptions } from './use-operation-query'

/** TanStack options of {@link useCannedMessages} and {@link useCannedMessageSearch}. */
export type UseCannedMessagesOptions = OperationHookOptions<ConversationCannedMessagesResponse>

/** The saved replies as an array (empty until loaded): `data` of the canned-message hooks. */
export type UseCannedMessagesResult = UseQueryResult<
  readonly ConversationCannedMessage[],
  AnyConversationError
>

/** Every saved reply (canned message) of the merchant; the canned-message mutations keep it current. */
export function useCannedMessages(options: UseCannedMessagesOptions = {}): UseCannedMessagesResult {
  const { client } = useConversationContext()
  return useQuery({ ...cannedMessageQueries.list(client), ...guardRetry(options), select: cannedMessagesOf })
}

/**
 * Saved replies whose short code starts with `request.short_code` (what an agent types after `/`), at most
 * `request.max_results`. Marked stale by every canned-message mutation.
 */
export function useCannedMessageSearch(
  request: ConversationCannedMessagesSearch,
  options: UseCannedMessagesOptions = {},
): UseCannedMessagesResult {
  const { client } = useConversationContext()
  return useQuery({
    ...cannedMessageQueries.search(client, request),
    ...guardRetry(options),
    select: cannedMessagesOf,
  })
}

/** Saves a new reply (variables: the reply without oid); the cached list takes it, searches reload. */
export function useInsertCannedMessage(
  options: ConversationMutationHookOptions<ConversationCannedMessage, ConversationCannedMessage> = {},
): UseMutationResult<ConversationCannedMessage, AnyConversationError, ConversationCannedMessage> {
  const { client } = useConversationContext()
  return useMutation(composeMutationOptions(cannedMessageMutations.insert(client), options))
}

/** Replaces a reply (variables: the reply with its `conversation_canned_message_oid`); list and searches follow. */
export function useUpdateCannedMessage(
  options: ConversationMutationHookOptions<ConversationCannedMessage, ConversationCannedMessage> = {},
): UseMutationResult<ConversationCannedMessage, AnyConversationError, ConversationCannedMessage> {
  const { client } = useConversationContext()
  return useMutation(composeMutationOptions(cannedMessageMutations.update(client), options))
}

/** Deletes a reply (variables: its oid); it leaves the cached list, searches reload. */
export function useDeleteCannedMessage(
  options: ConversationMutationHookOptions<void, number> = {},
): UseMutationResult<void, AnyConversationError, number> {
  const { client } = useConversationContext()
  return useMutation(composeMutationOptions(cannedMessageMutations.delete(client), options))
}
