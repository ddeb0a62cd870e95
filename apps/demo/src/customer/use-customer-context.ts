import { useEffect, useRef } from 'react'
import { useWebchatContext } from '../data'

/**
 * The webchat customer's context, live (`useWebchatContext`). A `webchat context` event says only where the
 * customer is and which cart (url, cart id), not what is in it: when one arrives, the context is loaded again so
 * the cart shown is the one the customer has now.
 */
export function useCustomerContext(conversationUuid: string | undefined) {
  const query = useWebchatContext(conversationUuid)
  const page = query.data?.page
  const lastPage = useRef(page)
  const { refetch } = query
  useEffect(() => {
    if (page === lastPage.current) return
    const first = lastPage.current === undefined && page === undefined
    lastPage.current = page
    if (!first) void refetch()
  }, [page, refetch])
  return query
}
