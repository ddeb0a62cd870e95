import type { QueryClient } from '@tanstack/react-query'
import {
  applyConversationRow,
  type ConversationWebsocketFrame,
  conversationSummaryOf,
} from '@uc-conversation/core'
import { detailKey } from './conversation-keys'

/**
 * @internal Writes one socket frame into the conversation's detail entry with core's `applyConversationRow`, the
 * rule rxjs's conversation list applies to its rows: read state and `closed` only move forward, someone who left
 * stays gone however stale a later summary's list is, and a join or left event counts even without a summary.
 * Lists are written by their own live stream (`useConversations`), which applies the same frames.
 */
export function applyFrameToCache(queryClient: QueryClient, frame: ConversationWebsocketFrame): void {
  const summary = conversationSummaryOf(frame)
  const uuid = summary?.conversation_uuid ?? (frame.type === 'event' ? frame.conversation_uuid : undefined)
  // An updater that returns nothing leaves the cache as it is: no entry is made for a conversation not cached.
  if (uuid)
    queryClient.setQueryData(
      detailKey(uuid),
      (old) => old && applyConversationRow(old, summary && { ...summary, conversation_uuid: uuid }, frame),
    )
}
