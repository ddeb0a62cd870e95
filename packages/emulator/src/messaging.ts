import type { ConversationMessage } from '@uc-conversation/core'
import { activeAgentArns } from './broadcast'
import { eventFrame } from './event-frame'
import type { ConnectionEntry } from './hub'
import { MAX_MESSAGE_BODY_LENGTH } from './options'
import type { ServiceConfig } from './service-config'
import type { ConversationRecord, ParticipantRecord } from './state'
import { findMessage, type MessageInput, storeMessage } from './store-message'

/** Messages, read receipts and typing: what participants say and see. @internal */
export interface Messaging {
  /** Posts a message and pushes it; undefined when the conversation is closed or the message empty. */
  postMessage(
    c: ConversationRecord,
    author: ParticipantRecord,
    input: MessageInput,
  ): ConversationMessage | undefined
  /** `reader` has read everything up to `upTo` (a message uuid or an epoch). */
  markRead(c: ConversationRecord, reader: ParticipantRecord, upTo: { uuid?: string; epoch?: number }): void
  typing(c: ConversationRecord, author: ParticipantRecord, value: string, except?: ConnectionEntry): void
}

/** @internal */
export function createMessaging(config: ServiceConfig): Messaging {
  const { state, hub, broadcast, timers } = config

  const updatedMessage = (c: ConversationRecord, m: ConversationMessage) =>
    broadcast.toParticipants(
      c,
      eventFrame('updated message', c.uuid, structuredClone(m), 'event_updated_message'),
    )

  /** `accepted` becomes `sent` after `sentAfterMs`, looked up again when due (a restore may replace records). */
  const markSentLater = (conversationUuid: string, messageUuid: string) =>
    timers.set(() => {
      const current = state.conversations.get(conversationUuid)
      const m = current && findMessage(current, messageUuid)
      if (!current || !m) return
      let changed = false
      for (const s of m.transport_statuses ?? [])
        if (s.status === 'accepted') {
          s.status = 'sent'
          changed = true
        }
      if (changed) updatedMessage(current, m)
    }, config.sentAfterMs)

  return {
    postMessage(c, author, input) {
      if (c.closed || author.status !== 'active') return undefined
      if (!input.body.trim() && !input.upload_keys?.length && !input.media_urls?.length) return undefined
      const message = storeMessage(config, c, author, input)
      broadcast.toParticipants(c, {
        type: 'message',
        conversation_uuid: c.uuid,
        message: structuredClone(message),
      })
      broadcast.summaryEvent('new message', c)
      if (message.transport_statuses?.length) markSentLater(c.uuid, message.conversation_message_uuid!)
      return structuredClone(message)
    },

    markRead(c, reader, upTo) {
      const target = upTo.uuid ? findMessage(c, upTo.uuid) : undefined
      const epoch = target?.message_epoch ?? upTo.epoch ?? c.lastEpoch
      if (!Number.isFinite(epoch)) return
      const last = [...c.messages].reverse().find((m) => (m.message_epoch ?? 0) <= epoch)
      if (!last || epoch <= reader.lastReadEpoch) {
        reader.lastReadEpoch = Math.max(reader.lastReadEpoch, Math.min(epoch, c.lastEpoch))
        return
      }
      reader.lastReadEpoch = Math.min(epoch, c.lastEpoch)
      for (const m of c.messages) {
        if ((m.message_epoch ?? 0) > epoch || m.author_conversation_participant_arn === reader.arn) continue
        const status = m.transport_statuses?.find((s) => s.conversation_participant_arn === reader.arn)
        if (status && status.status !== 'read') {
          status.status = 'read'
          updatedMessage(c, m)
        }
      }
      const read = eventFrame(
        'read message',
        c.uuid,
        {
          conversation_message_uuid: last.conversation_message_uuid,
          message_dts: last.message_dts,
          message_epoch: last.message_epoch,
        },
        'event_read_message',
      )
      hub.toAgents(
        activeAgentArns(c).filter((arn) => arn !== reader.arn),
        read,
      )
      if (reader.role !== 'customer') broadcast.toCustomer(c, read)
    },

    typing(c, author, value, except) {
      if (c.closed) return
      const frame = eventFrame(
        'typing',
        c.uuid,
        {
          author_conversation_participant_arn: author.arn,
          author_conversation_participant_name: author.name,
          value: value.slice(0, MAX_MESSAGE_BODY_LENGTH),
        },
        'event_typing',
      )
      hub.toAgents(activeAgentArns(c), frame, except)
      if (author.role !== 'customer') broadcast.toCustomer(c, frame)
    },
  }
}
