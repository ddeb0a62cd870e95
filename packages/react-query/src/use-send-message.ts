'use client'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import {
  type AnyConversationError,
  type ConversationMessage,
  newClientMessageId,
} from '@uc-conversation/core'
import type { OutgoingChatMessage, SendMessageOptions, SendMessageState } from '@uc-conversation/rxjs'
import { useCallback } from 'react'
import { type ConversationMutationHookOptions, composeMutationOptions } from './compose-mutation-options'
import { type SendMessageVariables, sessionSendMutation } from './conversation-mutations'
import { useConversationContext } from './conversation-provider'

export interface UseSendMessageOptions
  extends ConversationMutationHookOptions<SendMessageState, SendMessageVariables>,
    SendMessageOptions {}

/** Result of {@link useSendMessage}: TanStack's mutation plus shortcuts that return the `client_message_id`. */
export type UseSendMessageResult = UseMutationResult<
  SendMessageState,
  AnyConversationError,
  SendMessageVariables
> & {
  /**
   * Sends a message (a string is the body); returns its `client_message_id` at once.
   * @throws ConversationValidationError naming the field and the rule when the server would refuse the message
   * (an empty body, one over the body limit): nothing is queued, so a composer keeps its text and shows why.
   */
  send: (message: string | OutgoingChatMessage) => string
  /** Sends a failed message again with the same `client_message_id` (never a duplicate). */
  retry: (message: ConversationMessage) => string
  /** Removes a failed message from the list. */
  discard: (clientMessageId: string) => boolean
}

/**
 * Sends chat messages in one conversation through the session (over the agent socket; in a follower tab of a
 * shared session, through the leading tab's). Optimistic by construction: the pending
 * message shows in `useConversationMessages` at once with its `client_message_id`, turns `sent` with the
 * server's echo or `failed` after the send timeout; `retry` resends it with the same id.
 */
export function useSendMessage(
  conversationUuid: string,
  options: UseSendMessageOptions = {},
): UseSendMessageResult {
  const { session } = useConversationContext()
  const { timeoutMs, ...rest } = options
  const mutation = useMutation(composeMutationOptions(sessionSendMutation(session, { timeoutMs }), rest))
  const { mutate } = mutation
  const send = useCallback(
    (message: string | OutgoingChatMessage) => {
      const outgoing = typeof message === 'string' ? { body: message } : message
      const clientMessageId = outgoing.client_message_id ?? newClientMessageId()
      const variables = { ...outgoing, conversationUuid, client_message_id: clientMessageId }
      // A reply the server would refuse throws here, before anything is queued: the composer keeps its text.
      if (session.realtime) session.validate(conversationUuid, variables, options.maxBodyLength)
      // Errors reach the mutation state and the message's `failed` status; no unhandled rejection.
      mutate(variables)
      return clientMessageId
    },
    [mutate, conversationUuid, session, options.maxBodyLength],
  )
  const retry = useCallback(
    ({ body, client_message_id, upload_keys, media_urls }: ConversationMessage) =>
      send({ body: body ?? '', client_message_id, upload_keys, media_urls } as OutgoingChatMessage),
    [send],
  )
  const discard = useCallback((clientMessageId: string) => session.discard(clientMessageId), [session])
  return Object.assign(mutation, { send, retry, discard })
}
