// The server-safe half of the package: keys, query and mutation options and cache helpers, with no hooks and no
// 'use client' marker, so React Server Components and loaders can prefetch with the same options the hooks use.
export type {
  ConversationDetailData,
  ConversationListData,
  ConversationMessagesData,
  QueueStatusesData,
} from './conversation-data'
export { CONVERSATION_KEY_ROOT, type ConversationListFilters, conversationKeys } from './conversation-keys'
export {
  applyFrameToConversationList,
  flattenConversations,
  shareConversationDetail,
  shareConversationPages,
} from './conversation-list-cache'
export { conversationMutations, SEND_MESSAGE_MUTATION_KEY } from './conversation-mutations'
export {
  conversationQueries,
  DEFAULT_CONVERSATIONS_PAGE_SIZE,
  nextConversationsOffset,
} from './conversation-queries'
export {
  isPermanentError,
  type RetryOption,
  withoutPermanentRetries,
} from './permanent-errors'
