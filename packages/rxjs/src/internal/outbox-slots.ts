import type { OutboxStorage, PersistedOutboxEntry } from '../outbox-storage'
import { persistentOutbox } from '../persistent-outbox'

/**
 * The part of the Web Locks API (`navigator.locks`) the storage adapters use to tell the unsent messages of a tab
 * that is still open from those a closed tab left behind: a tab holds a lock while it has unsent messages, and the
 * browser releases it when the tab closes or crashes.
 */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>
}

/** @internal Slot access of a storage: a slot holds one outbox's list under a name. */
export interface SlotStore {
  /** The names of every stored slot (other code's names included: they are filtered here). */
  names(): readonly string[] | Promise<readonly string[]>
  /** The slot's value (a promise of it for an asynchronous storage); undefined when it cannot be read. */
  read(name: string): unknown
  /** Writes a slot; `undefined` removes it. */
  write(name: string, entries: readonly PersistedOutboxEntry[] | undefined): void | Promise<void>
}

/** Pauses before the slots held at load are tried again (2 s in all: a closing tab's locks go well before). */
const ADOPT_RETRY_MS = [100, 300, 600, 1000]

interface Held {
  name: string
  release(): void
}

const randomId = (): string =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`

/** Takes the lock `name` and keeps it until `release()`; undefined when `ifAvailable` and another holds it. */
const hold = (locks: LockManagerLike, name: string, ifAvailable: boolean): Promise<Held | undefined> =>
  new Promise((resolve) => {
    locks
      .request(name, { ifAvailable }, (lock) => {
        if (!lock) return resolve(undefined)
        return new Promise<void>((release) => resolve({ name, release: () => release() }))
      })
      .catch(() => resolve(undefined))
  })

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

const entriesOf = (value: unknown): PersistedOutboxEntry[] =>
  Array.isArray(value) ? value.filter(isPersistedOutboxEntry) : []

/**
 * @internal An {@link OutboxStorage} in which every outbox (every tab) keeps its list in a slot of its own,
 * `base:<random id>`, and holds the Web Lock of that name while the slot has entries. So a tab never overwrites
 * another tab's unsent messages, and a starting tab adopts only the slots whose lock is free: those of closed tabs
 * (and `base` itself, written by a version without slots). An adopted slot stays locked until its entries are
 * saved in the adopter's own slot and it is removed, so two tabs that start together never both adopt one list
 * (which could post a message twice). Without a lock manager there is one shared slot, `base`: one outbox at a
 * time.
 */
export function slottedOutboxStorage(
  store: SlotStore,
  base: string,
  locks: LockManagerLike | undefined,
): OutboxStorage {
  if (!locks)
    return persistentOutbox({
      load: () => {
        const value = store.read(base)
        return value instanceof Promise ? value.then(entriesOf, () => []) : entriesOf(value)
      },
      save: (entries) => store.write(base, entries.length ? entries : undefined),
    })
  const own = `${base}:${randomId()}`
  let ownLock: Held | undefined
  const adopted: Held[] = []
  /** Other tabs' slots that were held when this one loaded. */
  let held: string[] = []
  /** Takes every slot of `names` whose tab has gone; returns their entries and the names still held. */
  const take = async (names: readonly string[]) => {
    const entries: PersistedOutboxEntry[] = []
    const still: string[] = []
    for (const name of names) {
      const lock = await hold(locks, name, true)
      if (!lock) {
        still.push(name)
        continue
      }
      adopted.push(lock)
      entries.push(...entriesOf(await store.read(name)))
    }
    return { entries, still }
  }
  return persistentOutbox({
    async load() {
      try {
        const { entries, still } = await take(
          (await store.names()).filter((n) => n !== own && (n === base || n.startsWith(`${base}:`))),
        )
        held = still
        return entries
      } catch {
        // A storage that cannot be listed or read: nothing to adopt.
        return []
      }
    },
    // A tab that is going still holds its slot a moment after it let go of everything else (a shared session's
    // leader resigns on `pagehide`, and the next one starts at once): the slots held at load are tried again
    // for 2 s, so its unsent messages are not left behind. Open tabs keep theirs.
    async later(adopt) {
      for (const waitMs of ADOPT_RETRY_MS) {
        if (!held.length) return
        await new Promise((resolve) => setTimeout(resolve, waitMs))
        try {
          const { entries, still } = await take(held)
          held = still
          if (entries.length) adopt(entries)
        } catch {
          return
        }
      }
    },
    async save(entries) {
      if (entries.length) {
        ownLock ??= await hold(locks, own, false)
        await store.write(own, entries)
      } else {
        await store.write(own, undefined)
        ownLock?.release()
        ownLock = undefined
      }
      // Now in this tab's slot (or delivered): the slots they came from can go.
      for (const slot of adopted.splice(0)) {
        await store.write(slot.name, undefined)
        slot.release()
      }
    },
  })
}
