import type { ConversationContextValue, Freshness } from '@uc-conversation/rxjs'

/**
 * Cache entry of one conversation's webchat context: what rxjs's `conversationContext` knows of the customer
 * (its value, field for field), with the freshness of the stream that feeds it. Plain JSON (dehydrates for SSR).
 */
export interface WebchatContextData extends ConversationContextValue {
  /** `live` while the agent socket feeds the entry, `polling` while the stream polls, `stale` otherwise. */
  freshness: Freshness
}
