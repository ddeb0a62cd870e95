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

describe("the list's waiting customer (emulator over 127.0.0.1)", () => {
  it('an agent reply clears "customer waiting" in the live list, and a reload agrees', async () => {
    harness = await startHarness()
    const { emulator, client, socket } = harness
    session = createAgentSession(socket)
    const customer = emulator.customers.arrive({ queue: 'support', question: 'Where is my order?' })
    const uuid = customer.conversationUuid
    await client.joinConversation(uuid)
    const list = capture(session.conversations())
    const row = () => list.latest?.conversations.find((c) => c.conversation_uuid === uuid)
    await until(() => row() && list.latest?.freshness === 'live', 'the row, live')
    emulator.customers.say(uuid, 'Order 1234')
    await until(
      () => row()?.last_conversation_message_body === 'Order 1234',
      'the customer message in the list',
    )
    expect(row()?.customer_first_message_unresponded_to_dts).toBeTypeOf('string')

    const sent = capture(session.send(uuid, { body: 'Let me check.' }))
    await until(() => row()?.last_conversation_message_body === 'Let me check.', 'the reply in the list')
    // What the server says of the conversation now: nobody waits.
    const server = (await client.getConversations())?.conversations?.find((c) => c.conversation_uuid === uuid)
    expect(server?.customer_first_message_unresponded_to_dts).toBeUndefined()
    expect(row()).not.toHaveProperty('customer_first_message_unresponded_to_dts')
    sent.unsubscribe()
    list.unsubscribe()
  })
})
