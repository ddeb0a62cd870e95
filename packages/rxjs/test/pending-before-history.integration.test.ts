import { afterEach, describe, expect, it } from 'vitest'
import { conversationMessages, sendMessage } from '../src'
import { capture, type Harness, startHarness, until } from './emulator'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('own sends before the history has loaded (issue 18 point 8)', () => {
  it('a message sent while the history cannot load shows at once as pending, then with the history once it loads', async () => {
    harness = await startHarness({}, {}, { retry: false })
    const { emulator, client, socket } = harness
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'Where is it?' })
    await client.joinConversation(conversationUuid)
    emulator.faults.set({ errorRate: { getConversationMessages: 1 }, errorStatus: 503 })
    const messages = capture(
      conversationMessages(client, conversationUuid, { socket, retry: { baseDelayMs: 50, maxDelayMs: 100 } }),
    )
    await until(() => socket.state.status === 'open', 'socket open')
    await new Promise((r) => setTimeout(r, 100))
    expect(messages.values).toEqual([])
    const sent = capture(sendMessage(socket, conversationUuid, { body: 'Checking now' }))
    // At once, before any history: the agent sees what they wrote.
    expect(messages.latest?.loaded).toBe(false)
    expect(messages.latest?.list.toArray().map((m) => m.body)).toEqual(['Checking now'])
    await until(
      () => sent.values.some((s) => s.status === 'sent'),
      `sent over the socket: ${JSON.stringify(sent.values.map((s) => s.status))} ${sent.errors}`,
      10_000,
    )
    emulator.faults.clear()
    await until(() => messages.latest?.loaded, 'history loaded', 10_000)
    const bodies = messages.latest!.list.toArray().map((m) => m.body)
    expect(bodies).toEqual(emulator.state.messages(conversationUuid).map((m) => m.body))
    expect(bodies.filter((b) => b === 'Checking now')).toHaveLength(1)
    sent.unsubscribe()
    messages.unsubscribe()
  }, 20_000)
})
