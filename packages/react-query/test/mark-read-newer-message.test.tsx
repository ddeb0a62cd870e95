import { renderHook, waitFor } from '@testing-library/react'
import type { ConversationMessage } from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import { useConversation, useConversations, useMarkRead } from '../src'
import { createHarness, type Harness } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('useMarkRead of an older message than the row knows', () => {
  it("a customer's newer message keeps its unread marker when the read frame went out for the older one", async () => {
    // A real in-process socket: the mark goes out as a `read message` frame, which the server applies up to that
    // message only (packages/emulator/src/messaging.ts `markRead`).
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    h.emulator.clock.step(1000)
    h.emulator.customers.say(conversationUuid, 'first')
    const first = (await h.client.getConversation(conversationUuid))!.conversation!.messages!.at(-1)!
    expect(first.body).toBe('first')

    const { result, rerender } = renderHook(
      ({ message }: { message: ConversationMessage | undefined }) => {
        useMarkRead(conversationUuid, message)
        return { list: useConversations(), detail: useConversation(conversationUuid) }
      },
      { wrapper: h.wrapper, initialProps: { message: undefined as ConversationMessage | undefined } },
    )
    const row = () => result.current.list.conversations.find((c) => c.conversation_uuid === conversationUuid)
    await waitFor(() => expect(row()?.unread_messages).toBe(true))
    await waitFor(() => expect(result.current.detail.isSuccess).toBe(true))
    await waitFor(() => expect(h.socket?.state.status).toBe('open'))

    // The customer writes again; the row hears of it (a `new message` event) before the agent's view marks the
    // message it shows, the first one.
    h.emulator.clock.step(1000)
    h.emulator.customers.say(conversationUuid, 'second')
    const second = h.emulator.state.messages(conversationUuid).at(-1)!
    await waitFor(() => expect(row()?.last_message_dts).toBe(second.message_dts))
    await waitFor(() => expect(result.current.detail.data?.last_message_dts).toBe(second.message_dts))

    rerender({ message: first })
    // The server took the mark: the first message is read by the agent, the second is not.
    const readByAgent = (uuid: string | undefined) =>
      h.emulator.state
        .messages(conversationUuid)
        .find((m) => m.conversation_message_uuid === uuid)
        ?.transport_statuses?.some((s) => s.status === 'read')
    await waitFor(() => expect(readByAgent(first.conversation_message_uuid)).toBe(true))
    expect(readByAgent(second.conversation_message_uuid)).not.toBe(true)
    const server = (await h.client.getConversations({}))!.conversations!.find(
      (c) => c.conversation_uuid === conversationUuid,
    )
    expect(server?.unread_messages).toBe(true)

    // Let the mark's promise settle and the cache write land: the row and the detail still say unread.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(row()?.unread_messages).toBe(true)
    expect(result.current.detail.data?.unread_messages).toBe(true)
    // Reading the second message clears it.
    rerender({ message: second })
    await waitFor(() => expect(row()?.unread_messages).toBe(false))
    expect(result.current.detail.data?.unread_messages).toBe(false)
  })
})
