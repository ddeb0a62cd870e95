import { type ConversationMessage, isPendingMessage } from '@uc-conversation/core'

/** Where an own message stands, for a UI: `pending` → `sent` → `read`, or `failed` (retryable). */
export type DeliveryStatus = 'pending' | 'failed' | 'sent' | 'read'

/**
 * The delivery status of a message of a {@link conversationMessages} emission: `failed` when its
 * `client_message_id` is in `failed`, `pending` without a server uuid, `read` once a participant's transport
 * status says so, else `sent`.
 */
export function deliveryStatus(
  message: ConversationMessage,
  failed: ReadonlySet<string> = new Set(),
): DeliveryStatus {
  if (isPendingMessage(message))
    return message.client_message_id !== undefined && failed.has(message.client_message_id)
      ? 'failed'
      : 'pending'
  return message.transport_statuses?.some((s) => s.status === 'read') ? 'read' : 'sent'
}
