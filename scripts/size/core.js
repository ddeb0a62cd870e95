// What a user of every operation ships: the client and the eleven calls.
import { createConversationClient } from '@uc-conversation/core'

const c = createConversationClient({ simpleKey: 'k' })
export const all = [
  c.getAgentKeepAlive(),
  c.getAgentWebsocketAuthorization(),
  c.getConversation('u', { limit: 1 }),
  c.getConversationMessages('u', 0, { limit: 1 }),
  c.getConversationMultimediaUploadUrl('jpg'),
  c.getConversationWebchatQueueStatuses(),
  c.getConversations({ limit: 1 }),
  c.joinConversation('u'),
  c.leaveConversation('u'),
  c.startConversation({}),
  c.updateConversationWebchatQueueStatus('q', { agent_status: 'available' }),
]
