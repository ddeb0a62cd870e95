import type { InfiniteData } from '@tanstack/react-query'
import type {
  CatchUpWarning,
  Conversation,
  ConversationMessage,
  ConversationsResponse,
  ConversationWebchatQueueStatus,
} from '@uc-conversation/core'
import type { Freshness, LiveWarning } from '@uc-conversation/rxjs'

/**
 * Cache entry of a conversation list: TanStack's infinite data, one `getConversations` response per page,
 * offsets as page params. Plain JSON, so it dehydrates for SSR.
 */
export type ConversationListData = InfiniteData<ConversationsResponse, number>

/** Cache entry of one conversation (the `conversation` payload of `getConversation`). */
export type ConversationDetailData = Conversation

/** Cache entry of one conversation's messages. Plain JSON (dehydrates), written by the live stream. */
export interface ConversationMessagesData {
  conversationUuid: string
  /** Every message once, in order, own pending and failed ones included. */
  messages: readonly ConversationMessage[]
  /** `client_message_id`s of own messages whose send failed (retryable). */
  failed: readonly string[]
  /**
   * False while the history has not loaded yet: `messages` then holds only the agent's own pending or failed
   * messages, which show at once. Absent in entries written before this field existed (read as loaded).
   */
  loaded?: boolean
  freshness: Freshness
  /**
   * What the API could not page past (more messages in one millisecond than its largest page): messages there
   * may be missing, and the stream says so instead of looping or skipping in silence. Usually empty.
   */
  warnings?: readonly CatchUpWarning[]
  /** Why the stream is `behind` for longer than a request takes (its load waits for the hourly budget). */
  warning?: LiveWarning
}

/** Cache entry of the webchat queues. */
export interface QueueStatusesData {
  statuses: readonly ConversationWebchatQueueStatus[]
  freshness: Freshness
  /** Why the statuses are behind, when they know. */
  warning?: LiveWarning
}
