// An agent console's live layer: keepalive, socket, live messages and sends, queue, list, typing, health.
import {
  agentKeepAlive,
  connectAgentSocket,
  connectionHealth,
  conversationList,
  conversationMessages,
  queueStatuses,
  sendMessage,
  typing,
  uploadAttachment,
} from '@uc-conversation/rxjs'

export const all = [
  agentKeepAlive,
  connectAgentSocket,
  connectionHealth,
  conversationList,
  conversationMessages,
  queueStatuses,
  sendMessage,
  typing,
  uploadAttachment,
]
