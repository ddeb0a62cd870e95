import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  connectAgentSocket,
  conversationMessages,
  type PersistedOutboxEntry,
  persistentOutbox,
  sendMessage,
} from '../src'
import { capture, type Harness, startHarness, until } from './emulator'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('outbox: what the message stream loaded is what a later check starts from', () => {
  it('a send in a loaded conversation records its newest server epoch, so a reopened tab checks from there', async () => {
    harness = await startHarness()
    const { emulator, client } = harness
    const uuid = emulator.customers.arrive({ queue: 'support', question: 'Hi' }).conversationUuid
    await client.joinConversation(uuid)
    for (let i = 0; i < 5; i++) emulator.customers.say(uuid, `message ${i}`)
    const saved: (readonly PersistedOutboxEntry[])[] = []
    const socket = connectAgentSocket(client, {
      WebSocketCtor: WebSocket,
      lingerMs: 0,
      outboxStorage: persistentOutbox({ load: () => [], save: (entries) => void saved.push(entries) }),
    })
    // No socket frame about these messages reaches the outbox: only the REST load knows them.
    const messages = capture(conversationMessages(client, uuid, { socket }))
    await until(() => messages.latest?.list.size === 6, 'the six messages')
    const newest = messages.latest!.list.last!.message_epoch!

    const send = sendMessage(socket, uuid, { body: 'hello', client_message_id: 'cid-known' }).subscribe()
    await until(
      () => saved.some((entries) => entries.some((e) => e.message.client_message_id === 'cid-known')),
      'the saved entry',
    )
    const entry = saved
      .flat()
      .find((e) => e.message.client_message_id === 'cid-known') as PersistedOutboxEntry
    expect(entry.afterEpoch).toBe(newest)
    send.unsubscribe()
    messages.unsubscribe()
  })

  it('a reconnect with a send written into the dying socket: the catch-up and the delivery check are one request', async () => {
    const log: string[] = []
    harness = await startHarness({ log: (line: string) => void log.push(line) })
    const { emulator, client, socket } = harness
    const uuid = emulator.customers.arrive({ queue: 'support', question: 'Hi' }).conversationUuid
    await client.joinConversation(uuid)
    const messages = capture(conversationMessages(client, uuid, { socket }))
    await until(() => socket.state.status === 'open' && messages.latest?.freshness === 'live', 'live')
    const loads = () => log.filter((line) => line.includes(`/conversations/${uuid}/messages/`)).length
    // The first open's catch-up (the socket opened while the first load ran) settles first.
    await until(() => loads() >= 2 && client.stats.inFlight === 0 && client.stats.queued === 0, 'idle')
    const before = loads()
    // The server drops the socket; the client writes before it notices, so the write may or may not have arrived.
    emulator.sockets.dropAll()
    const sent = capture(sendMessage(socket, uuid, { body: 'across', client_message_id: 'cid-across' }))
    await until(() => sent.latest?.status === 'sent', 'sent', 10_000)
    expect(emulator.state.messages(uuid).filter((m) => m.client_message_id === 'cid-across')).toHaveLength(1)
    // One page after the reconnect answered both the stream's catch-up and the outbox's "did it arrive".
    expect(loads() - before).toBe(1)
    sent.unsubscribe()
    messages.unsubscribe()
  })
})
