import { firstValueFrom, Subject } from 'rxjs'
import { filter } from 'rxjs/operators'
import { afterEach, describe, expect, it } from 'vitest'
import {
  agentKeepAlive,
  connectionHealth,
  conversationList,
  conversationMessages,
  deliveryStatus,
  queueStatuses,
  sendMessage,
  sendTyping,
  typing,
  uploadAttachment,
} from '../src'
import { capture, type Harness, startHarness, until } from './emulator'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const bodies = (state: { list: { toArray(): readonly { body?: string }[] } } | undefined) =>
  state?.list.toArray().map((m) => m.body) ?? []

describe('against the emulator over a real websocket', () => {
  it('live messages, own sends, reconnects and JWT expiry: everything once, in order', async () => {
    harness = await startHarness()
    const { emulator, client, socket } = harness
    const customer = emulator.customers.arrive({ queue: 'support', question: 'Where is my order?' })
    const uuid = customer.conversationUuid
    await client.joinConversation(uuid)
    const health = capture(connectionHealth(socket))
    const messages = capture(conversationMessages(client, uuid, { socket }))
    await until(() => messages.latest?.freshness === 'live', 'live')
    expect(bodies(messages.latest)).toEqual(['Where is my order?'])

    emulator.customers.say(uuid, 'Order 10482')
    await until(() => bodies(messages.latest).includes('Order 10482'), 'a live customer message')
    expect(messages.latest!.source).toBe('socket')

    const sent = await firstValueFrom(
      sendMessage(socket, uuid, { body: 'Let me check.' }).pipe(filter((s) => s.status === 'sent')),
    )
    expect(sent.message.conversation_message_uuid).toBeTruthy()
    await until(() => bodies(messages.latest).includes('Let me check.'), 'own message')
    const own = messages.latest!.list.getByClientMessageId(sent.clientMessageId)!
    expect(deliveryStatus(own, messages.latest!.failed)).toMatch(/sent|read/)

    // Dropped: what the customer says meanwhile arrives through the catch-up.
    emulator.sockets.dropAll()
    emulator.customers.say(uuid, 'Are you there?')
    emulator.customers.say(uuid, 'Hello?')
    await until(() => bodies(messages.latest).includes('Hello?'), 'catch-up after a drop')
    expect(health.values.map((h) => h.status)).toContain('reconnecting')

    // JWT expiry: 4001, a fresh JWT, on we go.
    emulator.sockets.expireJwts()
    emulator.customers.say(uuid, 'Still waiting')
    await until(() => bodies(messages.latest).includes('Still waiting'), 'catch-up after JWT expiry')
    await until(() => socket.state.status === 'open', 'reopened')

    const server = emulator.state.messages(uuid).map((m) => m.body)
    expect(bodies(messages.latest)).toEqual(server)
    expect(messages.errors).toEqual([])
    messages.unsubscribe()
    health.unsubscribe()
    await until(() => emulator.sockets.count === 0, 'socket closed after the last subscriber')
  })

  it('queue statuses, conversation list and typing stay live', async () => {
    harness = await startHarness()
    const { emulator, client, socket } = harness
    const queues = capture(queueStatuses(client, { socket }))
    const list = capture(conversationList(client, { socket }))
    await until(() => queues.latest && list.latest && socket.state.status === 'open', 'initial loads')
    const waiting = () =>
      queues.latest?.statuses.find((q) => q.queue_name === 'sales')?.customer_waiting_count ?? 0
    const before = waiting()
    const a = emulator.customers.arrive({ queue: 'sales', question: 'Discounts?' })
    await until(() => waiting() === before + 1, 'queue status update')
    await until(
      () => list.latest?.conversations[0]?.conversation_uuid === a.conversationUuid,
      'new conversation on top',
    )

    const b = emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await until(() => list.latest?.conversations[0]?.conversation_uuid === b.conversationUuid, 'b on top')
    await client.joinConversation(a.conversationUuid)
    const typists = capture(typing(socket, a.conversationUuid))
    emulator.customers.say(a.conversationUuid, 'Anyone?')
    await until(
      () => list.latest?.conversations[0]?.conversation_uuid === a.conversationUuid,
      'a back on top',
    )
    expect(list.latest!.conversations[0]!.unread_messages).toBe(true)

    emulator.customers.typing(a.conversationUuid, 'I would like')
    await until(() => typists.latest?.[0]?.value === 'I would like', 'typing shown')
    emulator.customers.typing(a.conversationUuid, '')
    await until(() => typists.latest?.length === 0, 'typing cleared')

    // The agent's own typing reaches the customer, throttled.
    const composer = new Subject<string>()
    const sentTyping = capture(sendTyping(socket, a.conversationUuid, composer, { throttleMs: 50 }))
    composer.next('On it')
    await until(
      () =>
        emulator.customers
          .frames(a.conversationUuid)
          .some((f) => f.type === 'event' && f.event_type === 'typing'),
      'customer sees typing',
    )
    expect(sentTyping.values).toEqual(['On it'])
    for (const c of [queues, list, typists, sentTyping]) c.unsubscribe()
    expect(queues.errors).toEqual([])
  })

  it('keepalive, uploads with upload_keys, and a silent socket replaced by the heartbeat', async () => {
    harness = await startHarness({}, { heartbeatIntervalMs: 200, heartbeatTimeoutMs: 200 })
    const { emulator, client, socket } = harness
    const alive = capture(agentKeepAlive(client))
    await until(() => alive.latest?.status === 'alive', 'keepalive')

    const upload = capture(
      uploadAttachment(client, new Blob([new Uint8Array(2048)], { type: 'image/png' }), { extension: 'png' }),
    )
    const done = await until(() => upload.values.find((s) => s.status === 'done'), 'upload')
    expect(upload.values[0]).toMatchObject({ status: 'uploading', loaded: 0 })

    const customer = emulator.customers.arrive({ queue: 'support' })
    await client.joinConversation(customer.conversationUuid)
    const messages = capture(conversationMessages(client, customer.conversationUuid, { socket }))
    await until(() => messages.latest?.freshness === 'live', 'live')
    const sent = await firstValueFrom(
      sendMessage(socket, customer.conversationUuid, {
        body: 'Here is the label',
        upload_keys: [done.status === 'done' ? done.key : ''],
      }).pipe(filter((s) => s.status === 'sent')),
    )
    expect(sent.message.media_urls?.length ?? sent.message.upload_keys?.length).toBe(1)

    const firstConnection = (socket.state as { connection: number }).connection
    emulator.faults.set({ silentSockets: true })
    await until(() => socket.state.status === 'reconnecting', 'heartbeat notices the silence', 3000)
    emulator.faults.clear()
    await until(
      () => socket.state.status === 'open' && socket.state.connection > firstConnection,
      'a new socket after the silent one',
      5000,
    )
    emulator.customers.say(customer.conversationUuid, 'Got it')
    await until(() => bodies(messages.latest).includes('Got it'), 'live again')
    for (const c of [alive, upload, messages]) c.unsubscribe()
  })
})
