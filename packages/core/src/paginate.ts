import type { ConversationClient, GetConversationsOptions } from './client'
import { ConversationValidationError } from './errors'
import { nextConversationsOffset } from './next-conversations-offset'
import type { ConversationSummary, ConversationsResponse } from './types'

export interface PaginateConversationsOptions extends GetConversationsOptions {
  /** Stop after this many pages even if the server says there are more (required: no unbounded loops). */
  maxPages: number
}

/** Pages of conversations, newest first; iterate it for pages or call `items()` for conversations. */
export interface ConversationPages extends AsyncIterable<ConversationsResponse> {
  items(): AsyncIterable<ConversationSummary>
}

/**
 * Follows getConversations page by page, one request at a time, by {@link nextConversationsOffset} (`more` and
 * `next_offset`; without a result set, a full page), until there is no next page, `maxPages` is reached, or
 * `signal` aborts (its reason is thrown).
 */
export function paginateConversations(
  client: ConversationClient,
  options: PaginateConversationsOptions,
): ConversationPages {
  const { maxPages, ...params } = options ?? ({} as PaginateConversationsOptions)
  if (!(Number.isSafeInteger(maxPages) && maxPages > 0))
    throw new ConversationValidationError('maxPages', 'a positive integer')
  async function* pages(): AsyncGenerator<ConversationsResponse> {
    let offset = params.offset ?? 0
    for (let page = 0; page < maxPages; page++) {
      params.signal?.throwIfAborted()
      const response = await client.getConversations({ ...params, offset })
      yield response
      const next = nextConversationsOffset(response, offset, params.limit)
      if (next === undefined) return
      offset = next
    }
  }
  return {
    [Symbol.asyncIterator]: pages,
    async *items() {
      for await (const page of pages()) yield* page.conversations ?? []
    },
  }
}
