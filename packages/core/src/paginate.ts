import type { ConversationClient, GetConversationsOptions } from './client'
import { ConversationValidationError } from './errors'
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
 * Follows `result_set.more` / `next_offset` through getConversations, one request at a time, until the server
 * has no more, `maxPages` is reached, or `signal` aborts (its reason is thrown). A `next_offset` that is not a
 * safe integer past the current offset (fractional, huge, negative, a string, missing) is replaced by the
 * current offset plus the conversations received.
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
      const set = response.metadata?.result_set
      const count = Array.isArray(response.conversations) ? response.conversations.length : 0
      // The server's next_offset when it is one core can send (a safe integer past this page's start); else
      // counting what came, so an odd number neither ends the iteration in a validation error nor skips.
      const stated = set?.next_offset
      const next =
        Number.isSafeInteger(stated) && (stated as number) > offset ? (stated as number) : offset + count
      // A server that does not advance would loop forever.
      if (!set?.more || !(next > offset) || !Number.isSafeInteger(next)) return
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
