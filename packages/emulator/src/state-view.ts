import type {
  AgentStatus,
  Conversation,
  ConversationMessage,
  ConversationSummary,
  ConversationWebchatQueueStatus,
} from '@uc-conversation/core'
import { type StateData, sortedConversations } from './state'
import { conversationView, queueStatusView, summaryView } from './views'

/** Read access to the data, as copies. */
export interface StateView {
  /** Summaries newest first; `unread_messages` as `viewerArn` (default: the first agent) sees it. */
  conversations(viewerArn?: string): ConversationSummary[]
  conversation(uuid: string, viewerArn?: string): Conversation | undefined
  messages(uuid: string): ConversationMessage[]
  queues(): ConversationWebchatQueueStatus[]
  agents(): { arn: string; name: string; statuses: Record<string, AgentStatus> }[]
}

/** @internal */
export function createStateView(state: StateData, firstAgentArn: string | undefined): StateView {
  return {
    conversations: (viewer = firstAgentArn) =>
      sortedConversations(state).map((c) => summaryView(state, c, viewer)),
    conversation(uuid, viewer = firstAgentArn) {
      const c = state.conversations.get(uuid)
      return c ? conversationView(state, c, viewer) : undefined
    },
    messages: (uuid) => structuredClone(state.conversations.get(uuid)?.messages ?? []),
    queues: () => [...state.queues.values()].map((q) => queueStatusView(state, q)),
    agents: () =>
      [...state.agents.values()].map((a) => ({ arn: a.arn, name: a.name, statuses: { ...a.statuses } })),
  }
}
