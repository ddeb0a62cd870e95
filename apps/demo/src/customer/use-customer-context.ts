import { useEffect } from 'react'
import { useConsole } from '../console-context'
import { useWebchatContext } from '../data'

/**
 * The webchat customer's context, live (`useWebchatContext`). A `webchat context` event names only the page and
 * the cart (url, cart id), not what is in the cart, and one that repeats the last page is not a change to the
 * stream: on every such event the context is loaded again, so the cart shown is the one the customer has now.
 */
export function useCustomerContext(conversationUuid: string | undefined) {
  const query = useWebchatContext(conversationUuid)
  const { socket } = useConsole()
  const { refetch } = query
  useEffect(() => {
    if (!conversationUuid) return
    const subscription = socket.events('webchat context', conversationUuid).subscribe(() => void refetch())
    return () => subscription.unsubscribe()
  }, [socket, conversationUuid, refetch])
  return query
}
