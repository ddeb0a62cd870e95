import type { OutgoingMessage } from '@uc-conversation/core'
import { type LockManagerLike, slottedOutboxStorage } from './internal/outbox-slots'
import type { persistentOutbox } from './persistent-outbox'

export type { LockManagerLike }

/** Where the outbox adapters keep unsent messages when told nothing else (frozen). */
export const DEFAULT_OUTBOX: Readonly<{ storageKey: string; databaseName: string }> =
  /* @__PURE__ */ Object.freeze({
    /** The key {@link webStorageOutbox} uses when none is given. */
    storageKey: 'uc-conversation:outbox',
    /** The database `indexedDbOutbox` uses when none is given. */
    databaseName: 'uc-conversation',
  })

/** One unsent message as it survives a closed tab. */
export interface PersistedOutboxEntry {
  conversationUuid: string
  /** What goes on the wire, with its `client_message_id` (the same id on every write, so never two copies). */
  message: OutgoingMessage
  /**
   * The newest server `message_epoch` of the conversation seen before the first write (0 when none): an earlier
   * write can only have arrived after it, so the "did it arrive" check pages from here. Server time only.
   */
  afterEpoch?: number | undefined
  /** Written to a socket at least once: the server must be asked whether it arrived before writing again. */
  transmitted: boolean
  /** Local time it was queued (ISO 8601), shown on the pending copy; never used to decide anything. */
  queuedAt?: string | undefined
  /** The agent who wrote it, shown on the pending copy before the socket has authorized again. */
  author?: { conversation_participant_arn?: string; conversation_participant_name?: string } | undefined
}

/**
 * Where unsent messages survive a closed tab: the browser's IndexedDB or localStorage; nothing by default in Node.
 * `webStorageOutbox` and `indexedDbOutbox` make one; a storage of your own goes through {@link persistentOutbox}
 * (`connectAgentSocket` refuses a bare one), which brings the code that restores and saves.
 */
export interface OutboxStorage {
  /** Entries saved by an earlier session (read once, when the outbox starts). */
  load(): readonly PersistedOutboxEntry[] | Promise<readonly PersistedOutboxEntry[]>
  /** Replaces everything stored with `entries` (the outbox's unsent messages); an empty list clears. */
  save(entries: readonly PersistedOutboxEntry[]): void | Promise<void>
  /**
   * Called once after `load`: entries that become free shortly after it (a closing tab's list, still locked
   * when this one loaded) are passed to `adopt`, which restores them like loaded ones.
   * @default undefined (only what `load` returns)
   */
  later?(adopt: (entries: readonly PersistedOutboxEntry[]) => void): void | Promise<void>
}

/** Options of {@link webStorageOutbox} and {@link indexedDbOutbox}. */
export interface OutboxSlotOptions {
  /**
   * The Web Locks API that tells the unsent messages of open tabs from those closed tabs left. With it each tab
   * keeps its own list and a starting tab adopts only closed tabs' lists, so two open tabs never overwrite each
   * other's messages, and never both deliver one. `false` (or a runtime without it): one list shared by every
   * outbox of the storage, for one tab at a time.
   * @default globalThis.navigator.locks, where there is one
   */
  locks?: LockManagerLike | false | undefined
}

/** @internal The lock manager an adapter uses. */
export const locksOf = (options: OutboxSlotOptions): LockManagerLike | undefined =>
  options.locks === false
    ? undefined
    : (options.locks ?? (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks)

/**
 * An {@link OutboxStorage} over a Web Storage object (`localStorage`, which survives a closed tab, or
 * `sessionStorage`), as JSON: one key per tab, `key:<id>`, where the browser has Web Locks (see
 * {@link OutboxSlotOptions.locks}), else `key` alone. A value that is not a list of entries (another app's, or a
 * corrupted one) loads as nothing; a full storage (quota) keeps the previous value rather than throwing into the
 * send path.
 */
export function webStorageOutbox(
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & Partial<Pick<Storage, 'key' | 'length'>>,
  key: string = DEFAULT_OUTBOX.storageKey,
  options: OutboxSlotOptions = {},
): OutboxStorage {
  const read = (name: string): unknown => {
    try {
      const raw = storage.getItem(name)
      return raw ? JSON.parse(raw) : undefined
    } catch {
      return undefined
    }
  }
  const names = (): string[] => {
    const out: string[] = []
    for (let i = 0; i < (storage.length ?? 0); i++) {
      const name = storage.key?.(i)
      if (name != null) out.push(name)
    }
    return out
  }
  return slottedOutboxStorage(
    {
      names,
      read,
      write(name, entries) {
        try {
          if (entries) storage.setItem(name, JSON.stringify(entries))
          else storage.removeItem(name)
        } catch {
          // Quota or privacy mode: the messages are still in memory; only the copy for a later tab is missing.
        }
      },
    },
    key,
    // Slots need a storage that can list its keys.
    typeof storage.key === 'function' ? locksOf(options) : undefined,
  )
}
