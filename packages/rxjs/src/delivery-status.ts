import { type ConversationMessage, isPendingMessage } from '@uc-conversation/core'

/** Where an own message stands, for a UI: `pending` → `sent` → `read`, or `failed` (retryable). */
export type DeliveryStatus = 'pending' | 'failed' | 'sent' | 'read'

/**
 * Which own messages failed: their `client_message_id`s (an emission's `failed` array, or a set), or the socket's
 * outbox itself (`socket.outbox`).
 */
export type FailedMessages =
  | readonly string[]
  | ReadonlySet<string>
  | { get(clientMessageId: string): { readonly status: string } | undefined }

/**
 * The delivery status of a message of a {@link conversationMessages} emission: `failed` when its
 * `client_message_id` is in `failed` (the emission's `failed` array, or `socket.outbox`, where the state lives),
 * `pending` without a server uuid, `read` once a participant's transport status says so, else `sent`.
 */
export function deliveryStatus(message: ConversationMessage, failed: FailedMessages = []): DeliveryStatus {
  if (isPendingMessage(message)) {
    const id = message.client_message_id
    const isFailed =
      id !== undefined &&
      ('includes' in failed
        ? failed.includes(id)
        : 'has' in failed
          ? failed.has(id)
          : failed.get(id)?.status === 'failed')
    return isFailed ? 'failed' : 'pending'
  }
  return message.transport_statuses?.some((s) => s.status === 'read') ? 'read' : 'sent'
}
