import type { ConversationMessage } from '@uc-conversation/core'
import { MAX_MESSAGE_BODY_LENGTH } from './options'
import type { ServiceConfig } from './service-config'
import { type ConversationRecord, iso, type ParticipantRecord } from './state'

/** What a chat message carries in. @internal */
export interface MessageInput {
  body: string
  client_message_id?: string
  media_urls?: readonly string[]
  upload_keys?: readonly string[]
  type?: 'message' | 'notice'
}

const MAX_MEDIA = 10

export const findMessage = (c: ConversationRecord, uuid: string) =>
  c.messages.find((m) => m.conversation_message_uuid === uuid)

/**
 * Stores a message (epoch after the newest, oldest evicted beyond the cap, transport statuses `accepted` for
 * everyone else present) without pushing anything: the customer's first question arrives with its conversation.
 * @internal
 */
export function storeMessage(
  config: ServiceConfig,
  c: ConversationRecord,
  author: ParticipantRecord,
  input: MessageInput,
): ConversationMessage {
  const { state, clock, ids } = config
  if (input.body.length > MAX_MESSAGE_BODY_LENGTH)
    throw new RangeError(`message body over ${MAX_MESSAGE_BODY_LENGTH} characters (MAX_MESSAGE_BODY_LENGTH)`)
  const epoch = Math.max(clock.now(), c.lastEpoch + 1)
  c.lastEpoch = epoch
  const uploadKeys = (input.upload_keys ?? []).slice(0, MAX_MEDIA)
  const media = [
    ...(input.media_urls ?? []).slice(0, MAX_MEDIA),
    ...uploadKeys.map(config.mediaUrl).filter((u): u is string => !!u),
  ]
  const message: ConversationMessage = {
    conversation_message_uuid: ids.uuid(),
    ...(input.client_message_id !== undefined ? { client_message_id: input.client_message_id } : {}),
    merchant_id: state.merchantId,
    type: input.type ?? 'message',
    author_conversation_participant_arn: author.arn,
    author_conversation_participant_name: author.name,
    body: input.body,
    media_urls: media,
    upload_keys: uploadKeys,
    message_dts: iso(epoch),
    message_epoch: epoch,
    transport_statuses: c.participants
      .filter((p) => p.status === 'active' && p.arn !== author.arn)
      .map((p) => ({ conversation_participant_arn: p.arn, status: 'accepted' as const })),
  }
  author.lastMessageMs = epoch
  author.lastReadEpoch = epoch
  c.messages.push(message)
  if (c.messages.length > config.maxMessages) c.messages.splice(0, c.messages.length - config.maxMessages)
  c.messageCount++
  return message
}
