import type { ConversationListFilters } from '@uc-conversation/react-query/server'

/** The list the page prefetches and the console shows: one filter object, so both use one cache entry. */
export const LIST_FILTERS: ConversationListFilters = { limit: 20 }
