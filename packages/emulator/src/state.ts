import type {
  AgentStatus,
  ConversationMedium,
  ConversationMessage,
  ConversationSchemas,
} from '@uc-conversation/core'

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
