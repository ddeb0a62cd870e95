import { PERSISTENCE, type PersistingOutboxStorage } from './internal/outbox'
import { attachOutboxPersistence } from './internal/outbox-persistence'
import type { OutboxStorage } from './outbox-storage'

/**
 * Makes a storage of your own (`load`, `save`, optional `later`) usable as `connectAgentSocket`'s `outboxStorage`:
 * it brings the code that restores saved messages and saves on every change, which apps without a storage do not
 * ship. `webStorageOutbox` and `indexedDbOutbox` return storages made this way already (wrapping one again returns
 * it as is).
 *
 * @example
 * ```ts
 * const socket = connectAgentSocket(client, {
 *   outboxStorage: persistentOutbox({ load: () => myDb.read(), save: (entries) => myDb.write(entries) }),
 * })
 * ```
 */
export function persistentOutbox(storage: OutboxStorage): OutboxStorage {
  if ((storage as PersistingOutboxStorage)[PERSISTENCE]) return storage
  const persisting: PersistingOutboxStorage & { later?: OutboxStorage['later'] } = {
    // Called on the storage itself, so that a class's methods keep their `this`.
    load: () => storage.load(),
    save: (entries) => storage.save(entries),
    [PERSISTENCE]: attachOutboxPersistence,
  }
  if (storage.later) persisting.later = (adopt) => storage.later!(adopt)
  return persisting
}
