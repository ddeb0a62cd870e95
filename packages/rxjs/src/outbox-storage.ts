import type { OutgoingMessage } from '@uc-conversation/core'

/** The key {@link webStorageOutbox} uses when none is given. */
export const DEFAULT_OUTBOX_STORAGE_KEY = 'uc-conversation:outbox'

/** One unsent message as it survives a closed tab. */
export interface PersistedOutboxEntry {
  conversationUuid: string
  /** What goes on the wire, with its `client_message_id` (the same id on every write, so never two copies). */
  message: OutgoingMessage
  /**
   * The newest server `message_epoch` of the conversation seen before the first write (0 when none): an earlier
   * write can only have arrived after it, so the "did it arrive" check pages from here. Server time only.
   */
  afterEpoch?: number
  /** Written to a socket at least once: the server must be asked whether it arrived before writing again. */
  transmitted: boolean
  /** Local time it was queued (ISO 8601), shown on the pending copy; never used to decide anything. */
  queuedAt?: string
  /** The agent who wrote it, shown on the pending copy before the socket has authorized again. */
  author?: { conversation_participant_arn?: string; conversation_participant_name?: string }
}

/** Where unsent messages survive a closed tab: the browser's IndexedDB or localStorage; nothing by default in Node. */
export interface OutboxStorage {
  /** Entries saved by an earlier session (read once, when the outbox starts). */
  load(): readonly PersistedOutboxEntry[] | Promise<readonly PersistedOutboxEntry[]>
  /** Replaces everything stored with `entries` (the outbox's unsent messages); an empty list clears. */
  save(entries: readonly PersistedOutboxEntry[]): void | Promise<void>
}

/** @internal Whether a stored value is a well-formed entry (storage is shared with other code and versions). */
export const isPersistedOutboxEntry = (v: unknown): v is PersistedOutboxEntry => {
  if (typeof v !== 'object' || v === null) return false
  const e = v as Record<string, unknown>
  const m = e.message as Record<string, unknown> | null | undefined
  return (
    typeof e.conversationUuid === 'string' &&
    typeof m === 'object' &&
    m !== null &&
    typeof m.client_message_id === 'string' &&
    typeof m.body === 'string' &&
    typeof e.transmitted === 'boolean' &&
    (e.afterEpoch === undefined || Number.isFinite(e.afterEpoch))
  )
}

/**
 * An {@link OutboxStorage} over a Web Storage object (`localStorage`, which survives a closed tab, or
 * `sessionStorage`), as JSON under one key. A value that is not a list of entries (another app's, or a
 * corrupted one) loads as nothing; a full storage (quota) keeps the previous value rather than throwing into the
 * send path. One key serves one outbox at a time (each save replaces the list; two tabs restoring one list at
 * once could both write a message): where an agent may open several tabs, use `sessionStorage` or a key per tab.
 */
export function webStorageOutbox(
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
  key: string = DEFAULT_OUTBOX_STORAGE_KEY,
): OutboxStorage {
  return {
    load() {
      let raw: string | null
      try {
        raw = storage.getItem(key)
      } catch {
        return []
      }
      if (!raw) return []
      try {
        const parsed: unknown = JSON.parse(raw)
        return Array.isArray(parsed) ? parsed.filter(isPersistedOutboxEntry) : []
      } catch {
        return []
      }
    },
    save(entries) {
      try {
        if (entries.length === 0) storage.removeItem(key)
        else storage.setItem(key, JSON.stringify(entries))
      } catch {
        // Quota or privacy mode: the messages are still in memory; only the copy for a later tab is missing.
      }
    },
  }
}
