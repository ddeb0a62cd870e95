import { isPersistedOutboxEntry, type OutboxStorage } from './outbox-storage'

/** Database {@link indexedDbOutbox} uses when none is given. */
export const DEFAULT_OUTBOX_DB_NAME = 'uc-conversation'

/** Options of {@link indexedDbOutbox}. */
export interface IndexedDbOutboxOptions {
  /** @default DEFAULT_OUTBOX_DB_NAME */
  databaseName?: string
  /** Object store (created on first use). @default 'outbox' */
  storeName?: string
  /** Key of the list inside the store: one per outbox (e.g. per tab or agent). @default 'entries' */
  key?: string
  /** The IndexedDB factory. @default globalThis.indexedDB, looked up on first use */
  indexedDB?: IDBFactory
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
 * An {@link OutboxStorage} in IndexedDB: the whole list under one key of one object store, written in one
 * transaction per save (the outbox never overlaps two saves). Loads as nothing where IndexedDB is missing or
 * refuses (private mode), so sending still works, only without the copy for a later tab.
 */
export function indexedDbOutbox(options: IndexedDbOutboxOptions = {}): OutboxStorage {
  const storeName = options.storeName ?? 'outbox'
  const key = options.key ?? 'entries'
  let db: Promise<IDBDatabase> | undefined
  const open = () => {
    db ??= (async () => {
      const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB
      if (!factory) throw new Error('No IndexedDB in this runtime')
      const request = factory.open(options.databaseName ?? DEFAULT_OUTBOX_DB_NAME, 1)
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(storeName)) request.result.createObjectStore(storeName)
      }
      return settle(request)
    })()
    return db
  }
  return {
    async load() {
      try {
        const tx = (await open()).transaction(storeName, 'readonly')
        const value: unknown = await settle(tx.objectStore(storeName).get(key))
        return Array.isArray(value) ? value.filter(isPersistedOutboxEntry) : []
      } catch {
        return []
      }
    },
    async save(entries) {
      const tx = (await open()).transaction(storeName, 'readwrite')
      const store = tx.objectStore(storeName)
      if (entries.length === 0) store.delete(key)
      else store.put(entries, key)
      await done(tx)
    },
  }
}
