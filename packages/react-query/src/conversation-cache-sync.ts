import type { QueryClient } from '@tanstack/react-query'
import {
  applyParticipantEvent,
  type ConversationParticipant,
  type ConversationWebsocketFrame,
  conversationSummaryOf,
  mergeConversationSummary,
  mergeParticipants,
} from '@uc-conversation/core'
import type { AgentSocket } from '@uc-conversation/rxjs'
import { conversationKeys } from './conversation-keys'

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
  if (!uuid || !queryClient.getQueryData(conversationKeys.detail(uuid))) return
  queryClient.setQueryData(conversationKeys.detail(uuid), (old) => {
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

const syncs = new WeakMap<QueryClient, WeakMap<AgentSocket, { count: number; stop: () => void }>>()

/**
 * @internal Keeps the detail entries of a query client live from one socket: conversation events are written
 * with `setQueryData`. (Lists catch up after reopens through their stream's sync engine, not by invalidation.)
 * Reference counted: one subscription however many hooks ask; returns the release function.
 */
export function retainConversationCacheSync(queryClient: QueryClient, socket: AgentSocket): () => void {
  let bySocket = syncs.get(queryClient)
  if (!bySocket) {
    bySocket = new WeakMap()
    syncs.set(queryClient, bySocket)
  }
  let sync = bySocket.get(socket)
  if (!sync) {
    const frames = socket.frames$.subscribe({
      next: (frame) => applyFrameToCache(queryClient, frame),
      error: () => {},
    })
    const map = bySocket
    sync = {
      count: 0,
      stop: () => {
        frames.unsubscribe()
        map.delete(socket)
      },
    }
    bySocket.set(socket, sync)
  }
  sync.count++
  const held = sync
  let released = false
  return () => {
    if (released) return
    released = true
    if (--held.count === 0) held.stop()
  }
}
