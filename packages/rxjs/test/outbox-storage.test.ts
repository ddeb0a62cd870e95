import { ConversationTimeoutError, ConversationValidationError } from '@uc-conversation/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  connectAgentSocket,
  DEFAULT_OUTBOX,
  discardMessage,
  type OutboxStorage,
  type PersistedOutboxEntry,
  persistentOutbox,
  sendMessage,
  webStorageOutbox,
} from '../src'
import { fakeServer, fakeSockets, flush } from './fakes'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const C = 'conv-1'

class MemoryStorage {
  readonly items = new Map<string, string>()
  getItem = (key: string) => this.items.get(key) ?? null
  setItem = (key: string, value: string) => void this.items.set(key, value)
  removeItem = (key: string) => void this.items.delete(key)
}

const setup = (storage: OutboxStorage) => {
  const server = fakeServer()
  const fakes = fakeSockets()
  const socket = connectAgentSocket(server.client, {
    WebSocketCtor: fakes.WebSocketCtor,
    lingerMs: 0,
    random: () => 0,
    heartbeatIntervalMs: 3_600_000,
    outboxStorage: storage,
  })
  return { server, fakes, socket }
}

const stored = (storage: MemoryStorage): PersistedOutboxEntry[] =>
  JSON.parse(storage.getItem(DEFAULT_OUTBOX.storageKey) ?? '[]')

describe('webStorageOutbox', () => {
  it('round-trips entries, clears with an empty list, and loads nothing from a foreign or broken value', () => {
    const storage = new MemoryStorage()
    const outbox = webStorageOutbox(storage)
    const entry = { conversationUuid: C, message: { body: 'hi', client_message_id: 'a' }, transmitted: false }
    outbox.save([entry])
    expect(outbox.load()).toEqual([entry])
    outbox.save([])
    expect(storage.items.size).toBe(0)
    storage.setItem(DEFAULT_OUTBOX.storageKey, '{not json')
    expect(outbox.load()).toEqual([])
    storage.setItem(DEFAULT_OUTBOX.storageKey, JSON.stringify([{ foo: 1 }, entry]))
    expect(outbox.load()).toEqual([entry])
    const full = webStorageOutbox({
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
      removeItem: () => {},
    })
    expect(() => full.save([entry])).not.toThrow()
  })
})

describe('outbox with a storage', () => {
  it('keeps a timed-out message stored and counted as unsent until discarded', async () => {
    const storage = new MemoryStorage()
    const { socket } = setup(webStorageOutbox(storage))
    const counts: number[] = []
    const sub = socket.outbox.unsent$.subscribe((n) => counts.push(n))
    const errors: unknown[] = []
    sendMessage(socket, C, { body: 'later', client_message_id: 'cid-1' }, { timeoutMs: 1000 }).subscribe({
      error: (e) => errors.push(e),
    })
    expect(stored(storage)).toMatchObject([{ conversationUuid: C, message: { client_message_id: 'cid-1' } }])
    await vi.advanceTimersByTimeAsync(1000)
    expect(errors[0]).toBeInstanceOf(ConversationTimeoutError)
    expect(socket.outbox.unsent).toBe(1)
    expect(stored(storage)).toHaveLength(1)
    expect(discardMessage(socket, 'cid-1')).toBe(true)
    expect(socket.outbox.unsent).toBe(0)
    expect(storage.items.size).toBe(0)
    expect(counts).toEqual([0, 1, 0])
    sub.unsubscribe()
  })

  it('a 1009 close fails the message written on that connection, typed; it is neither stored nor written again', async () => {
    const storage = new MemoryStorage()
    const { fakes, socket } = setup(webStorageOutbox(storage))
    const errors: unknown[] = []
    sendMessage(socket, C, { body: 'y'.repeat(5000), client_message_id: 'big' }).subscribe({
      error: (e) => errors.push(e),
    })
    await flush()
    fakes.last.open()
    await flush()
    expect(fakes.last.sentFrames()).toHaveLength(1)
    fakes.last.serverClose(1009, 'message too big')
    await flush()
    expect(errors[0]).toBeInstanceOf(ConversationValidationError)
    expect((errors[0] as ConversationValidationError).field).toBe('body')
    expect(storage.items.size).toBe(0)
    expect(socket.outbox.unsent).toBe(1)
    // The outbox lets the socket go (nothing pending): no reconnect loop rewriting the frame.
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fakes.sockets).toHaveLength(1)
  })

  it('an asynchronous storage: nothing is saved before the load ends, and restored entries join those queued meanwhile', async () => {
    let resolveLoad: (entries: PersistedOutboxEntry[]) => void = () => {}
    const saves: (readonly PersistedOutboxEntry[])[] = []
    const storage = persistentOutbox({
      load: () => new Promise((resolve) => (resolveLoad = resolve)),
      save: async (entries) => void saves.push(entries),
    })
    const { socket } = setup(storage)
    sendMessage(socket, C, { body: 'new', client_message_id: 'new' }).subscribe({ error: () => {} })
    expect(saves).toEqual([])
    resolveLoad([
      { conversationUuid: C, message: { body: 'old', client_message_id: 'old' }, transmitted: true },
    ])
    await flush()
    expect(socket.outbox.unsent).toBe(2)
    expect(
      saves
        .at(-1)
        ?.map((e) => e.message.client_message_id)
        .sort(),
    ).toEqual(['new', 'old'])
  })
})

