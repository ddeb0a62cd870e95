// The server-safe half of the package: keys, query and mutation options, with no hooks and no
// 'use client' marker, so React Server Components and loaders can prefetch with the same options the hooks use.

export {
  type AgentProfileMutations,
  agentProfileMutations,
} from './agent-profile'
export {
  type CannedMessageMutations,
  type CannedMessageQueries,
  cannedMessageMutations,
  cannedMessageQueries,
} from './canned-messages'
export type {
  ConversationDetailData,
  ConversationListData,
  ConversationMessagesData,
  QueueStatusesData,
} from './conversation-data'
export {
  type AgentStatusKey,
  CONVERSATION_KEY_ROOT,
  type ConversationDetailKey,
  type ConversationKeys,
  type ConversationListFilters,
  type ConversationListKey,
  type ConversationMessagesKey,
  conversationKeys,
  type OperationData,
  type OperationKey,
  type OperationKeyPrefix,
  type QueueStatusesKey,
  type WebchatContextKey,
} from './conversation-keys'
export { flattenConversations } from './conversation-list-cache'
export {
  type ConversationMutationOptions,
  type ConversationMutations,
  conversationMutations,
  SEND_MESSAGE_MUTATION_KEY,
  type UploadAttachmentError,
} from './conversation-mutations'
export {
  type ConversationListQueryOptions,
  type ConversationQueries,
  type ConversationQueryOptions,
  type ConversationSkippableQueryOptions,
  conversationQueries,
  DEFAULT_CONVERSATIONS_PAGE_SIZE,
} from './conversation-queries'
export {
  type OperationQueryOptions,
  operationMutationOptions,
  operationQueryOptions,
} from './operation-options'
export {
  isPermanentError,
  type RetryOption,
  withoutPermanentRetries,
} from './permanent-errors'
export { webchatContextQueryOptions } from './webchat-context'
export type { WebchatContextData } from './webchat-context-data'
