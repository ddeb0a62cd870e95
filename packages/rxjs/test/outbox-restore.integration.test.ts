import { type ConversationClient, createConversationClient } from '@uc-conversation/core'
import type { Subscription } from 'rxjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import {
  connectAgentSocket,
  type OutboxStorage,
  sendMessage,
  type WebSocketCtorLike,
  webStorageOutbox,
} from '../src'
import { type Harness, startHarness, until } from './emulator'
import { lossyWebSocket } from './outbox-lossy-ws'

/** One origin's localStorage: what a closed tab leaves for the next one. */
class MemoryStorage {
  readonly items = new Map<string, string>()
  getItem = (key: string) => this.items.get(key) ?? null
  setItem = (key: string, value: string) => void this.items.set(key, value)
  removeItem = (key: string) => void this.items.delete(key)
  /** The storage as it is when the tab closes (later writes by the dying tab's teardown do not count). */
  snapshot() {
    const copy = new MemoryStorage()
    for (const [k, v] of this.items) copy.items.set(k, v)
    return copy
  }
}

/** A "tab": a socket whose outbox keeps its unsent messages in `storage`. */
function openTab(
  client: ConversationClient,
  storage: OutboxStorage,
  WebSocketCtor: WebSocketCtorLike = WebSocket,
) {
  const socket = connectAgentSocket(client, { WebSocketCtor, lingerMs: 0, outboxStorage: storage })
  return { socket, outbox: socket.outbox }
}

let harness: Harness | undefined
const subscriptions: Subscription[] = []
afterEach(async () => {
  for (const s of subscriptions.splice(0)) s.unsubscribe()
  await harness?.close()
  harness = undefined
})

describe('outbox: unsent messages survive a closed tab', () => {
  it('sent offline, tab closed, reopened later with the network back: exactly one copy, same client_message_id', async () => {
    harness = await startHarness()
    const { emulator, server, client } = harness
    const uuid = emulator.customers.arrive({ queue: 'support', question: 'Hi' }).conversationUuid
    await client.joinConversation(uuid)
    const copies = () => emulator.state.messages(uuid).filter((m) => m.client_message_id === 'cid-offline')

    // Tab 1, offline: every request fails at the network.
    const offline = createConversationClient({
      ...emulator.clientOptions({ server }),
      fetch: async () => {
        throw new TypeError('fetch failed')
      },
    })
    const storage = new MemoryStorage()
    const tab1 = openTab(offline, webStorageOutbox(storage))
    const counts: number[] = []
    subscriptions.push(tab1.outbox.unsent$.subscribe((n) => counts.push(n)))
    subscriptions.push(
      sendMessage(tab1.socket, uuid, { body: 'Written offline', client_message_id: 'cid-offline' }).subscribe(
        {
          error: () => {},
        },
      ),
    )
    expect(tab1.outbox.unsent).toBe(1)
    expect(counts).toEqual([0, 1])
    expect(JSON.parse(storage.getItem('uc-conversation:outbox')!)).toMatchObject([
      { conversationUuid: uuid, message: { client_message_id: 'cid-offline', body: 'Written offline' } },
    ])
    const leftBehind = storage.snapshot()
    for (const s of subscriptions.splice(0)) s.unsubscribe()
    expect(copies()).toHaveLength(0)

    // Tab 2, online, same storage: restored as pending, delivered once, storage emptied.
    const tab2 = openTab(client, webStorageOutbox(leftBehind))
    expect(tab2.outbox.unsent).toBe(1)
    expect(tab2.outbox.of(uuid).map((e) => e.message.body)).toEqual(['Written offline'])
    await until(() => tab2.outbox.unsent === 0, 'delivery after the restart')
    expect(copies()).toHaveLength(1)
    expect(leftBehind.getItem('uc-conversation:outbox')).toBeNull()
  })

  it('a write that arrived before the tab closed (echo lost) is confirmed on reopening, not written again', async () => {
    harness = await startHarness()
    const { emulator, client } = harness
    const uuid = emulator.customers.arrive({ queue: 'support', question: 'Hi' }).conversationUuid
    await client.joinConversation(uuid)
    const copies = () => emulator.state.messages(uuid).filter((m) => m.client_message_id === 'cid-arrived')

    const lossy = lossyWebSocket()
    lossy.control.dropMessages = true
    const storage = new MemoryStorage()
    const tab1 = openTab(client, webStorageOutbox(storage), lossy.WebSocketCtor)
    subscriptions.push(
      sendMessage(tab1.socket, uuid, { body: 'Arrived', client_message_id: 'cid-arrived' }).subscribe({
        error: () => {},
      }),
    )
    await until(() => copies().length === 1, 'the write on the server')
    const leftBehind = storage.snapshot()
    expect(JSON.parse(leftBehind.getItem('uc-conversation:outbox')!)).toMatchObject([{ transmitted: true }])
    for (const s of subscriptions.splice(0)) s.unsubscribe()

    const tab2 = openTab(client, webStorageOutbox(leftBehind))
    const write = vi.spyOn(tab2.socket, 'send')
    await until(() => tab2.outbox.unsent === 0, 'confirmation after the restart')
    expect(write.mock.calls.filter(([frame]) => frame.includes('cid-arrived'))).toHaveLength(0)
    expect(copies()).toHaveLength(1)
    expect(leftBehind.getItem('uc-conversation:outbox')).toBeNull()
  })
})
