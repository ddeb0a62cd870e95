import type { QueryClient } from '@tanstack/react-query'
import {
  applyParticipantEvent,
  type ConversationParticipant,
  type ConversationWebsocketFrame,
  conversationSummaryOf,
  mergeConversationSummary,
  mergeParticipants,
} from '@uc-conversation/core'
import { detailKey } from './conversation-keys'

/**
 * @internal Writes one socket frame into the conversation's detail entry, merged with core's
 * `mergeConversationSummary` (read state and `closed` only move forward) and its participants with core's
 * `mergeParticipants` / `applyParticipantEvent` (someone who left stays gone however stale a later summary's list
 * is; a join or left event counts even without a summary). Lists are written by their own live stream
 * (`useConversations`), which applies the same frames.
 */
export function applyFrameToCache(queryClient: QueryClient, frame: ConversationWebsocketFrame): void {
  const summary = conversationSummaryOf(frame)
  const uuid = summary?.conversation_uuid ?? (frame.type === 'event' ? frame.conversation_uuid : undefined)
  // An updater that returns nothing leaves the cache as it is: no entry is made for a conversation not cached.
  if (uuid)
    queryClient.setQueryData(detailKey(uuid), (old) => {
      if (!old) return old
      const merged = summary
        ? (mergeConversationSummary(old, { ...summary, conversation_uuid: uuid }) as typeof old)
        : old
      const participants = applyParticipantEvent(
        mergeParticipants(old.participants, summary?.participants),
        frame,
      )
      return participants === merged.participants
        ? merged
        : { ...merged, participants: participants as ConversationParticipant[] }
    })
}
