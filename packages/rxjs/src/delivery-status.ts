import { type ConversationMessage, isPendingMessage } from '@uc-conversation/core'

/** Where an own message stands, for a UI: `pending` → `sent` → `read`, or `failed` (retryable). */
export type DeliveryStatus = 'pending' | 'failed' | 'sent' | 'read'

/** Which own messages failed: a set of `client_message_id`s, or the socket's outbox itself (`socket.outbox`). */
export type FailedMessages =
  | ReadonlySet<string>
  | { get(clientMessageId: string): { readonly status: string } | undefined }

const NONE: ReadonlySet<string> = new Set()

/**
 * The delivery status of a message of a {@link conversationMessages} emission: `failed` when its
 * `client_message_id` is in `failed` (the emission's `failed` set, or `socket.outbox`, where the state lives),
 * `pending` without a server uuid, `read` once a participant's transport status says so, else `sent`.
 */
export function deliveryStatus(message: ConversationMessage, failed: FailedMessages = NONE): DeliveryStatus {
  if (isPendingMessage(message)) {
    const id = message.client_message_id
    const isFailed =
      id !== undefined && ('has' in failed ? failed.has(id) : failed.get(id)?.status === 'failed')
    return isFailed ? 'failed' : 'pending'
  }
  return message.transport_statuses?.some((s) => s.status === 'read') ? 'read' : 'sent'
}
