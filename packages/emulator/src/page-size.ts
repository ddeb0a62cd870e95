import { getConversations } from '@uc-conversation/core/operations'

/** Default `_limit` of getConversations. */
export const DEFAULT_PAGE_SIZE = 100
/** Largest `_limit` of getConversations: the range core's table gives the option. */
export const MAX_PAGE_SIZE: number = getConversations.ints?.limit?.[1] ?? 200
