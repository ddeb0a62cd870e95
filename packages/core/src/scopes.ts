import type { ConversationClient } from './client'
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
} from './operations/table'

/** OAuth scopes of the Conversation API: reads, and writes (which include keepalive, auth and upload URLs). */
export type ConversationScope = 'conversation_read' | 'conversation_write'

/** The eleven operations of the client's methods, by UltraCart's names. */
export type ConversationOperation = Exclude<keyof ConversationClient, 'stats' | 'onOutcome' | 'call'>

/**
 * The OAuth scope each of the eleven methods needs, read from the wire table (every operation's is its
 * descriptor's `scope`): what an OAuth application must ask for.
 */
export const OPERATION_SCOPES: Readonly<Record<ConversationOperation, ConversationScope>> = {
  getAgentKeepAlive: getAgentKeepAlive.scope,
  getAgentWebsocketAuthorization: getAgentWebsocketAuthorization.scope,
  getConversation: getConversation.scope,
  getConversationMessages: getConversationMessages.scope,
  getConversationMultimediaUploadUrl: getConversationMultimediaUploadUrl.scope,
  getConversationWebchatQueueStatuses: getConversationWebchatQueueStatuses.scope,
  getConversations: getConversations.scope,
  joinConversation: joinConversation.scope,
  leaveConversation: leaveConversation.scope,
  startConversation: startConversation.scope,
  updateConversationWebchatQueueStatus: updateConversationWebchatQueueStatus.scope,
}
