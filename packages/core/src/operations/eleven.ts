import {
  getAgentKeepAlive,
  getAgentWebsocketAuthorization,
  getConversation,
  getConversationMessages,
  getConversationMultimediaUploadUrl,
  getConversations,
  getConversationWebchatQueueStatuses,
  joinConversation,
  leaveConversation,
  startConversation,
  updateConversationWebchatQueueStatus,
} from './table'

/**
 * The eleven operations of the 2022-09 revision, by UltraCart's names: the client's methods, and what
 * `OPERATION_SCOPES` describes.
 */
export const ELEVEN_OPERATIONS = {
  getAgentKeepAlive,
  getAgentWebsocketAuthorization,
  getConversation,
  getConversationMessages,
  getConversationMultimediaUploadUrl,
  getConversationWebchatQueueStatuses,
  getConversations,
  joinConversation,
  leaveConversation,
  startConversation,
  updateConversationWebchatQueueStatus,
}

/** The eleven descriptors' types, by name. */
export type ElevenOperations = typeof ELEVEN_OPERATIONS
