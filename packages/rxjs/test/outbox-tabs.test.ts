import { describe, expect, it } from 'vitest'
import {
  connectAgentSocket,
  type LockManagerLike,
  type PersistedOutboxEntry,
  sendMessage,
  webStorageOutbox,
} from '../src'
import { fakeServer, fakeSockets } from './fakes'

/** One origin's localStorage, shared by its tabs. */
class MemoryStorage {
  readonly items = new Map<string, string>()
  get length() {
    return this.items.size
  }
  key = (i: number) => [...this.items.keys()][i] ?? null
  getItem = (key: string) => this.items.get(key) ?? null
  setItem = (key: string, value: string) => void this.items.set(key, value)
  removeItem = (key: string) => void this.items.delete(key)
  /** Every stored entry's client_message_id, by key. */
  stored() {
    return Object.fromEntries(
      [...this.items].map(([k, v]) => [
        k,
        (JSON.parse(v) as PersistedOutboxEntry[]).map((e) => e.message.client_message_id),
      ]),
    )
  }
}

/**
 * The Web Locks API of one origin as its tabs see it: a held lock makes an `ifAvailable` request get `null` and a
 * plain one wait; closing a tab releases every lock it holds (as the browser does).
 */
function origin() {
  const held = new Map<string, string>()
  const queues = new Map<string, (() => void)[]>()
  const release = (name: string) => {
    held.delete(name)
    queues.get(name)?.shift()?.()
  }
  return {
    held,
    tab(id: string): LockManagerLike & { close(): void } {
      return {
        async request(name, options, callback) {
          if (held.has(name)) {
            if (options.ifAvailable) return callback(null)
            await new Promise<void>((resolve) => queues.set(name, [...(queues.get(name) ?? []), resolve]))
          }
          held.set(name, id)
          try {
            return await callback({ name })
          } finally {
            if (held.get(name) === id) release(name)
          }
        },
        close() {
          for (const [name, owner] of [...held]) if (owner === id) release(name)
        },
      }
    },
  }
}

