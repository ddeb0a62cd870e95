export type { ConversationMutationHookOptions } from './compose-mutation-options'
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
  shareConversationPages,
} from './conversation-list-cache'
export {
  conversationMutations,
  type SendMessageVariables,
  type UpdateAgentStatusOptions,
  type UpdateAgentStatusVariables,
  type UploadAttachmentVariables,
  type UploadMutationOptions,
} from './conversation-mutations'
export {
  type ConversationContextValue,
  ConversationProvider,
  type ConversationProviderProps,
  useConversationContext,
} from './conversation-provider'
export {
  conversationQueries,
  DEFAULT_CONVERSATIONS_PAGE_SIZE,
  nextConversationsOffset,
} from './conversation-queries'
export type { LiveOptions } from './live-streams'
export { type UseAgentKeepAliveOptions, useAgentKeepAlive } from './use-agent-keep-alive'
export { type UseAgentSocketResult, useAgentSocket } from './use-agent-socket'
export { useConnectionHealth } from './use-connection-health'
export { type UseConversationOptions, useConversation } from './use-conversation'
export {
  type UseConversationMessagesOptions,
  type UseConversationMessagesResult,
  useConversationMessages,
} from './use-conversation-messages'
export {
  type UseConversationsOptions,
  type UseConversationsResult,
  useConversations,
} from './use-conversations'
export { useJoinConversation } from './use-join-conversation'
export { useLeaveConversation } from './use-leave-conversation'
export {
  type UploadProgress,
  type UseMultimediaUploadResult,
  useMultimediaUpload,
} from './use-multimedia-upload'
export { type UseSendMessageOptions, type UseSendMessageResult, useSendMessage } from './use-send-message'
export { useStartConversation } from './use-start-conversation'
export { type UseTypingOptions, type UseTypingResult, useTyping } from './use-typing'
export { type UseUpdateAgentStatusOptions, useUpdateAgentStatus } from './use-update-agent-status'
export {
  type UseWebchatQueueStatusesOptions,
  type UseWebchatQueueStatusesResult,
  useWebchatQueueStatuses,
} from './use-webchat-queue-statuses'
