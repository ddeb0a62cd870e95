import { DEFAULT_PAGE_SIZE } from './limits'
import type { ConversationsResponse } from './types'

/**
 * The `offset` of the page after `page` of getConversations (asked at `offset` with `limit`), or `undefined` when
 * there is none. The one rule of core's `paginateConversations` and react-query's list query:
 * - `result_set.more` decides when the server sends it (UltraCart: keep iterating while `more`);
 * - without a result set, a full page may have a successor (a short or empty one has none);
 * - the next offset is `result_set.next_offset` when it is a safe integer past `offset`, else `offset` plus the
 *   conversations received (so a fractional, negative, string or stale `next_offset` neither fails validation nor
 *   repeats a page); an offset that would not advance ends the pages (no endless loop).
 */
export function nextConversationsOffset(
  page: ConversationsResponse | undefined,
  offset: number,
  limit: number = DEFAULT_PAGE_SIZE,
): number | undefined {
  const set = page?.metadata?.result_set
  const count = Array.isArray(page?.conversations) ? page.conversations.length : 0
  const stated = set?.next_offset
  const next =
    Number.isSafeInteger(stated) && (stated as number) > offset ? (stated as number) : offset + count
  const more = typeof set?.more === 'boolean' ? set.more : count >= limit
  return more && next > offset && Number.isSafeInteger(next) ? next : undefined
}
