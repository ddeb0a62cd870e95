export { AGENT_SOCKET_CLOSE_CODES } from './agent-socket-close-codes'
export {
  advanceCatchUp,
  type CatchUpCursor,
  type CatchUpOptions,
  type CatchUpWarning,
  startCatchUp,
} from './catch-up-cursor'
export {
  API_VERSION,
  type ConversationClient,
  type ConversationClientOptions,
  createConversationClient,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  type GetConversationMessagesOptions,
  type GetConversationOptions,
  type GetConversationsOptions,
  type OperationMethod,
} from './client'
export { CLIENT_HEADER, CLIENT_HEADER_VALUE } from './client-header'
export {
  buildSocketUrl,
  checkOutgoingMessage,
  conversationSummaryOf,
  decodeFrame,
  encodeAddCouponFrame,
  encodeAddItemFrame,
  encodeCheckQueuePositionFrame,
  encodeMessageFrame,
  encodePingFrame,
  encodeReadFrame,
  encodeTypingFrame,
  jwtExpiresAt,
  newClientMessageId,
  type OutgoingMessageOptions,
  type SocketUrlOptions,
} from './codec'
export { applyConversationRow } from './conversation-row'
export {
  compareConversationSummaries,
  mergeConversationSummary,
  readConversationSummary,
} from './conversation-summary'
export {
  type ErrorEnvelope,
  type ErrorEnvelopeInput,
  errorEnvelope,
  restErrorHeader,
} from './error-envelope'
export {
  type AnyConversationError,
  ConversationConfigError,
  ConversationError,
  type ConversationErrorKind,
  ConversationHttpError,
  ConversationNetworkError,
  ConversationOutcomeUnknownError,
  ConversationParseError,
  ConversationTimeoutError,
  ConversationValidationError,
  isConversationError,
} from './errors'
export * from './frames'
export { DEFAULT_BUDGET_PER_HOUR, hourlyBudget, type RequestBudget } from './hourly-budget'
export { isPermanentError, PERMANENT_STATUSES } from './is-permanent-error'
export {
  DEFAULT_MAX_BODY_LENGTH,
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from './limits'
export {
  createLiveMessages,
  type LiveMessages,
  type LiveMessagesLoad,
  type LiveMessagesStep,
  type LiveMessagesValue,
  liveMessagesFrame,
  liveMessagesLoaded,
  liveMessagesLoadFailed,
  liveMessagesLoadStarted,
  liveMessagesMerged,
  liveMessagesPage,
  liveMessagesRemoved,
  MAX_MESSAGE_WARNINGS,
} from './live-messages'
export {
  createLiveState,
  isLiveBehind,
  type LiveRules,
  type LiveState,
  liveFrame,
  liveLoaded,
  liveLoadFailed,
  liveLoadStarted,
  MAX_LIVE_EXHAUSTED,
  MAX_LIVE_PENDING,
} from './live-state'
export {
  completeThroughOf,
  evidenceOf,
  type GapContext,
  gapSince,
  type MessageEvidence,
} from './message-gap'
export {
  createMessageList,
  isPendingMessage,
  type MergeResult,
  MessageList,
  mergeMessages,
  removeMessages,
} from './message-list'
export { nextConversationsOffset } from './next-conversations-offset'
export { applyOwnRead } from './own-read'
export { type ConversationPages, type PaginateConversationsOptions, paginateConversations } from './paginate'
export { applyParticipantEvent, isParticipantPresent, mergeParticipants } from './participants'
export type { ClientStats } from './rate-gate'
export {
  MAX_PROBE_INTERVAL_MS,
  PROBE_INTERVAL_MS,
  UNREACHABLE_AFTER,
  UNREACHABLE_CODE,
} from './reachability'
export {
  type CallOptions,
  type ClientHooks,
  DEFAULT_RETRY,
  isRetryableError,
  MAX_TIMEOUT_MS,
  type RetryOptions,
} from './request'
export { type ConversationOperation, type ConversationScope, OPERATION_SCOPES } from './scopes'
export {
  type FetchLike,
  fetchTransport,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './transport'
export {
  mergeTransportStatuses,
  TRANSPORT_STATUS_RANK,
  transportStatusRank,
} from './transport-status'
export * from './types'
export { webchatQueueUuids } from './webchat-queue-uuids'
