import type { ConversationClient, ConversationMessage } from '@uc-conversation/core'

/** Page size of a "did my write arrive" check: the API's largest, so that one request usually settles it. */
export const VERIFY_PAGE_SIZE = 200

/** A server epoch usable as a cursor: a finite, safe integer (fractions floored); anything else is ignored. */
const cursorOf = (epoch: unknown): number | undefined =>
  typeof epoch === 'number' && Number.isFinite(epoch) && Math.abs(epoch) <= Number.MAX_SAFE_INTEGER
    ? Math.floor(epoch)
    : undefined

/**
 * Asks the server which of `clientMessageIds` it has in a conversation, looking only at messages from
 * `afterEpoch` (a server `message_epoch` seen before the first write; 0 for the whole conversation) on. Returns
 * the server's copies of those found. Server time only: the local clock plays no part.
 *
 * The cursor is right whether the server reads `since` inclusively or exclusively: it starts one millisecond
 * before `afterEpoch` and continues one millisecond before the newest epoch of a full page, so messages sharing
 * an epoch at a page border come again (and are counted once, by uuid) instead of being skipped; `since` only
 * moves forward. It stops when every id is found or at a page that is not full. A block of equal epochs larger
 * than a page cannot be paged inside under either reading: it is stepped over, and an id hidden in its unseen
 * part counts as not arrived.
 */
export async function findDelivered(
  client: ConversationClient,
  conversationUuid: string,
  afterEpoch: number,
  clientMessageIds: Iterable<string>,
  signal: AbortSignal,
  pageSize = VERIFY_PAGE_SIZE,
): Promise<ConversationMessage[]> {
  const wanted = new Set(clientMessageIds)
  const found: ConversationMessage[] = []
  const seen = new Set<string>()
  let since = Math.max(0, (cursorOf(afterEpoch) ?? 0) - 1)
  let stalled = 0
  while (wanted.size > 0) {
    const response = await client.getConversationMessages(conversationUuid, since, {
      limit: pageSize,
      signal,
    })
    const page = response?.conversation_messages ?? []
    let fresh = 0
    let top = since
    for (const m of page) {
      const epoch = cursorOf(m.message_epoch)
      if (epoch !== undefined && epoch > top) top = epoch
      const key = m.conversation_message_uuid
      if (key !== undefined) {
        if (seen.has(key)) continue
        seen.add(key)
      }
      fresh++
      if (m.client_message_id !== undefined && wanted.delete(m.client_message_id)) found.push(m)
    }
    if (page.length < pageSize) break
    if (fresh > 0) {
      stalled = 0
      // One millisecond early: the rest of the newest epoch comes again instead of being skipped.
      since = top - 1 > since ? top - 1 : top
    } else {
      // A full page of equal epochs seen before: the API cannot page inside it, so step past it (exclusive
      // reading: `since` = that epoch; inclusive: one more). A server that keeps answering the same ends it.
      if (++stalled > 2) break
      since = top > since ? top : top + 1
    }
  }
  return found
}
