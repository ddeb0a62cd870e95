import { QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import { type ConversationMessage, createConversationClient } from '@uc-conversation/core'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { ConversationProvider, useConversation, useConversations, useMarkRead } from '../src'
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

  it("a customer's message that reaches the server after a REST mark ran keeps its marker when the answer comes", async () => {
    // No socket: the mark goes over REST (`markReadConversation` marks what the server has when it runs). Its
    // answer is held after the emulator ran it, while the customer writes again and the detail, read again
    // (a client allowing two requests at once), hears of it.
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let ran = false
    h = createHarness({ socket: false })
    const emulator = h.emulator
    const client = createConversationClient({
      ...emulator.clientOptions(),
      concurrency: 2,
      fetch: async (input, init) => {
        const response = await emulator.fetch(input, init)
        if (init?.method === 'PUT' && String(input).endsWith('/markread')) {
          ran = true
          await held
        }
        return response
      },
    })
    const wrapper = ({ children }: { children?: ReactNode }) => (
      <QueryClientProvider client={h.queryClient}>
        <ConversationProvider client={client}>{children}</ConversationProvider>
      </QueryClientProvider>
    )
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    emulator.clock.step(1000)
    emulator.customers.say(conversationUuid, 'first')
    const first = (await h.client.getConversation(conversationUuid))!.conversation!.messages!.at(-1)!

    const { result, rerender } = renderHook(
      ({ message }: { message: ConversationMessage | undefined }) => {
        useMarkRead(conversationUuid, message)
        return useConversation(conversationUuid)
      },
      { wrapper, initialProps: { message: undefined as ConversationMessage | undefined } },
    )
    await waitFor(() => expect(result.current.data?.unread_messages).toBe(true))
    rerender({ message: first })
    await waitFor(() => expect(ran).toBe(true))
    emulator.clock.step(1000)
    emulator.customers.say(conversationUuid, 'second')
    const second = emulator.state.messages(conversationUuid).at(-1)!
    await act(() => result.current.refetch())
    await waitFor(() => expect(result.current.data?.last_message_dts).toBe(second.message_dts))
    expect(result.current.data?.unread_messages).toBe(true)

    // The server: the second message is unread for the agent.
    expect((await h.client.getConversation(conversationUuid))?.conversation?.unread_messages).toBe(true)
    release()
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)))
    expect(result.current.data?.unread_messages).toBe(true)
  })
})
