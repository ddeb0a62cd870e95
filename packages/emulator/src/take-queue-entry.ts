import type { QueueEntryRecord, QueueRecord } from './state'

/**
 * Removes a conversation's entry from its queue and returns it (undefined when it was not waiting). The one
 * place an entry leaves a queue, whether an agent took the chat or the customer gave up. @internal
 */
export function takeQueueEntry(
  queue: QueueRecord | undefined,
  conversationUuid: string,
): QueueEntryRecord | undefined {
  if (!queue) return undefined
  const index = queue.entries.findIndex((e) => e.conversationUuid === conversationUuid)
  return index < 0 ? undefined : queue.entries.splice(index, 1)[0]
}
