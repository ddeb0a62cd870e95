import type { OutboxStorage, PersistedOutboxEntry } from '../outbox-storage'

/**
 * Saves snapshots in order: a synchronous storage at once; an asynchronous one (IndexedDB) one save at a time,
 * a save asked for meanwhile replaced by the newest snapshot, so an older list can never land last. A failing
 * save is dropped: the messages are still in memory, and the next change saves again.
 */
export function createOutboxSaver(
  storage: OutboxStorage,
): (entries: readonly PersistedOutboxEntry[]) => void {
  let busy = false
  let next: readonly PersistedOutboxEntry[] | undefined
  const save = (entries: readonly PersistedOutboxEntry[]) => {
    if (busy) {
      next = entries
      return
    }
    let result: void | Promise<void>
    try {
      result = storage.save(entries)
    } catch {
      return
    }
    if (!result || typeof (result as Promise<void>).then !== 'function') return
    busy = true
    const done = () => {
      busy = false
      const queued = next
      next = undefined
      if (queued) save(queued)
    }
    ;(result as Promise<void>).then(done, done)
  }
  return save
}
