import type {
  AgentStatus,
  Conversation,
  ConversationMedium,
  ConversationMessage,
  ConversationParticipant,
  ConversationSchemas,
  ConversationSummary,
  ConversationWebchatQueueStatus,
  ConversationWebchatQueueStatusQueueEntry,
} from '@uc-conversation/core'
import { sentimentOf } from './sentiment'

/** A participant as the emulator stores it. JSON-safe, so snapshots are plain copies. */
export interface ParticipantRecord {
  uuid: string
  arn: string
  name: string
  role: 'agent' | 'customer'
  profileImageUrl?: string
  /** A webchat customer's email (what they gave when they joined the queue). */
  email?: string
  /** The language the participant reads (an agent's `participant_language_iso_code` when joining). @default 'en' */
  languageIsoCode?: string
  status: 'active' | 'left'
  joinedMs: number
  leftMs?: number
  lastMessageMs?: number
  /** Epoch of the newest message this participant has read. */
  lastReadEpoch: number
}

export interface ConversationRecord {
  uuid: string
  arn: string
  medium: ConversationMedium
  closed: boolean
  startMs: number
  closedMs?: number
  /** The webchat queue the conversation came through, if any. */
  queueName?: string
  /** When an agent first joined (chat time starts). */
  chatStartMs?: number
  /** Stored messages, oldest first (the oldest are evicted beyond the cap). */
  messages: ConversationMessage[]
  /** Messages ever posted, evicted ones included. */
  messageCount: number
  lastEpoch: number
  participants: ParticipantRecord[]
  /** What the webchat customer's browser reports: page, pages seen, cart. Webchat conversations only. */
  webchat?: ConversationSchemas['ConversationWebchatContext']
  /** The customer's analytics id on the shop (sent with `webchat context` events). */
  ucacid?: string
  /** Set by smsUnsubscribeConversation: the customer gets no more texts. */
  smsUnsubscribed?: boolean
}

export interface QueueEntryRecord {
  conversationUuid: string
  arn: string
  name: string
  email?: string
  joinMs: number
  question: string
}

export interface QueueRecord {
  uuid: string
  name: string
  entries: QueueEntryRecord[]
  abandonCount: number
  abandonTotalMs: number
  chatCount: number
  chatTotalMs: number
  holdCount: number
  holdTotalMs: number
}

export interface AgentRecord {
  arn: string
  name: string
  profileImageUrl?: string
  /** Status per queue name. */
  statuses: Record<string, AgentStatus>
  lastChatMs?: number
  /** UltraCart's numeric user id (agent profiles and department members name agents by it). */
  userId: number
  /** The agent's profile settings (updateAgentProfile), without the identity fields the record holds. */
  profile: Omit<ConversationSchemas['ConversationAgentProfile'], 'user_id' | 'name' | 'profile_image_url'>
}

/** A department: a name and the agents (by user id) in it. */
export interface DepartmentRecord {
  oid: number
  name: string
  memberUserIds: number[]
  settings: Record<string, unknown>
}

/** The merchant's chat set-up and the generic store, JSON-safe (part of snapshots). */
export interface ChatRecords {
  /** The next oid handed out for a canned message, department or engagement. */
  nextOid: number
  cannedMessages: ConversationSchemas['ConversationCannedMessage'][]
  departments: DepartmentRecord[]
  engagements: ConversationSchemas['ConversationEngagement'][]
  /** Records of the operations emulated generically, by collection path (`/conversation/pbx/queues`). */
  collections: Record<string, Record<string, unknown>[]>
  /** Single settings objects read and replaced whole (the virtual agent's budget), by path. */
  singletons: Record<string, Record<string, unknown>>
}

export const emptyChatRecords = (): ChatRecords => ({
  nextOid: 1,
  cannedMessages: [],
  departments: [],
  engagements: [],
  collections: {},
  singletons: {},
})

/** Caps that keep the in-memory state bounded; the oldest entries are evicted first. */
export interface StateLimits {
  /**
   * Conversations kept (closed ones are evicted before open ones).
   * @default 1000
   */
  conversations?: number
  /**
   * Messages kept per conversation.
   * @default 1000
   */
  messagesPerConversation?: number
  /**
   * Uploaded files kept.
   * @default 200
   */
  uploads?: number
  /**
   * Total bytes of uploaded files kept.
   * @default 100 MiB
   */
  uploadBytes?: number
}

export const DEFAULT_STATE_LIMITS: Required<StateLimits> = {
  conversations: 1000,
  messagesPerConversation: 1000,
  uploads: 200,
  uploadBytes: 100 * 1024 * 1024,
}

export const iso = (ms: number) => new Date(ms).toISOString()

/** The emulator's data. Everything here is JSON-safe. @internal */
export interface StateData {
  merchantId: string
  conversations: Map<string, ConversationRecord>
  queues: Map<string, QueueRecord>
  agents: Map<string, AgentRecord>
  chat: ChatRecords
}

/** @internal */
export function createStateData(merchantId: string): StateData {
  return {
    merchantId,
    conversations: new Map(),
    queues: new Map(),
    agents: new Map(),
    chat: emptyChatRecords(),
  }
}

/** Most recent activity, for the newest-to-oldest list order. */
export const lastActivity = (c: ConversationRecord) => c.messages.at(-1)?.message_epoch ?? c.startMs

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

/** Conversations newest to oldest by last message (ties: newest start, then uuid, for a stable order). */
export function sortedConversations(state: StateData): ConversationRecord[] {
  return [...state.conversations.values()].sort(
    (a, b) => lastActivity(b) - lastActivity(a) || b.startMs - a.startMs || a.uuid.localeCompare(b.uuid),
  )
}

/** Adds a conversation, evicting the oldest (closed first) beyond `max`. Returns the evicted uuids. */
export function addConversation(state: StateData, c: ConversationRecord, max: number): string[] {
  const evicted: string[] = []
  while (state.conversations.size >= max) {
    let victim: ConversationRecord | undefined
    for (const candidate of state.conversations.values())
      if (candidate.closed) {
        victim = candidate
        break
      }
    victim ??= state.conversations.values().next().value!
    state.conversations.delete(victim.uuid)
    for (const q of state.queues.values())
      q.entries = q.entries.filter((e) => e.conversationUuid !== victim.uuid)
    evicted.push(victim.uuid)
  }
  state.conversations.set(c.uuid, c)
  return evicted
}
