import type { ConversationWebchatQueueStatus } from './types'

/**
 * Each webchat queue's `conversation_webchat_queue_uuid` (what `startConversation` needs), by `queue_name` (all
 * that a queue status names its queue by), read from the queue entries, the only place the API shows the uuid.
 *
 * Limits, all from the facts: a queue with no waiting customer at the moment has no entries, so its uuid is not
 * known here (ask again when someone waits; keep a map you have already built). An entry names its queue by its
 * own `queue_name` where the API sends one (today's revision) and otherwise by the status it is listed under
 * (2022-09). Should two entries of one name carry different uuids, the first one listed is kept.
 */
export function webchatQueueUuids(
  statuses: readonly ConversationWebchatQueueStatus[] | undefined,
): Map<string, string> {
  const uuids = new Map<string, string>()
  for (const status of statuses ?? [])
    for (const entry of status.queue_entries ?? []) {
      const name = (entry as { queue_name?: string }).queue_name ?? status.queue_name
      const uuid = entry.conversation_webchat_queue_uuid
      if (name && uuid && !uuids.has(name)) uuids.set(name, uuid)
    }
  return uuids
}