describe('persistentOutbox: a storage of your own', () => {
  it('a bare { load, save } is refused at connectAgentSocket with a validation error naming outboxStorage, before any connection', () => {
    const server = fakeServer()
    const fakes = fakeSockets()
    const bare: OutboxStorage = { load: () => [], save: () => {} }
    let error: unknown
    try {
      connectAgentSocket(server.client, { WebSocketCtor: fakes.WebSocketCtor, outboxStorage: bare })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConversationValidationError)
    expect((error as ConversationValidationError).field).toBe('outboxStorage')
    expect((error as ConversationValidationError).message).toMatch(/persistentOutbox\(/)
    expect(fakes.sockets).toHaveLength(0)
  })

  it('wrapped, a class-based storage keeps its `this`: it restores what load and later give, and saves every change', async () => {
    const left = (id: string): PersistedOutboxEntry => ({
      conversationUuid: C,
      message: { body: id, client_message_id: id },
      transmitted: true,
    })
    class Mine {
      saves: (readonly PersistedOutboxEntry[])[] = []
      #adopt: ((entries: readonly PersistedOutboxEntry[]) => void) | undefined
      load() {
        return [left('loaded')]
      }
      save(entries: readonly PersistedOutboxEntry[]) {
        this.saves.push(entries)
      }
      later(adopt: (entries: readonly PersistedOutboxEntry[]) => void) {
        this.#adopt = adopt
      }
      closingTabLeft(entries: readonly PersistedOutboxEntry[]) {
        this.#adopt?.(entries)
      }
    }
    const mine = new Mine()
    const wrapped = persistentOutbox(mine)
    const { socket } = setup(wrapped)
    expect(socket.outbox.unsent).toBe(1)
    mine.closingTabLeft([left('adopted')])
    expect(socket.outbox.unsent).toBe(2)
    expect(mine.saves.at(-1)?.map((e) => e.message.client_message_id)).toEqual(['loaded', 'adopted'])
    // Wrapping a storage that already persists (an adapter's, or a wrapped one) returns it as is.
    expect(persistentOutbox(wrapped)).toBe(wrapped)
    const web = webStorageOutbox(new MemoryStorage())
    expect(persistentOutbox(web)).toBe(web)
    await flush()
  })
})

describe('restored author', () => {
  it('a restored entry shows the stored author until the socket knows the agent, and saves it again as stored', () => {
    const storage = new MemoryStorage()
    const author = { conversation_participant_arn: 'arn:agent', conversation_participant_name: 'Ann' }
    const saved = {
      conversationUuid: C,
      message: { body: 'hi', client_message_id: 'x' },
      transmitted: true,
      queuedAt: '2026-01-01T00:00:00.000Z',
      author,
    }
    storage.setItem(DEFAULT_OUTBOX.storageKey, JSON.stringify([saved]))
    const { socket } = setup(webStorageOutbox(storage))
    expect(socket.agent).toBeUndefined()
    expect(socket.outbox.get('x')?.message).toMatchObject({
      author_conversation_participant_arn: 'arn:agent',
      author_conversation_participant_name: 'Ann',
      message_dts: saved.queuedAt,
    })
    expect(stored(storage)).toEqual([{ ...saved, afterEpoch: 0 }])
  })
})
