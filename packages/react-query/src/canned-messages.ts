import { mutationOptions, type QueryClient } from '@tanstack/react-query'
import {
  type AnyConversationError,
  type ConversationCannedMessage,
  type ConversationCannedMessagesResponse,
  type ConversationCannedMessagesSearch,
  type ConversationClient,
  ConversationParseError,
} from '@uc-conversation/core'
import {
  deleteConversationCannedMessage,
  getConversationCannedMessages,
  insertConversationCannedMessage,
  searchConversationCannedMessages,
  updateConversationCannedMessage,
} from '@uc-conversation/core/operations'
import { conversationKeys } from './conversation-keys'
import type { ConversationMutationOptions } from './conversation-mutations'
import { type OperationQueryOptions, operationQueryOptions } from './operation-options'

/** @internal The saved replies of a canned-messages response (none: an empty list); the hooks' `select`. */
export const cannedMessagesOf = (
  response: ConversationCannedMessagesResponse | null,
): readonly ConversationCannedMessage[] => response?.conversation_canned_messages ?? []

type Update = (messages: readonly ConversationCannedMessage[]) => readonly ConversationCannedMessage[]

/**
 * A change of one saved reply: the cached list takes it at once (no reload); cached searches are marked stale
 * (which replies match a short code is the server's rule), and those on screen load again.
 */
async function afterChange(queryClient: QueryClient, update: Update): Promise<void> {
  queryClient.setQueryData(conversationKeys.operation(getConversationCannedMessages, []), (old) =>
    old ? { ...old, conversation_canned_messages: [...update(cannedMessagesOf(old))] } : old,
  )
  await queryClient.invalidateQueries({
    queryKey: conversationKeys.operation(searchConversationCannedMessages),
  })
}

const oidOf = (message: ConversationCannedMessage | undefined) => message?.conversation_canned_message_oid

// The list entry takes what the server saved (its oid above all): an answer without it is a broken answer.
const saved = (
  response: { conversation_canned_message?: ConversationCannedMessage } | undefined,
  operation: string,
): ConversationCannedMessage => {
  const message = response?.conversation_canned_message
  if (oidOf(message) === undefined)
    throw new ConversationParseError(200, `the ${operation} response has no conversation_canned_message`)
  return message!
}

/** The shape of {@link cannedMessageQueries}. */
export interface CannedMessageQueries {
  /** Every saved reply (`getConversationCannedMessages`), the whole response (`useCannedMessages` selects the array). */
  list(client: ConversationClient): OperationQueryOptions<ConversationCannedMessagesResponse>
  /** Saved replies whose short code starts with `request.short_code` (`searchConversationCannedMessages`). */
  search(
    client: ConversationClient,
    request: ConversationCannedMessagesSearch,
  ): OperationQueryOptions<ConversationCannedMessagesResponse>
}

/** `queryOptions` of the saved replies (canned messages), keyed by {@link conversationKeys.operation}. */
export const cannedMessageQueries: CannedMessageQueries = {
  list: (client) => operationQueryOptions(client, getConversationCannedMessages),
  search: (client, request) => operationQueryOptions(client, searchConversationCannedMessages, request),
}

/** The shape of {@link cannedMessageMutations}. */
export interface CannedMessageMutations {
  /** Saves a new reply; it is added to the end of the cached list (its next load brings the server's order). */
  insert(
    client: ConversationClient,
  ): ConversationMutationOptions<ConversationCannedMessage, ConversationCannedMessage>
  /**
   * Replaces a reply, named by its `conversation_canned_message_oid` (a `ConversationValidationError` naming
   * that field, before anything is sent, without one); the cached list takes the server's answer in place.
   */
  update(
    client: ConversationClient,
  ): ConversationMutationOptions<ConversationCannedMessage, ConversationCannedMessage>
  /** Deletes a reply by its oid; it leaves the cached list. */
  delete(client: ConversationClient): ConversationMutationOptions<void, number>
}

/**
 * `mutationOptions` of the saved replies with their cache updates: the list entry of
 * {@link cannedMessageQueries.list} changes in place, and every cached search is invalidated. Never retried by
 * TanStack: core retries what is safe (an insert only when the server never saw it).
 */
export const cannedMessageMutations: CannedMessageMutations = {
  insert: (client) =>
    mutationOptions<ConversationCannedMessage, AnyConversationError, ConversationCannedMessage>({
      mutationKey: conversationKeys.operation(insertConversationCannedMessage),
      retry: false,
      mutationFn: async (message) =>
        saved(await client.call(insertConversationCannedMessage, message), 'insertConversationCannedMessage'),
      onSuccess: (message, _sent, _result, { client: queryClient }) =>
        afterChange(queryClient, (list) => [...list, message]),
    }),
  update: (client) =>
    mutationOptions<ConversationCannedMessage, AnyConversationError, ConversationCannedMessage>({
      mutationKey: conversationKeys.operation(updateConversationCannedMessage),
      retry: false,
      mutationFn: async (message) => {
        // Core names the missing oid in its validation error, before sending.
        const oid = oidOf(message) as number
        return saved(
          await client.call(updateConversationCannedMessage, oid, message),
          'updateConversationCannedMessage',
        )
      },
      onSuccess: (message, _sent, _result, { client: queryClient }) =>
        afterChange(queryClient, (list) => list.map((m) => (oidOf(m) === oidOf(message) ? message : m))),
    }),
  delete: (client) =>
    mutationOptions<void, AnyConversationError, number>({
      mutationKey: conversationKeys.operation(deleteConversationCannedMessage),
      retry: false,
      mutationFn: (oid) => client.call(deleteConversationCannedMessage, oid),
      onSuccess: (_data, oid, _result, { client: queryClient }) =>
        afterChange(queryClient, (list) => list.filter((m) => oidOf(m) !== oid)),
    }),
}
