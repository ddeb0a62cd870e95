import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { connectAgentSocket, conversationMessages, type PersistedOutboxEntry, sendMessage } from '../src'
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
      outboxStorage: { load: () => [], save: (entries) => void saved.push(entries) },
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
})
