import { slottedOutboxStorage } from './internal/outbox-slots'
import { DEFAULT_OUTBOX, locksOf, type OutboxSlotOptions, type OutboxStorage } from './outbox-storage'

/** Options of {@link indexedDbOutbox}. */
export interface IndexedDbOutboxOptions extends OutboxSlotOptions {
  /** @default DEFAULT_OUTBOX.databaseName ('uc-conversation') */
  databaseName?: string | undefined
  /** Object store (created on first use). @default 'outbox' */
  storeName?: string | undefined
  /**
   * Key of the list inside the store; with Web Locks each tab keeps its list under `key:<id>` (see
   * {@link OutboxSlotOptions.locks}).
   * @default 'entries'
   */
  key?: string | undefined
  /** The IndexedDB factory. @default globalThis.indexedDB, looked up on first use */
  indexedDB?: IDBFactory | undefined
}

const settle = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })

const done = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error)
  })

/**
 * An {@link OutboxStorage} in IndexedDB: one list per tab (where the browser has Web Locks, see
 * {@link OutboxSlotOptions.locks}; else one list under `key`), each written in one transaction per save (the
 * outbox never overlaps two saves). Loads as nothing where IndexedDB is missing or refuses (private mode), so
 * sending still works, only without the copy for a later tab.
 */
export function indexedDbOutbox(options: IndexedDbOutboxOptions = {}): OutboxStorage {
  const storeName = options.storeName ?? 'outbox'
  let db: Promise<IDBDatabase> | undefined
  const open = () => {
    db ??= (async () => {
      const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB
      if (!factory) throw new Error('No IndexedDB in this runtime')
      const request = factory.open(options.databaseName ?? DEFAULT_OUTBOX.databaseName, 1)
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(storeName)) request.result.createObjectStore(storeName)
      }
      return settle(request)
    })()
    return db
  }
  const store = async (mode: IDBTransactionMode) =>
    (await open()).transaction(storeName, mode).objectStore(storeName)
  return slottedOutboxStorage(
    {
      async names() {
        const keys = await settle((await store('readonly')).getAllKeys())
        return keys.filter((k): k is string => typeof k === 'string')
      },
      async read(name) {
        try {
          return await settle((await store('readonly')).get(name))
        } catch {
          return undefined
        }
      },
      async write(name, entries) {
        const tx = (await open()).transaction(storeName, 'readwrite')
        const target = tx.objectStore(storeName)
        if (entries) target.put(entries, name)
        else target.delete(name)
        await done(tx)
      },
    },
    options.key ?? 'entries',
    locksOf(options),
  )
}
