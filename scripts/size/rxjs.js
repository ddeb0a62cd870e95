// An agent console's live layer: keepalive, socket, live messages, sends and reads, queue, list, typing, health.
import {
  agentKeepAlive,
  connectAgentSocket,
  connectionHealth,
  conversationList,
  conversationMessages,
  markRead,
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
  markRead,
  queueStatuses,
  sendMessage,
  typing,
  uploadAttachment,
]
