'use client'
import { useQueryClient } from '@tanstack/react-query'
import type { ConversationMessage } from '@uc-conversation/core'
import { useEffect, useRef } from 'react'
import { writeConversationRead } from './conversation-mutations'
import { useConversationContext } from './conversation-provider'

/**
 * Marks `conversationUuid` read up to `message` while `enabled` (say: the conversation is on screen, the agent
 * has joined it, and `message` is the newest one not written by the agent), once per newer message (by
 * `message_epoch`), through the session's `markRead`: a `read message` frame while the socket is open (which
 * also tells the customer's side), else `markReadConversation` over REST, so the mark does not wait for a
 * reconnect. Each mark that went out clears `unread_messages` in the cached list rows and detail at once, at
 * that message's position, so a late summary of it never brings the marker back; a row that already knows a
 * newer message keeps its marker (core's `applyOwnRead`, the rule the session's own lists follow). A REST mark
 * that fails (after core's retries) is not repeated: the next newer message marks again.
 */
export function useMarkRead(
  conversationUuid: string | undefined,
  message: ConversationMessage | undefined,
  enabled = true,
): void {
  const { session } = useConversationContext()
  const queryClient = useQueryClient()
  // The last mark: its conversation, its message's epoch (compared only for the same conversation), its request.
  const marked = useRef<{ uuid?: string; epoch?: number; request?: AbortController }>({})
  // Unmounting aborts a REST mark still running.
  useEffect(() => () => marked.current.request?.abort(), [])
  useEffect(() => {
    if (!conversationUuid || !enabled || !message) return
    const epoch = message.message_epoch ?? 0
    const last = marked.current
    if (last.uuid === conversationUuid && epoch <= last.epoch!) return
    // A newer message aborts a REST mark still running: its own request marks everything read anyway.
    last.request?.abort()
    const request = new AbortController()
    marked.current = { uuid: conversationUuid, epoch, request }
    session.markRead(conversationUuid, message, request.signal).then(
      () => writeConversationRead(queryClient, conversationUuid, message),
      () => {},
    )
  }, [session, conversationUuid, enabled, message, queryClient])
}
