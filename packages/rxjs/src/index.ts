// Core's assumption, re-exported where upload users look for it.
export { DEFAULT_MAX_UPLOAD_BYTES } from '@uc-conversation/core'
export {
  type AgentKeepAliveOptions,
  type AgentKeepAliveStatus,
  agentKeepAlive,
  DEFAULT_KEEP_ALIVE_CATCH_UP_AFTER_MS,
  DEFAULT_KEEP_ALIVE_INTERVAL_MS,
} from './agent-keep-alive'
export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff'
export {
  type AgentIdentity,
  type AgentSocket,
  type AgentSocketDropReason,
  type AgentSocketState,
  AUTH_CLOSE_CODE,
  type ConnectAgentSocketOptions,
  connectAgentSocket,
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_HEARTBEAT_TIMEOUT_MS,
  DEFAULT_JWT_REUSES,
  DEFAULT_LINGER_MS,
  DEFAULT_SILENCE_LIMIT_MS,
  JWT_REUSE_MARGIN_MS,
  MESSAGE_TOO_BIG_CLOSE_CODE,
  type PingReplies,
  type RejectedFrame,
  type WebSocketCtorLike,
  type WebSocketLike,
} from './connect-agent-socket'
export {
  type ConnectionHealth,
  type ConnectionHealthOptions,
  connectionHealth,
  type HealthError,
  healthErrorOf,
} from './connection-health'
export {
  type ConversationContextOptions,
  type ConversationContextState,
  type ConversationContextValue,
  conversationContext,
  reduceConversationContext,
} from './conversation-context'
export {
  type ConversationListOptions,
  type ConversationListState,
  conversationList,
  DEFAULT_CONVERSATION_LIST_LIMIT,
  reduceConversationList,
} from './conversation-list'
export {
  type ConversationMessagesOptions,
  type ConversationMessagesState,
  conversationMessages,
  DEFAULT_CATCH_UP_OVERLAP_MS,
  DEFAULT_GAP_CHECK_DELAY_MS,
  DEFAULT_MESSAGES_PAGE_SIZE,
  MAX_MESSAGE_WARNINGS,
} from './conversation-messages'
export {
  type ConversationParticipantsOptions,
  type ConversationParticipantsState,
  conversationParticipants,
  reduceConversationParticipants,
} from './conversation-participants'
export { type DeliveryStatus, deliveryStatus, type FailedMessages } from './delivery-status'
export type { Freshness, LiveSource } from './freshness'
export {
  DEFAULT_ECHO_CHECK_MS,
  type Outbox,
  type OutboxDeps,
  type OutboxEntry,
} from './internal/outbox'
export { markRead } from './mark-read'
export {
  DEFAULT_OUTBOX_DB_NAME,
  type IndexedDbOutboxOptions,
  indexedDbOutbox,
} from './outbox-indexed-db'
export {
  DEFAULT_OUTBOX_STORAGE_KEY,
  type LockManagerLike,
  type OutboxSlotOptions,
  type OutboxStorage,
  type PersistedOutboxEntry,
  webStorageOutbox,
} from './outbox-storage'
export {
  DEFAULT_POLL_BUDGET_SHARE,
  DEFAULT_POLL_INTERVAL_MS,
  MAX_POLL_DELAY_MS,
  type PollOptions,
  pollDelay,
} from './poll-delay'
export {
  type QueueStatusesOptions,
  type QueueStatusesState,
  queueStatuses,
  reduceQueueStatuses,
} from './queue-statuses'
export {
  DEFAULT_SEND_TIMEOUT_MS,
  discardMessage,
  type OutgoingChatMessage,
  type SendMessageOptions,
  type SendMessageState,
  sendMessage,
} from './send-message'
export {
  DEFAULT_TYPING_EXPIRY_MS,
  DEFAULT_TYPING_THROTTLE_MS,
  type SendTypingOptions,
  sendTyping,
  type TypingOptions,
  type Typist,
  typing,
} from './typing'
export {
  type AttachmentBody,
  type PutUpload,
  type UploadAttachmentOptions,
  type UploadState,
  uploadAttachment,
} from './upload-attachment'
