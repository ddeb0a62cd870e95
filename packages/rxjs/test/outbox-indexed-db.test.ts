import { describe, expect, it } from 'vitest'
import { connectAgentSocket, indexedDbOutbox, type PersistedOutboxEntry, sendMessage } from '../src'
import { fakeServer, fakeSockets } from './fakes'

interface Req {
  result: unknown
  error: unknown
  onsuccess: (() => void) | null
  onerror: (() => void) | null
  onupgradeneeded?: (() => void) | null
}
const request = (): Req => ({ result: undefined, error: null, onsuccess: null, onerror: null })
const later = (f: () => void) => setTimeout(f, 0)

/** The part of IndexedDB the adapter uses: databases of object stores, asynchronous like the real one. */
function fakeIndexedDB() {
  const databases = new Map<string, Map<string, Map<unknown, unknown>>>()
  const open = (name: string) => {
    const req = request()
    later(() => {
      let stores = databases.get(name)
      const created = !stores
      stores ??= new Map()
      databases.set(name, stores)
      const known = stores
      req.result = {
        objectStoreNames: { contains: (s: string) => known.has(s) },
        createObjectStore: (s: string) => void known.set(s, new Map()),
        transaction(s: string) {
          const store = known.get(s)
          if (!store) throw new Error('NotFoundError')
          const tx = {
            error: null,
            oncomplete: null as (() => void) | null,
            onerror: null,
            onabort: null,
            objectStore: () => ({
              get(key: unknown) {
                const r = request()
                later(() => {
                  r.result = structuredClone(store.get(key))
                  r.onsuccess?.()
                })
                return r
              },
              put: (value: unknown, key: unknown) => void store.set(key, structuredClone(value)),
              delete: (key: unknown) => void store.delete(key),
            }),
          }
          later(() => later(() => tx.oncomplete?.()))
          return tx
        },
      }
      if (created) req.onupgradeneeded?.()
      req.onsuccess?.()
    })
    return req
  }
  return { open, databases } as unknown as IDBFactory & { databases: typeof databases }
}

const entry: PersistedOutboxEntry = {
  conversationUuid: 'c',
  message: { body: 'hi', client_message_id: 'a' },
  transmitted: false,
}

describe('indexedDbOutbox', () => {
  it('saves and loads the list, an empty list deletes it, another adapter on the same database sees it', async () => {
    const indexedDB = fakeIndexedDB()
    const storage = indexedDbOutbox({ indexedDB })
    expect(await storage.load()).toEqual([])
    await storage.save([entry])
    expect(await indexedDbOutbox({ indexedDB }).load()).toEqual([entry])
    await storage.save([])
    expect(await storage.load()).toEqual([])
  })

  it('without IndexedDB it loads nothing (sending still works)', async () => {
    const storage = indexedDbOutbox({ indexedDB: undefined })
    expect(await storage.load()).toEqual([])
    await expect(storage.save([entry])).rejects.toThrow(/IndexedDB/)
  })

  it('a message queued offline in one socket is restored by the next socket on the same database', async () => {
    const indexedDB = fakeIndexedDB()
    const server = fakeServer()
    const first = connectAgentSocket(server.client, {
      WebSocketCtor: fakeSockets().WebSocketCtor,
      lingerMs: 0,
      outboxStorage: indexedDbOutbox({ indexedDB }),
    })
    // Never opened: offline.
    const sending = sendMessage(first, 'c', { body: 'offline', client_message_id: 'cid' }).subscribe({
      error: () => {},
    })
    const stored = indexedDbOutbox({ indexedDB })
    await expect.poll(async () => (await stored.load()).length).toBe(1)
    // The tab closes: what it saved stays (its own teardown would withdraw the message, so it comes after).
    const second = connectAgentSocket(server.client, {
      WebSocketCtor: fakeSockets().WebSocketCtor,
      lingerMs: 0,
      outboxStorage: indexedDbOutbox({ indexedDB }),
    })
    await expect.poll(() => second.outbox.unsent).toBe(1)
    expect(second.outbox.get('cid')?.message.body).toBe('offline')
    sending.unsubscribe()
    expect(second.outbox.discard('cid')).toBe(true)
    expect(second.outbox.unsent).toBe(0)
    await expect.poll(async () => (await stored.load()).length).toBe(0)
  })
})
