// Hooks and the provider on top of the server-safe options (./server).

export type { ConversationMutationHookOptions } from './compose-mutation-options'
export type {
  SendMessageVariables,
  UpdateAgentStatusOptions,
  UpdateAgentStatusVariables,
  UploadAttachmentVariables,
  UploadMutationOptions,
} from './conversation-mutations'
export {
  type ConversationContextValue,
  ConversationProvider,
  type ConversationProviderProps,
  useConversationContext,
} from './conversation-provider'
export type { LiveOptions } from './live-streams'
export * from './server'
export { type UseAgentKeepAliveOptions, useAgentKeepAlive } from './use-agent-keep-alive'
export { useAgentProfile, useUpdateAgentProfile } from './use-agent-profile'
export { type UseAgentSocketResult, useAgentSocket } from './use-agent-socket'
export {
  type UseCannedMessagesOptions,
  type UseCannedMessagesResult,
  useCannedMessageSearch,
  useCannedMessages,
  useDeleteCannedMessage,
  useInsertCannedMessage,
  useUpdateCannedMessage,
} from './use-canned-messages'
export { useConnectionHealth } from './use-connection-health'
export { type UseConversationOptions, useConversation } from './use-conversation'
export { useConversationDepartmentMembers, useConversationDepartments } from './use-conversation-departments'
export { useConversationEngagements } from './use-conversation-engagements'
export {
  type UseConversationMessagesOptions,
  type UseConversationMessagesResult,
  useConversationMessages,
} from './use-conversation-messages'
export { useConversationPermissions } from './use-conversation-permissions'
export { useConversationAutocomplete, useConversationSearch } from './use-conversation-search'
export {
  type UseConversationsOptions,
  type UseConversationsResult,
  useConversations,
} from './use-conversations'
export { useJoinConversation } from './use-join-conversation'
export { useLeaveConversation } from './use-leave-conversation'
export { useMarkRead } from './use-mark-read'
export {
  type UploadProgress,
  type UseMultimediaUploadResult,
  useMultimediaUpload,
} from './use-multimedia-upload'
export type { OperationHookOptions } from './use-operation-query'
export { type UseSendMessageOptions, type UseSendMessageResult, useSendMessage } from './use-send-message'
export { useStartConversation } from './use-start-conversation'
export { type UseTypingOptions, type UseTypingResult, useTyping } from './use-typing'
export { useUnsentMessages } from './use-unsent-messages'
export { type UseUpdateAgentStatusOptions, useUpdateAgentStatus } from './use-update-agent-status'
export { useWarnBeforeUnload } from './use-warn-before-unload'
export { type UseWebchatContextOptions, useWebchatContext } from './use-webchat-context'
export {
  type UseWebchatQueueStatusesOptions,
  type UseWebchatQueueStatusesResult,
  useWebchatQueueStatuses,
} from './use-webchat-queue-statuses'
