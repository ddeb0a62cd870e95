import type {
  AgentStatus,
  Conversation,
  ConversationMessage,
  ConversationParticipant,
  ConversationSummary,
  ConversationWebchatQueueStatus,
  ConversationWebchatQueueStatusQueueEntry,
} from '@uc-conversation/core'
import { sentimentOf } from './sentiment'
import {
  type AgentRecord,
  type ConversationRecord,
  iso,
  type ParticipantRecord,
  type QueueEntryRecord,
  type QueueRecord,
  type StateData,
} from './state'

/** What the API shows of the records: each view is built fresh per request and per receiver. */

const unreadFor = (c: ConversationRecord, arn: string | undefined) => {
  const lastRead = c.participants.find((p) => p.arn === arn)?.lastReadEpoch ?? 0
  let count = 0
  for (let i = c.messages.length - 1; i >= 0; i--) {
    const m = c.messages[i]!
    if ((m.message_epoch ?? 0) <= lastRead) break
    if (m.author_conversation_participant_arn !== arn) count++
  }
  return count
}

export function participantView(c: ConversationRecord, p: ParticipantRecord): ConversationParticipant {
  return {
    conversation_participant_uuid: p.uuid,
    conversation_participant_arn: p.arn,
    conversation_participant_name: p.name,
    ...(p.profileImageUrl ? { profile_image_url: p.profileImageUrl } : {}),
    ...(p.email ? { email: p.email } : {}),
    ...(smsNumberOf(p.arn) ? { sms_phone_number: smsNumberOf(p.arn) } : {}),
    language_iso_code: p.languageIsoCode ?? 'en',
    status: p.status,
    joined_dts: iso(p.joinedMs),
    ...(p.leftMs !== undefined ? { left_dts: iso(p.leftMs) } : {}),
    ...(p.lastMessageMs !== undefined ? { last_message_dts: iso(p.lastMessageMs) } : {}),
    unread_messages: unreadFor(c, p.arn),
  }
}

/** The number of an SMS participant, from its ARN (`…:participant:sms:+15550100199`). */
const smsNumberOf = (arn: string) => /:participant:sms:(\+?\d+)$/.exec(arn)?.[1]

/**
 * When the customer's oldest message that no agent has answered yet was sent: the first customer message after
 * the newest agent message (undefined when an agent spoke last, or the conversation is closed).
 */
const unrespondedSince = (c: ConversationRecord) => {
  if (c.closed) return undefined
  const customers = new Set(c.participants.filter((p) => p.role === 'customer').map((p) => p.arn))
  let since: string | undefined
  for (let i = c.messages.length - 1; i >= 0; i--) {
    const m = c.messages[i]!
    if (!customers.has(m.author_conversation_participant_arn ?? '')) break
    since = m.message_dts
  }
  return since
}

/** The summary as `viewerArn` sees it (`unread_messages` is per viewer). */
export function summaryView(
  state: StateData,
  c: ConversationRecord,
  viewerArn?: string,
): ConversationSummary {
  const last = c.messages.at(-1)
  let lastInteractive: ConversationMessage | undefined
  for (let i = c.messages.length - 1; i >= 0 && !lastInteractive; i--)
    if ((c.messages[i]!.type ?? 'message') === 'message') lastInteractive = c.messages[i]
  const unresponded = unrespondedSince(c)
  const sentiment = sentimentOf(c)
  return {
    conversation_uuid: c.uuid,
    conversation_arn: c.arn,
    merchant_id: state.merchantId,
    medium: c.medium,
    closed: c.closed,
    visible: true,
    unread_messages: unreadFor(c, viewerArn) > 0,
    message_count: c.messageCount,
    start_dts: iso(c.startMs),
    ...(last
      ? {
          last_message_dts: last.message_dts,
          last_conversation_message_body: last.body,
          last_conversation_participant_arn: last.author_conversation_participant_arn,
          last_conversation_participant_name: last.author_conversation_participant_name,
        }
      : {}),
    ...(lastInteractive ? { last_interactive_message_dts: lastInteractive.message_dts } : {}),
    ...(unresponded ? { customer_first_message_unresponded_to_dts: unresponded } : {}),
    ...(sentiment ? { sentiment } : {}),
    participants: c.participants.map((p) => participantView(c, p)),
  }
}

/** The full conversation; `limit` keeps the newest N messages (still oldest first). */
export function conversationView(
  state: StateData,
  c: ConversationRecord,
  viewerArn?: string,
  limit?: number,
): Conversation {
  const messages = limit === undefined ? c.messages : c.messages.slice(Math.max(0, c.messages.length - limit))
  // Every conversation here is in English with a human agent: no translation, no virtual agent.
  return {
    ...summaryView(state, c, viewerArn),
    base_language_iso_code: 'en',
    virtual_agent: false,
    messages: structuredClone(messages),
  }
}

const avgSeconds = (totalMs: number, count: number) => (count ? Math.round(totalMs / count / 1000) : 0)

export function queueStatusView(state: StateData, q: QueueRecord): ConversationWebchatQueueStatus {
  const agents = [...state.agents.values()]
  const statusOf = (a: AgentRecord): AgentStatus => a.statuses[q.name] ?? 'unavailable'
  const count = (s: AgentStatus) => agents.filter((a) => statusOf(a) === s).length
  let chatting = 0
  for (const c of state.conversations.values())
    if (
      c.queueName === q.name &&
      !c.closed &&
      c.participants.some((p) => p.role === 'agent' && p.status === 'active')
    )
      chatting++
  // Round robin: the available agent who has waited longest since their last chat is next.
  const nextAgent = agents
    .filter((a) => statusOf(a) === 'available')
    .sort((a, b) => (a.lastChatMs ?? 0) - (b.lastChatMs ?? 0) || a.arn.localeCompare(b.arn))[0]
  const oldest = q.entries[0]
  return {
    queue_name: q.name,
    agent_count: agents.length,
    agent_available_count: count('available'),
    agent_busy_count: count('busy'),
    agent_unavailable_count: count('unavailable'),
    customer_active_count: q.entries.length + chatting,
    customer_waiting_count: q.entries.length,
    customer_chat_count: chatting,
    customer_abandon_count: q.abandonCount,
    customer_average_abandon_time_seconds: avgSeconds(q.abandonTotalMs, q.abandonCount),
    customer_average_chat_time_seconds: avgSeconds(q.chatTotalMs, q.chatCount),
    customer_average_hold_time_seconds: avgSeconds(q.holdTotalMs, q.holdCount),
    ...(oldest ? { customer_waiting_join_dts: iso(oldest.joinMs) } : {}),
    agents: agents.map((a) => ({
      agent_status: statusOf(a),
      conversation_participant_arn: a.arn,
      conversation_participant_name: a.name,
      ...(a.lastChatMs !== undefined ? { last_chat_dts: iso(a.lastChatMs) } : {}),
      next_round_robin: a === nextAgent,
      ...(a.profileImageUrl ? { profile_image_url: a.profileImageUrl } : {}),
    })),
    queue_entries: q.entries.map((e) => queueEntryView(q, e)),
  }
}

/** A waiting customer as queue statuses and the `queue new member` / `engage customer` events show them. */
export function queueEntryView(
  q: QueueRecord,
  e: QueueEntryRecord,
): ConversationWebchatQueueStatusQueueEntry {
  return {
    conversation_participant_arn: e.arn,
    conversation_participant_name: e.name,
    conversation_webchat_queue_uuid: q.uuid,
    ...(e.email ? { email: e.email } : {}),
    join_dts: iso(e.joinMs),
    question: e.question,
  }
}
