import type { QueryClient } from '@tanstack/react-query'
import {
  type ConversationWebsocketFrame,
  conversationSummaryOf,
  mergeConversationSummary,
} from '@uc-conversation/core'
import type { AgentSocket } from '@uc-conversation/rxjs'
import { type ConversationListFilters, conversationKeys } from './conversation-keys'
import { applyFrameToConversationList } from './conversation-list-cache'

/**
 * @internal Writes one socket frame into the list entries and the conversation's detail entry, merged with
 * core's `mergeConversationSummary` (read state and `closed` only move forward).
 */
export function applyFrameToCache(queryClient: QueryClient, frame: ConversationWebsocketFrame): void {
  const summary = conversationSummaryOf(frame)
  if (!summary) return
  const uuid = summary.conversation_uuid ?? (frame.type === 'event' ? frame.conversation_uuid : undefined)
  if (uuid && queryClient.getQueryData(conversationKeys.detail(uuid)))
    queryClient.setQueryData(conversationKeys.detail(uuid), (old) =>
      old ? (mergeConversationSummary(old, { ...summary, conversation_uuid: uuid }) as typeof old) : old,
    )
  for (const query of queryClient.getQueryCache().findAll({ queryKey: conversationKeys.lists() })) {
    const filters = (query.queryKey[2] ?? {}) as ConversationListFilters
    const key = conversationKeys.list(filters)
    const data = queryClient.getQueryData(key)
    const next = applyFrameToConversationList(data, frame, filters)
    if (next !== data) queryClient.setQueryData(key, next)
  }
}

const syncs = new WeakMap<QueryClient, WeakMap<AgentSocket, { count: number; stop: () => void }>>()

/**
 * @internal Keeps the list and detail entries of a query client live from one socket: conversation events are
 * written with `setQueryData`; on every open of the socket (events may have been missed before it) the lists
 * are invalidated.
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
    // Every open after this sync started, the first included: a list loaded (or loading) before the socket
    // opened can have missed events that happened in between. The state replayed on subscribe is skipped: a
    // socket already open delivers every event to lists loaded from now on.
    let subscribed = false
    const states = socket.state$.subscribe((state) => {
      if (subscribed && state.status === 'open')
        void queryClient.invalidateQueries({ queryKey: conversationKeys.lists() })
    })
    subscribed = true
    const map = bySocket
    sync = {
      count: 0,
      stop: () => {
        frames.unsubscribe()
        states.unsubscribe()
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
