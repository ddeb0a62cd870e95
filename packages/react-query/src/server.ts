// The server-safe half of the package: keys, query and mutation options, with no hooks and no
// 'use client' marker, so React Server Components and loaders can prefetch with the same options the hooks use.
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
  type QueueStatusesKey,
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
  isPermanentError,
  type RetryOption,
  withoutPermanentRetries,
} from './permanent-errors'
