'use client'
import { useIsMutating } from '@tanstack/react-query'
import { SEND_MESSAGE_MUTATION_KEY } from './conversation-mutations'
import { useConversationContext } from './conversation-provider'
import { useObservable } from './use-observable'

/**
 * How many of the agent's messages have not reached the server yet: the session's count (the outbox's pending
 * and failed, including messages restored from its storage; the leading tab's in a shared session), and at
 * least the sends still running in this query client (a send is counted from the moment `useSendMessage` is
 * called). 0 without a socket.
 */
export function useUnsentMessages(): number {
  const { session } = useConversationContext()
  const sending = useIsMutating({ mutationKey: SEND_MESSAGE_MUTATION_KEY })
  const outbox = useObservable(
    () => session.unsent$,
    [session],
    () => session.outbox?.unsent ?? 0,
  )
  return Math.max(outbox, session.realtime ? sending : 0)
}
