export {
  type AgentKeepAliveOptions,
  type AgentKeepAliveStatus,
  agentKeepAlive,
  DEFAULT_KEEP_ALIVE,
} from './agent-keep-alive'
export {
  type AgentSession,
  type AgentSessionOptions,
  type ConversationListFiltersOf,
  createAgentSession,
  type SessionSharing,
  type SessionTypingOptions,
} from './agent-session'
export type {
  AgentIdentity,
  AgentSocket,
  AgentSocketDropReason,
  AgentSocketState,
  PingReplies,
  RejectedFrame,
} from './agent-socket/agent-socket'
export { connectAgentSocket } from './agent-socket/connect-agent-socket'
export {
  type ConnectAgentSocketOptions,
  DEFAULT_AGENT_SOCKET,
  type WebSocketCtorLike,
  type WebSocketLike,
} from './agent-socket/options'
export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff'
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
  conversationContextOf,
  reduceConversationContext,
} from './conversation-context'
export {
  type ConversationListChange,
  type ConversationListOptions,
  type ConversationListState,
  type ConversationPagesOptions,
  conversationList,
  conversationListChanges,
  DEFAULT_CONVERSATION_LIST,
  placeConversation,
  placeConversationInPages,
  reduceConversationList,
  writeConversationPages,
} from './conversation-list'
export {
  type ConversationMessagesOptions,
  type ConversationMessagesState,
  conversationMessages,
  DEFAULT_MESSAGES,
} from './conversation-messages'
export {
  type ConversationParticipantsOptions,
  type ConversationParticipantsState,
  conversationParticipants,
  conversationParticipantsOf,
  reduceConversationParticipants,
} from './conversation-participants'
export { type DeliveryStatus, deliveryStatus, type FailedMessages } from './delivery-status'
export type { Freshness, LiveSource, LiveWarning } from './freshness'
export type { Outbox, OutboxDeps, OutboxEntry } from './internal/outbox'
export { markRead } from './mark-read'
export {
  type IndexedDbOutboxOptions,
  indexedDbOutbox,
} from './outbox-indexed-db'
export {
  DEFAULT_OUTBOX,
  type LockManagerLike,
  type OutboxSlotOptions,
  type OutboxStorage,
  type PersistedOutboxEntry,
  webStorageOutbox,
} from './outbox-storage'
export { persistentOutbox } from './persistent-outbox'
export {
  DEFAULT_POLL,
  DEFAULT_REVALIDATE,
  type PollOptions,
  pollDelay,
  type RevalidateOptions,
  revalidateDelay,
} from './poll-delay'
export {
  type QueueStatusesOptions,
  type QueueStatusesState,
  queueStatuses,
  reduceQueueStatuses,
} from './queue-statuses'
export {
  DEFAULT_SEND,
  discardMessage,
  type OutgoingChatMessage,
  type SendMessageOptions,
  type SendMessageState,
  sendMessage,
} from './send-message'
export {
  defineSessionCollection,
  type SessionCollection,
  type SessionCollectionContext,
} from './session-collection'
export { type AcrossTabsOptions, acrossTabs } from './tabs/across-tabs'
export {
  type BrowserCoordinationOptions,
  browserCoordination,
  type ChannelLike,
  DEFAULT_TAB_COORDINATION,
  type ElectionLocks,
} from './tabs/browser-coordination'
export type { Coordination, CoordinationMessage, Leadership } from './tabs/coordination'
export { type ShareAgentSessionOptions, shareAgentSession } from './tabs/share-agent-session'
export {
  DEFAULT_TYPING,
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
