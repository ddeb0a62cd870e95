'use client'
import { useQueryClient } from '@tanstack/react-query'
import type { ConversationMessage } from '@uc-conversation/core'
import { markRead } from '@uc-conversation/rxjs'
import { useEffect, useState } from 'react'
import { BehaviorSubject, filter } from 'rxjs'
import { writeConversationRead } from './conversation-mutations'
import { useConversationContext } from './conversation-provider'

const isMessage = (message: ConversationMessage | undefined): message is ConversationMessage =>
  message !== undefined

/**
 * Marks `conversationUuid` read up to `message` while `enabled` (say: the conversation is on screen, the agent
 * has joined it, and `message` is the newest one not written by the agent). rxjs's `markRead` sends one `read
 * message` frame per newer message, waiting for the socket while it is down; each frame that went out clears
 * `unread_messages` in the cached list rows and detail at once, at that message's position (core's
 * `readConversationSummary`), so a late summary of it never brings the marker back. Without a socket it does nothing.
 */
export function useMarkRead(
  conversationUuid: string | undefined,
  message: ConversationMessage | undefined,
  enabled = true,
): void {
  const { socket } = useConversationContext()
  const queryClient = useQueryClient()
  const [latest] = useState(() => new BehaviorSubject<ConversationMessage | undefined>(undefined))
  // Declared first, so on a render that changes both the message and the conversation this runs first.
  useEffect(() => latest.next(message), [latest, message])
  useEffect(() => {
    if (!socket || !conversationUuid || !enabled) return
    const subscription = markRead(socket, conversationUuid, latest.pipe(filter(isMessage))).subscribe({
      next: (read) => writeConversationRead(queryClient, conversationUuid, read),
      // markRead fails only on input excluded above (no conversation, a message without uuid).
      error: () => {},
    })
    return () => subscription.unsubscribe()
  }, [socket, conversationUuid, enabled, queryClient, latest])
}
