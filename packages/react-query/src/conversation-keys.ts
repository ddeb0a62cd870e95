import type { DataTag } from '@tanstack/react-query'
import type { AgentStatus, AnyConversationError, ConversationMedium } from '@uc-conversation/core'
import type {
  ConversationDetailData,
  ConversationListData,
  ConversationMessagesData,
  QueueStatusesData,
} from './conversation-data'

/** Filters of the conversation list; part of its key. */
export interface ConversationListFilters {
  /** Only conversations of this medium. @default all media */
  medium?: ConversationMedium | undefined
  /**
   * Page size (`_limit`, 1 to 200).
   * @default DEFAULT_CONVERSATIONS_PAGE_SIZE
   */
  limit?: number | undefined
}

/** Prefix of every key of this package. */
export const CONVERSATION_KEY_ROOT = 'uc-conversation' as const

const root = [CONVERSATION_KEY_ROOT] as const

// Undefined members would make `{}` and `{ medium: undefined }` different keys in user code's eyes only; strip
// them so equal filters always hash alike.
const normalizeFilters = (filters: ConversationListFilters = {}): ConversationListFilters => {
  const out: ConversationListFilters = {}
  if (filters.medium !== undefined) out.medium = filters.medium
  if (filters.limit !== undefined) out.limit = filters.limit
  return out
}

type Root = typeof CONVERSATION_KEY_ROOT

// Keys carry the error type too, so `getQueryState(key)?.error` and every option built on a key say which errors
// can be there without a `Register` augmentation.

/** Key of a conversation list, tagged with its data and error types. */
export type ConversationListKey = DataTag<
  readonly [Root, 'conversations', ConversationListFilters],
  ConversationListData,
  AnyConversationError
>
/** Key of one conversation. */
export type ConversationDetailKey = DataTag<
  readonly [Root, 'conversation', string],
  ConversationDetailData,
  AnyConversationError
>
/** Key of one conversation's messages (below its detail key, so invalidating the detail includes them). */
export type ConversationMessagesKey = DataTag<
  readonly [Root, 'conversation', string, 'messages'],
  ConversationMessagesData,
  AnyConversationError
>
/** Key of the webchat queue statuses. */
export type QueueStatusesKey = DataTag<
  readonly [Root, 'queue-statuses'],
  QueueStatusesData,
  AnyConversationError
>
/** Key of the agent's own status in one queue (written by `useUpdateAgentStatus`). */
export type AgentStatusKey = DataTag<
  readonly [Root, 'agent-status', string],
  AgentStatus,
  AnyConversationError
>

/** The shape of {@link conversationKeys}. */
export interface ConversationKeys {
  readonly all: readonly [Root]
  lists(): readonly [Root, 'conversations']
  list(filters?: ConversationListFilters): ConversationListKey
  details(): readonly [Root, 'conversation']
  detail(conversationUuid: string): ConversationDetailKey
  messages(conversationUuid: string): ConversationMessagesKey
  queueStatuses(): QueueStatusesKey
  agentStatuses(): readonly [Root, 'agent-status']
  agentStatus(queueName: string): AgentStatusKey
}

/**
 * Hierarchical query keys. Each level is a prefix of the next, so `invalidateQueries` can target everything
 * (`all`), every list (`lists()`), one conversation with its messages (`detail(uuid)`) or only its messages
 * (`messages(uuid)`). Keys carry their data type (`getQueryData(conversationKeys.detail(id))` is typed) and never
 * the client or credentials.
 */
export const conversationKeys: ConversationKeys = {
  all: root,
  lists: () => [...root, 'conversations'],
  list: (filters) => [...root, 'conversations', normalizeFilters(filters)] as unknown as ConversationListKey,
  details: () => [...root, 'conversation'],
  detail: (conversationUuid) =>
    [...root, 'conversation', conversationUuid] as unknown as ConversationDetailKey,
  messages: (conversationUuid) =>
    [...root, 'conversation', conversationUuid, 'messages'] as unknown as ConversationMessagesKey,
  queueStatuses: () => [...root, 'queue-statuses'] as unknown as QueueStatusesKey,
  agentStatuses: () => [...root, 'agent-status'],
  agentStatus: (queueName) => [...root, 'agent-status', queueName] as unknown as AgentStatusKey,
}
