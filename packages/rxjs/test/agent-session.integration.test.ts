import { newClientMessageId } from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import { type AgentSession, createAgentSession } from '../src'
import { capture, type Harness, startHarness, until } from './emulator'

let harness: Harness | undefined
let session: AgentSession | undefined
afterEach(async () => {
  session?.close()
  session = undefined
  await harness?.close()
  harness = undefined
})

describe('createAgentSession (emulator over 127.0.0.1)', () => {
  it('runs each collection once per key, replays it to late subscribers, and releases the socket when the last leaves', async () => {
    harness = await startHarness()
    const { emulator, client, socket } = harness
    session = createAgentSession(socket)
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'Hello?' })
    await client.joinConversation(conversationUuid)
    const a = capture(session.messages(conversationUuid))
    await until(() => a.latest?.list.size && socket.state.status === 'open', 'first subscriber loaded')
    expect(session.messages(conversationUuid)).toBe(session.messages(conversationUuid))
    const b = capture(session.messages(conversationUuid))
    // The late subscriber gets the latest state at once, from the same running stream.
    expect(b.values).toHaveLength(1)
    expect(b.latest!.list).toBe(a.latest!.list)
    emulator.customers.say(conversationUuid, 'Still there?')
    await until(() => a.latest!.list.toArray().some((m) => m.body === 'Still there?'), 'live message')
    expect(b.latest!.list).toBe(a.latest!.list)
    a.unsubscribe()
    b.unsubscribe()
    await until(() => emulator.sockets.count === 0, 'socket released after the last subscriber')
  })

  it('close() ends every collection and later calls start nothing', async () => {
    harness = await startHarness()
    const { emulator, socket } = harness
    session = createAgentSession(socket)
    const completed: string[] = []
    const list = session.conversations().subscribe({ complete: () => completed.push('list') })
    const queues = session.queueStatuses().subscribe({ complete: () => completed.push('queues') })
    const health = session.health$.subscribe({ complete: () => completed.push('health') })
    await until(() => socket.state.status === 'open', 'socket open')
    session.close()
    expect(completed.sort()).toEqual(['health', 'list', 'queues'])
    expect(list.closed && queues.closed && health.closed).toBe(true)
    expect(session.closed).toBe(true)
    await until(() => emulator.sockets.count === 0, 'socket closed with the session')
    const after = capture(session.messages('any'))
    expect(after.values).toEqual([])
    expect(after.subscriptionClosed).toBe(true)
  })

  it('own reads: markRead shows the conversation read in the session list at once (the server tells the reader nothing)', async () => {
    harness = await startHarness()
    const { emulator, client, socket } = harness
    session = createAgentSession(socket)
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'Any news?' })
    await client.joinConversation(conversationUuid)
    emulator.customers.say(conversationUuid, 'Order 1234')
    const list = capture(session.conversations())
    const row = () => list.latest?.conversations.find((c) => c.conversation_uuid === conversationUuid)
    await until(() => row()?.unread_messages === true && socket.state.status === 'open', 'unread row')
    const messages = await client.getConversationMessages(conversationUuid, 0)
    const newest = messages.conversation_messages!.at(-1)!
    await session.markRead(conversationUuid, newest)
    await until(() => row()?.unread_messages === false, 'read at once')
    // A later customer message makes it unread again: the own read covers only what was read.
    emulator.customers.say(conversationUuid, 'Hello again')
    await until(() => row()?.unread_messages === true, 'unread after a newer message')
    list.unsubscribe()
  })

  it('sends through the session outbox: pending at once, then sent, once', async () => {
    harness = await startHarness()
    const { emulator, client, socket } = harness
    session = createAgentSession(socket)
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await client.joinConversation(conversationUuid)
    const messages = capture(session.messages(conversationUuid))
    await until(() => messages.latest && socket.state.status === 'open', 'loaded')
    const clientMessageId = newClientMessageId()
    const sent = capture(
      session.send(conversationUuid, { body: 'On it', client_message_id: clientMessageId }),
    )
    await until(() => sent.values.some((s) => s.status === 'sent'), 'sent')
    expect(session.outbox?.get(clientMessageId)).toBeUndefined()
    const server = emulator.state.messages(conversationUuid).filter((m) => m.body === 'On it')
    expect(server).toHaveLength(1)
    sent.unsubscribe()
    messages.unsubscribe()
  })
})
