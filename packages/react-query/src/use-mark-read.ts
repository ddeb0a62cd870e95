'use client'
import { useQueryClient } from '@tanstack/react-query'
import type { ConversationMessage } from '@uc-conversation/core'
import { markReadConversation } from '@uc-conversation/core/operations'
import { markRead } from '@uc-conversation/rxjs'
import { useEffect, useState } from 'react'
import { BehaviorSubject, catchError, EMPTY, filter, map, merge, Observable, Subject, switchMap } from 'rxjs'
import { writeConversationRead } from './conversation-mutations'
import { useConversationContext } from './conversation-provider'

/** A request as an observable: unsubscribing aborts it. */
const aborting = <T>(run: (signal: AbortSignal) => Promise<T>): Observable<T> =>
  new Observable<T>((subscriber) => {
    const controller = new AbortController()
    run(controller.signal).then(
      (value) => {
        subscriber.next(value)
        subscriber.complete()
      },
      (error: unknown) => subscriber.error(error),
    )
    return () => controller.abort()
  })

const isMessage = (message: ConversationMessage | undefined): message is ConversationMessage =>
  message !== undefined

/**
 * Marks `conversationUuid` read up to `message` while `enabled` (say: the conversation is on screen, the agent
 * has joined it, and `message` is the newest one not written by the agent), once per newer message (by
 * `message_epoch`). Over the agent socket while it is open (rxjs's `markRead`: a `read message` frame naming the
 * message, which also tells the customer's side); over REST (`markReadConversation`, the whole conversation)
 * when the socket is not open or absent, or the message has no uuid, so the mark does not wait for a
 * reconnect. Each mark that went out clears `unread_messages` in the cached list rows and detail at once, at
 * that message's position (core's `readConversationSummary`), so a late summary of it never brings the marker
 * back. A REST mark that fails (after core's retries) is not repeated: the next newer message marks again.
 */
export function useMarkRead(
  conversationUuid: string | undefined,
  message: ConversationMessage | undefined,
  enabled = true,
): void {
  const { client, socket } = useConversationContext()
  const queryClient = useQueryClient()
  const [latest] = useState(() => new BehaviorSubject<ConversationMessage | undefined>(undefined))
  // Declared first, so on a render that changes both the message and the conversation this runs first.
  useEffect(() => latest.next(message), [latest, message])
  useEffect(() => {
    if (!conversationUuid || !enabled) return
    const overSocket = new Subject<ConversationMessage>()
    const overRest = new Subject<ConversationMessage>()
    const subscription = merge(
      socket ? markRead(socket, conversationUuid, overSocket) : EMPTY,
      overRest.pipe(
        // A newer message aborts a request still running: its own request marks everything read anyway.
        switchMap((read) =>
          aborting((signal) => client.call(markReadConversation, conversationUuid, { signal })).pipe(
            map(() => read),
            catchError(() => EMPTY),
          ),
        ),
      ),
    ).subscribe({
      next: (read) => writeConversationRead(queryClient, conversationUuid, read),
      // markRead fails only on input excluded here (no conversation, a message without uuid).
      error: () => {},
    })
    let markedEpoch = Number.NEGATIVE_INFINITY
    subscription.add(
      latest.pipe(filter(isMessage)).subscribe((read) => {
        const epoch = read.message_epoch ?? 0
        if (epoch <= markedEpoch) return
        markedEpoch = epoch
        const frame = socket?.state.status === 'open' && read.conversation_message_uuid !== undefined
        ;(frame ? overSocket : overRest).next(read)
      }),
    )
    return () => subscription.unsubscribe()
  }, [client, socket, conversationUuid, enabled, queryClient, latest])
}
