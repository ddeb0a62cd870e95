// The React setup of packages/react-query/README.md ("Setup"), as an app ships it: the client with the hourly
// budget, the agent socket, the provider, and the hooks an agent console uses (lists, messages, sending, queues,
// agent status, keepalive, health, read state, typing, join/leave). Core and the rxjs layer are bundled; react,
// TanStack Query and rxjs are the app's own and stay external.
import { createConversationClient, hourlyBudget } from '@uc-conversation/core'
import {
  ConversationProvider,
  useAgentKeepAlive,
  useConnectionHealth,
  useConversation,
  useConversationMessages,
  useConversations,
  useJoinConversation,
  useLeaveConversation,
  useMarkRead,
  useSendMessage,
  useTyping,
  useUpdateAgentStatus,
  useWebchatQueueStatuses,
} from '@uc-conversation/react-query'
import { connectAgentSocket } from '@uc-conversation/rxjs'

const client = createConversationClient({ baseUrl: '/api/uc', budget: hourlyBudget() })
const socket = connectAgentSocket(client)

export const setup = { client, socket, ConversationProvider }
export const hooks = [
  useAgentKeepAlive,
  useConnectionHealth,
  useConversation,
  useConversationMessages,
  useConversations,
  useJoinConversation,
  useLeaveConversation,
  useMarkRead,
  useSendMessage,
  useTyping,
  useUpdateAgentStatus,
  useWebchatQueueStatuses,
]
