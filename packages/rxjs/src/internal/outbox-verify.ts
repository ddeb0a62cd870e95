import {
  advanceCatchUp,
  type ConversationMessage,
  type ConversationMessagesResponse,
  MAX_PAGE_SIZE,
  startCatchUp,
} from '@uc-conversation/core'

/** One page of a conversation's messages (`getConversationMessages`, possibly shared: see SharedPages). */
export type LoadPage = (
  conversationUuid: string,
  since: number,
  limit: number,
  signal: AbortSignal,
) => Promise<ConversationMessagesResponse | undefined>

/** Page size of a "did my write arrive" check: the API's largest, so that one request usually settles it. */
export const VERIFY_PAGE_SIZE = MAX_PAGE_SIZE

/**
 * Asks the server which of `clientMessageIds` it has in a conversation, looking only at messages from
 * `afterEpoch` (a server `message_epoch` seen before the first write; 0 for the whole conversation) on. Returns
 * the server's copies of those found. Server time only: the local clock plays no part. Paged with core's catch-up
 * cursor (right under either reading of `since`); it stops when every id is found or the cursor is done. A block
 * of equal epochs larger than the largest page cannot be paged inside: an id hidden in its unseen part counts as
 * not arrived.
 */
export async function findDelivered(
  load: LoadPage,
  conversationUuid: string,
  afterEpoch: number,
  clientMessageIds: Iterable<string>,
  signal: AbortSignal,
  pageSize = VERIFY_PAGE_SIZE,
): Promise<ConversationMessage[]> {
  const wanted = new Set(clientMessageIds)
  const found: ConversationMessage[] = []
  let cursor = startCatchUp(afterEpoch, { pageSize })
  while (wanted.size > 0 && !cursor.done) {
    const response = await load(conversationUuid, cursor.since, cursor.limit, signal)
    const page = response?.conversation_messages
    // A message without an id is never wanted (the set holds strings only).
    for (const m of Array.isArray(page) ? page : [])
      if (m?.conversation_message_uuid !== undefined && wanted.delete(m.client_message_id!)) found.push(m)
    cursor = advanceCatchUp(cursor, page).cursor
  }
  return found
}
