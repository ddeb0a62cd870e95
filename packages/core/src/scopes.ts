import type { ConversationClient } from './client'

/** OAuth scopes of the Conversation API: reads, and writes (which include keepalive, auth and upload URLs). */
export type ConversationScope = 'conversation_read' | 'conversation_write'

/** The eleven operations by UltraCart's names. */
export type ConversationOperation = Exclude<keyof ConversationClient, 'stats' | 'onOutcome' | 'call'>

/** The OAuth scope each operation needs, as UltraCart documents it: what an OAuth application must ask for. */
export const OPERATION_SCOPES: Readonly<Record<ConversationOperation, ConversationScope>> = {
  getAgentKeepAlive: 'conversation_write',
  getAgentWebsocketAuthorization: 'conversation_write',
  getConversation: 'conversation_read',
  getConversationMessages: 'conversation_read',
  getConversationMultimediaUploadUrl: 'conversation_write',
  getConversationWebchatQueueStatuses: 'conversation_read',
  getConversations: 'conversation_read',
  joinConversation: 'conversation_write',
  leaveConversation: 'conversation_write',
  startConversation: 'conversation_write',
  updateConversationWebchatQueueStatus: 'conversation_write',
}
