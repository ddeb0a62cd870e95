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
 * The eleven operations of the 2022-09 revision: the client's methods (each under its row's `id`, UltraCart's
 * name), and what `OPERATION_SCOPES` describes.
 */
export const ELEVEN_OPERATIONS = [
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
]

/** The eleven descriptors' types, by name. */
export interface ElevenOperations {
  getAgentKeepAlive: typeof getAgentKeepAlive
  getAgentWebsocketAuthorization: typeof getAgentWebsocketAuthorization
  getConversation: typeof getConversation
  getConversationMessages: typeof getConversationMessages
  getConversationMultimediaUploadUrl: typeof getConversationMultimediaUploadUrl
  getConversationWebchatQueueStatuses: typeof getConversationWebchatQueueStatuses
  getConversations: typeof getConversations
  joinConversation: typeof joinConversation
  leaveConversation: typeof leaveConversation
  startConversation: typeof startConversation
  updateConversationWebchatQueueStatus: typeof updateConversationWebchatQueueStatus
}