const entry = (cid: string): PersistedOutboxEntry => ({
  conversationUuid: 'c',
  message: { body: cid, client_message_id: cid },
  transmitted: false,
})
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('webStorageOutbox with Web Locks: one list per tab', () => {
  it("two open tabs never overwrite each other's unsent messages, and a third adopts neither", async () => {
    const storage = new MemoryStorage()
    const locks = origin()
    const a = webStorageOutbox(storage, undefined, { locks: locks.tab('a') })
    const b = webStorageOutbox(storage, undefined, { locks: locks.tab('b') })
    await a.load()
    await b.load()
    await a.save([entry('from-a')])
    await b.save([entry('from-b')])
    expect(Object.values(storage.stored()).flat().sort()).toEqual(['from-a', 'from-b'])
    expect(await webStorageOutbox(storage, undefined, { locks: locks.tab('c') }).load()).toEqual([])
    // Delivered in tab a: its list and its lock go.
    await a.save([])
    expect(Object.values(storage.stored()).flat()).toEqual(['from-b'])
    expect([...locks.held.values()]).toEqual(['b'])
  })

  it("a closed tab's list is adopted by exactly one of two tabs that start together, then moved", async () => {
    const storage = new MemoryStorage()
    const locks = origin()
    const closing = locks.tab('a')
    const a = webStorageOutbox(storage, undefined, { locks: closing })
    await a.load()
    await a.save([entry('left-behind')])
    closing.close()
    const c = webStorageOutbox(storage, undefined, { locks: locks.tab('c') })
    const d = webStorageOutbox(storage, undefined, { locks: locks.tab('d') })
    const [fromC, fromD] = await Promise.all([c.load(), d.load()])
    expect([...fromC, ...fromD].map((e) => e.message.client_message_id)).toEqual(['left-behind'])
    const adopter = fromC.length ? c : d
    const other = adopter === c ? d : c
    await adopter.save([entry('left-behind')])
    await other.save([])
    const stored = storage.stored()
    expect(Object.values(stored).flat()).toEqual(['left-behind'])
    // Under the adopter's own key now, and no lock but the adopter's is held.
    expect(Object.keys(stored)).toHaveLength(1)
    expect([...locks.held.values()]).toEqual([adopter === c ? 'c' : 'd'])
  })

  it('a list written without slots (an older version, or no Web Locks) is adopted too', async () => {
    const storage = new MemoryStorage()
    await webStorageOutbox(storage).save([entry('old')])
    expect(storage.stored()).toEqual({ 'uc-conversation:outbox': ['old'] })
    const tab = webStorageOutbox(storage, undefined, { locks: origin().tab('t') })
    expect((await tab.load()).map((e) => e.message.client_message_id)).toEqual(['old'])
    await tab.save([entry('old')])
    expect(Object.keys(storage.stored())).toEqual([expect.stringMatching(/^uc-conversation:outbox:.+/)])
  })

  it('a tab still going when the next one starts (a shared leader resigns on pagehide, then unloads): its list is adopted once its lock goes', async () => {
    const storage = new MemoryStorage()
    const locks = origin()
    const server = fakeServer()
    const going = locks.tab('a')
    const a = webStorageOutbox(storage, undefined, { locks: going })
    await a.load()
    await a.save([entry('left-behind')])
    const next = connectAgentSocket(server.client, {
      WebSocketCtor: fakeSockets().WebSocketCtor,
      lingerMs: 0,
      outboxStorage: webStorageOutbox(storage, undefined, { locks: locks.tab('b') }),
    })
    await flush()
    expect(next.outbox.unsent).toBe(0)
    // The old page unloads a moment later: the browser releases its locks.
    await new Promise((resolve) => setTimeout(resolve, 150))
    going.close()
    await expect.poll(() => next.outbox.get('left-behind')).toBeDefined()
    expect(next.outbox.unsent).toBe(1)
    // Moved into the new tab's own list; the old one is gone.
    await expect.poll(() => Object.values(storage.stored()).flat()).toEqual(['left-behind'])
    expect(Object.keys(storage.stored())).toHaveLength(1)
    expect(next.outbox.discard('left-behind')).toBe(true)
  })

  it('outboxes of two open tabs: the one that restarts gets back only its own message', async () => {
    const storage = new MemoryStorage()
    const locks = origin()
    const server = fakeServer()
    const open = (id: string) => {
      const tabLocks = locks.tab(id)
      const socket = connectAgentSocket(server.client, {
        // Never opened: both tabs are offline.
        WebSocketCtor: fakeSockets().WebSocketCtor,
        lingerMs: 0,
        outboxStorage: webStorageOutbox(storage, undefined, { locks: tabLocks }),
      })
      return { socket, close: tabLocks.close }
    }
    const a = open('a')
    const b = open('b')
    const sendingA = sendMessage(a.socket, 'c', { body: 'a', client_message_id: 'cid-a' }).subscribe({
      error: () => {},
    })
    const sendingB = sendMessage(b.socket, 'c', { body: 'b', client_message_id: 'cid-b' }).subscribe({
      error: () => {},
    })
    await expect.poll(() => Object.values(storage.stored()).flat().sort()).toEqual(['cid-a', 'cid-b'])
    // Tab a closes (its teardown would withdraw the message, so it comes after) and opens again.
    a.close()
    const again = open('a2')
    await expect.poll(() => again.socket.outbox.unsent).toBe(1)
    await flush()
    expect(again.socket.outbox.get('cid-a')).toBeDefined()
    expect(again.socket.outbox.get('cid-b')).toBeUndefined()
    sendingA.unsubscribe()
    sendingB.unsubscribe()
    expect(again.socket.outbox.discard('cid-a')).toBe(true)
    b.socket.outbox.discard('cid-b')
  })
})
