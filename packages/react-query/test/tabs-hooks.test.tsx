import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import { createConversationClient } from '@uc-conversation/core'
import { createEmulator } from '@uc-conversation/emulator'
import { type AgentSession, acrossTabs, connectAgentSocket, createAgentSession } from '@uc-conversation/rxjs'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import {
  ConversationProvider,
  useAgentSocket,
  useConversationMessages,
  useSendMessage,
  useTyping,
  useUnsentMessages,
  useWebchatContext,
} from '../src'

/**
 * Two tabs of one agent in one process, sharing a session (`share: acrossTabs(...)` over Node's real
 * BroadcastChannel and the lease election), each with its own client, provider and query cache, against the
 * emulator over 127.0.0.1. The hooks that used to reach for the socket run in the follower, which has none.
 */
describe('the hooks in a follower tab of a shared session', () => {
  it('socket state and agent, typing both ways, sending once, the unsent count and the live customer context work as in the leader; the follower makes no request of its own', async () => {
    const emulator = createEmulator({
      seed: 7,
      corsOrigins: [window.location.origin],
      customers: { autoReply: false },
    })
    const server = await emulator.listen({ port: 0 })
    const nodeFetch = globalThis.fetch
    const storage = new Map<string, string>()
    const requests: string[] = []
    const sessions: AgentSession[] = []
    const tab = (id: string) => {
      const client = createConversationClient({
        ...emulator.clientOptions({ server }),
        fetch: (input, init) => {
          requests.push(`${id} ${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`)
          return nodeFetch(input, init)
        },
      })
      const session = createAgentSession(
        () => connectAgentSocket(client, { ...emulator.socketOptions({ server }), lingerMs: 0 }),
        {
          share: acrossTabs({
            name: 'agent',
            id,
            locks: false,
            storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
            BroadcastChannel: globalThis.BroadcastChannel,
            page: false,
          }),
        },
      )
      sessions.push(session)
      const queryClient = new QueryClient()
      const wrapper = ({ children }: { children?: ReactNode }) => (
        <QueryClientProvider client={queryClient}>
          <ConversationProvider session={session}>{children}</ConversationProvider>
        </QueryClientProvider>
      )
      return { session, wrapper, queryClient }
    }
    try {
      const a = tab('a')
      await waitFor(() => expect(a.session.socket).toBeDefined(), { timeout: 5000 })
      const b = tab('b')
      const { conversationUuid: uuid } = emulator.customers.arrive({
        queue: 'support',
        question: 'Two tabs?',
      })
      await a.session.client.joinConversation(uuid)
      const { result, unmount } = renderHook(
        () => ({
          socket: useAgentSocket(),
          messages: useConversationMessages(uuid),
          send: useSendMessage(uuid),
          typing: useTyping(uuid),
          unsent: useUnsentMessages(),
          context: useWebchatContext(uuid),
        }),
        { wrapper: b.wrapper },
      )
      await waitFor(() => expect(result.current.socket.state.status).toBe('open'), { timeout: 5000 })
      expect(result.current.socket.socket).toBeUndefined()
      expect(result.current.socket.agent?.conversation_participant_arn).toBe(
        a.session.agent?.conversation_participant_arn,
      )
      await waitFor(() => expect(result.current.messages.messages.map((m) => m.body)).toContain('Two tabs?'))

      act(() => emulator.customers.typing(uuid, 'one more thi'))
      await waitFor(() => expect(result.current.typing.typists[0]?.value).toBe('one more thi'))
      act(() => result.current.typing.setTyping('Checking'))
      await waitFor(() =>
        expect(
          emulator.customers
            .frames(uuid)
            .some(
              (f) =>
                f.type === 'event' &&
                f.event_type === 'typing' &&
                (f as { event_typing?: { value?: string } }).event_typing?.value === 'Checking',
            ),
        ).toBe(true),
      )

      // Refused in the follower before anything is queued, as in the leader.
      expect(() => result.current.send.send('x'.repeat(20_001))).toThrow(/body/)
      let id = ''
      act(() => {
        id = result.current.send.send('From the second tab')
      })
      await waitFor(() => {
        const mine = result.current.messages.messages.find((m) => m.client_message_id === id)
        expect(mine && result.current.messages.statusOf(mine)).toBe('sent')
      })
      await waitFor(() => expect(result.current.unsent).toBe(0))
      expect(emulator.state.messages(uuid).filter((m) => m.body === 'From the second tab')).toHaveLength(1)

      act(() => emulator.customers.addToCart(uuid, 'MUG', 2))
      await waitFor(() => expect(JSON.stringify(result.current.context.data?.context)).toContain('MUG'), {
        timeout: 5000,
      })
      expect(requests.filter((r) => r.startsWith('b '))).toEqual([])
      unmount()
    } finally {
      for (const s of sessions) s.close()
      await server.close()
      await emulator.close()
    }
  }, 30_000)
})
