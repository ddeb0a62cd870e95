import { useWebchatContext } from '../data'

/**
 * The webchat customer's context, live (`useWebchatContext`): rxjs's `conversationContext` loads it again when an
 * event says the cart changed (a `webchat context` for the page already shown or another cart, an added item or
 * coupon), so the cart shown is the one the customer has now.
 */
export function useCustomerContext(conversationUuid: string | undefined) {
  return useWebchatContext(conversationUuid)
}
