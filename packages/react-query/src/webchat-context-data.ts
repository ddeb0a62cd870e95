import type {
  ConversationEventAddCoupon,
  ConversationEventAddItem,
  ConversationEventWebchatContext,
  ConversationWebchatContext,
} from '@uc-conversation/core'
import type { Freshness } from '@uc-conversation/rxjs'

/**
 * Cache entry of one conversation's webchat context: what rxjs's `conversationContext` knows of the customer.
 * Plain JSON (dehydrates for SSR).
 */
export interface WebchatContextData {
  /** The customer's context as last loaded (`getConversationContext`), `current_url` following page events. */
  context: ConversationWebchatContext | undefined
  /** The latest `webchat context` event (page URL, cart id), once one arrived. */
  page: ConversationEventWebchatContext | undefined
  /** Coupons agents added while the live stream ran, one per coupon code. */
  coupons: readonly ConversationEventAddCoupon[]
  /** Items agents added while the live stream ran. */
  items: readonly ConversationEventAddItem[]
  /** `live` while the agent socket feeds the entry, `polling` while the stream polls, `stale` otherwise. */
  freshness: Freshness
}
