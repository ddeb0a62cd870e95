'use client'
import { useIsMutating } from '@tanstack/react-query'
import { SEND_MESSAGE_MUTATION_KEY } from './conversation-mutations'
import { useConversationContext } from './conversation-provider'
import { useObservable } from './use-observable'

/**
 * How many of the agent's messages have not reached the server yet: the socket outbox's count (pending and
 * failed, including messages restored from its storage), and at least the sends still running in this query
 * client (a send is counted from the moment `useSendMessage` is called). 0 without a socket.
 */
export function useUnsentMessages(): number {
  const { socket } = useConversationContext()
  const sending = useIsMutating({ mutationKey: SEND_MESSAGE_MUTATION_KEY })
  const outbox = useObservable(
    () => socket?.outbox.unsent$,
    [socket],
    () => socket?.outbox.unsent ?? 0,
  )
  return Math.max(outbox, socket ? sending : 0)
}
