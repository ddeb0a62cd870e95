import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import { createConversationClient } from '@uc-conversation/core'
import { createEmulator } from '@uc-conversation/emulator'
import { connectAgentSocket } from '@uc-conversation/rxjs'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { ConversationProvider, useConversationMessages, useConversations, useSendMessage } from '../src'

describe('over real HTTP and a real websocket on 127.0.0.1', () => {
  it('messages, list and sends are live', async () => {
    // happy-dom's fetch enforces CORS like a browser: allow its origin.
    const emulator = createEmulator({ clock: 'manual', seed: 5, corsOrigins: [window.location.origin] })
    const server = await emulator.listen({ port: 0 })
    let lists = 0
    const nodeFetch = globalThis.fetch
    const client = createConversationClient({
      ...emulator.clientOptions({ server }),
      fetch: (input, init) => {
        if (/\/conversation\/conversations$/.test(String(input)) && (init?.method ?? 'GET') === 'GET') lists++
        return nodeFetch(input, init)
      },
    })
    const socket = connectAgentSocket(client, { ...emulator.socketOptions({ server }), lingerMs: 0 })
    const queryClient = new QueryClient()
    const wrapper = ({ children }: { children?: ReactNode }) => (
      <QueryClientProvider client={queryClient}>
        <ConversationProvider client={client} socket={socket}>
          {children}
        </ConversationProvider>
      </QueryClientProvider>
    )
    const { conversationUuid } = emulator.customers.arrive({ question: 'Over the wire?' })
    await client.joinConversation(conversationUuid)
    const { result, unmount } = renderHook(
      () => ({
        list: useConversations(),
        messages: useConversationMessages(conversationUuid),
        send: useSendMessage(conversationUuid),
      }),
      { wrapper },
    )
    await waitFor(() => expect(result.current.messages.freshness).toBe('live'), { timeout: 5000 })
    await waitFor(() => expect(result.current.list.freshness).toBe('live'))
    const listsBefore = lists
    act(() => {
      emulator.customers.say(conversationUuid, 'Hello over ws')
    })
    await waitFor(() => expect(result.current.messages.messages.at(-1)?.body).toBe('Hello over ws'))
    await waitFor(() => expect(result.current.list.conversations[0]?.unread_messages).toBe(true))
    let id = ''
    act(() => {
      id = result.current.send.send('Reply over ws')
    })
    await waitFor(() =>
      expect(
        result.current.messages.statusOf(
          result.current.messages.messages.find((m) => m.client_message_id === id)!,
        ),
      ).toBe('sent'),
    )
    expect(lists).toBe(listsBefore)
    unmount()
    queryClient.clear()
    await waitFor(() => expect(emulator.sockets.count).toBe(0))
    await server.close()
    await emulator.close()
  })
})
