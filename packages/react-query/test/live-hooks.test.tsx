import { act, renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  conversationKeys,
  useAgentKeepAlive,
  useAgentSocket,
  useConnectionHealth,
  useConversation,
  useConversationMessages,
  useConversations,
  useMarkRead,
  useSendMessage,
  useTyping,
  useWebchatQueueStatuses,
} from '../src'
import { createHarness, type Harness, LIST, MESSAGES } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

const open = async (harness: Harness) =>
  waitFor(() => expect(harness.socket?.state.status).toBe('open'), { timeout: 3000 })

describe('live hooks (in-process emulator and socket)', () => {
  it('a customer message appears in useConversationMessages and the list unread flag without a refetch', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({
      queue: 'support',
      question: 'Where is my order?',
    })
    await h.client.joinConversation(conversationUuid)
    const { result } = renderHook(
      () => ({ list: useConversations(), messages: useConversationMessages(conversationUuid) }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.messages.isSuccess).toBe(true))
    await waitFor(() => expect(result.current.list.conversations.length).toBe(1))
    await open(h)
    await waitFor(() => expect(result.current.messages.freshness).toBe('live'))
    expect(result.current.messages.messages.map((m) => m.body)).toEqual(['Where is my order?'])
    // The query and the live hook share one stream: its initial load, then rxjs's catch-up once the socket opens.
    expect(h.count(MESSAGES)).toBe(2)
    // Reading the conversation clears the flag on the server; the socket event must bring it back.
    await waitFor(() => expect(result.current.list.freshness).toBe('live'))
    const lists = h.count(LIST)
    const loads = h.count(MESSAGES)
    act(() => {
      h.emulator.customers.say(conversationUuid, 'Hello? Anyone there?')
    })
    await waitFor(() => expect(result.current.messages.messages.at(-1)?.body).toBe('Hello? Anyone there?'))
    await waitFor(() =>
      expect(result.current.list.conversations[0]?.last_conversation_message_body).toBe(
        'Hello? Anyone there?',
      ),
    )
    expect(result.current.list.conversations[0]?.unread_messages).toBe(true)
    expect(h.count(LIST)).toBe(lists)
    expect(h.count(MESSAGES)).toBe(loads)
    expect(result.current.messages.statusOf(result.current.messages.messages.at(-1)!)).toBe('sent')
  })

  it('the live hook and its query share one stream; detail stays live from events', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const { result } = renderHook(
      () => ({
        detail: useConversation(conversationUuid),
        messages: useConversationMessages(conversationUuid),
      }),
      { wrapper: h.wrapper },
    )
    await waitFor(() =>
      expect(result.current.detail.isSuccess && result.current.messages.isSuccess).toBe(true),
    )
    await open(h)
    await waitFor(() => expect(result.current.messages.freshness).toBe('live'))
    // Initial load + rxjs's catch-up after the socket opened; without sharing the query would add a third.
    expect(h.count(MESSAGES)).toBe(2)
    act(() => {
      h.emulator.customers.say(conversationUuid, 'Still there?')
    })
    await waitFor(() =>
      expect(result.current.detail.data?.last_conversation_message_body).toBe('Still there?'),
    )
    expect(h.count(/^GET \/conversation\/conversations\/[^/]+$/)).toBe(1)
  })

  it('useSendMessage: pending at once, then sent with the echo', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const { result } = renderHook(
      () => ({ messages: useConversationMessages(conversationUuid), send: useSendMessage(conversationUuid) }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.messages.isSuccess).toBe(true))
    await open(h)
    let id = ''
    act(() => {
      id = result.current.send.send('Hello, how can I help?')
    })
    const mine = () => result.current.messages.messages.find((m) => m.client_message_id === id)
    await waitFor(() => expect(mine()).toBeDefined())
    await waitFor(() => expect(result.current.send.isSuccess).toBe(true))
    expect(result.current.messages.statusOf(mine()!)).toBe('sent')
    expect(mine()?.conversation_message_uuid).toBeDefined()
    expect(result.current.messages.messages.filter((m) => m.body === 'Hello, how can I help?')).toHaveLength(
      1,
    )
    expect(result.current.send.data?.clientMessageId).toBe(id)
  })

  it('useSendMessage: a send without echo turns failed, and retry with the same id delivers once', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const { result } = renderHook(
      () => ({
        messages: useConversationMessages(conversationUuid),
        send: useSendMessage(conversationUuid, { timeoutMs: 200 }),
      }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.messages.isSuccess).toBe(true))
    await open(h)
    h.emulator.faults.set({ silentSockets: true })
    // Only sockets opened while the fault is set are silent: replace the current one.
    act(() => h.socket?.reconnect())
    await open(h)
    let id = ''
    act(() => {
      id = result.current.send.send('Are you there?')
    })
    const mine = () => result.current.messages.messages.find((m) => m.client_message_id === id)
    await waitFor(() => expect(mine() && result.current.messages.statusOf(mine()!)).toBe('pending'))
    await waitFor(() => expect(result.current.messages.statusOf(mine()!)).toBe('failed'), { timeout: 3000 })
    expect(result.current.send.isError).toBe(true)
    h.emulator.faults.clear()
    act(() => h.socket?.reconnect())
    await open(h)
    act(() => {
      result.current.send.retry(mine()!)
    })
    await waitFor(() => expect(result.current.messages.statusOf(mine()!)).toBe('sent'), { timeout: 3000 })
    expect(
      h.emulator.state.messages(conversationUuid).filter((m) => m.body === 'Are you there?'),
    ).toHaveLength(1)
  })

  it('useMarkRead sends one read frame per newer message and clears the unread flag in the cache', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const { result, rerender } = renderHook(
      ({ enabled }: { enabled: boolean }) => {
        const list = useConversations()
        const messages = useConversationMessages(conversationUuid)
        useMarkRead(conversationUuid, messages.messages.at(-1), enabled)
        return { list, messages }
      },
      { wrapper: h.wrapper, initialProps: { enabled: false } },
    )
    await open(h)
    await waitFor(() => expect(result.current.list.freshness).toBe('live'))
    const sent: string[] = []
    const spy = h.socket!.send.bind(h.socket)
    h.socket!.send = (frame: string) => {
      sent.push(frame)
      return spy(frame)
    }
    const row = () => result.current.list.conversations.find((c) => c.conversation_uuid === conversationUuid)
    act(() => {
      h.emulator.customers.say(conversationUuid, 'Are you there?')
    })
    await waitFor(() => expect(row()?.unread_messages).toBe(true))
    expect(sent).toEqual([])
    rerender({ enabled: true })
    await waitFor(() => expect(row()?.unread_messages).toBe(false))
    const reads = () => sent.map((f) => JSON.parse(f)).filter((f) => f.event_type === 'read message')
    expect(reads()).toHaveLength(1)
    expect(reads()[0].event_read_message.conversation_message_uuid).toBe(
      result.current.messages.messages.at(-1)?.conversation_message_uuid,
    )
    // The server took it: the agent's read status on the customer's message.
    const last = result.current.messages.messages.at(-1)!.conversation_message_uuid
    await waitFor(() =>
      expect(
        h.emulator.state
          .messages(conversationUuid)
          .find((m) => m.conversation_message_uuid === last)
          ?.transport_statuses?.some((s) => s.status === 'read'),
      ).toBe(true),
    )
    // A re-render with the same message sends nothing more; a newer one sends one more.
    rerender({ enabled: true })
    act(() => {
      h.emulator.customers.say(conversationUuid, 'Hello?')
    })
    await waitFor(() => expect(reads()).toHaveLength(2))
    await waitFor(() => expect(row()?.unread_messages).toBe(false))
  })

  it('useWebchatQueueStatuses follows queue events without refetching', async () => {
    h = createHarness()
    const { result } = renderHook(() => useWebchatQueueStatuses(), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    await open(h)
    const loads = h.count(/queues\/statuses/)
    const waiting = () =>
      result.current.statuses.find((s) => s.queue_name === 'support')?.customer_waiting_count
    const before = waiting() ?? 0
    act(() => {
      h.emulator.customers.arrive({ queue: 'support', question: 'Refund?' })
    })
    await waitFor(() => expect(waiting()).toBe(before + 1))
    expect(h.count(/queues\/statuses/)).toBe(loads)
    expect(result.current.freshness).toBe('live')
    expect(h.queryClient.getQueryData(conversationKeys.queueStatuses())?.statuses).toBe(
      result.current.statuses,
    )
  })

  it('useTyping shows the customer typing and sends the agent typing', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const { result } = renderHook(() => useTyping(conversationUuid, { throttleMs: 0 }), {
      wrapper: h.wrapper,
    })
    await open(h)
    act(() => h.emulator.customers.typing(conversationUuid, 'I am wri'))
    await waitFor(() => expect(result.current.typists.map((t) => t.value)).toEqual(['I am wri']))
    act(() => h.emulator.customers.typing(conversationUuid, ''))
    await waitFor(() => expect(result.current.typists).toEqual([]))
    act(() => result.current.setTyping('Let me check'))
    await waitFor(() =>
      expect(
        h.emulator.customers
          .frames(conversationUuid)
          .some(
            (f) =>
              f.type === 'event' && f.event_type === 'typing' && f.event_typing?.value === 'Let me check',
          ),
      ).toBe(true),
    )
  })

  it('useAgentKeepAlive, useAgentSocket and useConnectionHealth', async () => {
    h = createHarness()
    const { result } = renderHook(
      () => ({
        keepAlive: useAgentKeepAlive(),
        socket: useAgentSocket(),
        health: useConnectionHealth(),
        queues: useWebchatQueueStatuses(),
      }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.keepAlive?.status).toBe('alive'))
    expect(h.count(/agent\/keepalive/)).toBe(1)
    await waitFor(() => expect(result.current.socket.state.status).toBe('open'))
    expect(result.current.health.status).toBe('live')
    act(() => h.emulator.sockets.dropAll())
    await waitFor(() => expect(result.current.health.status).toBe('reconnecting'))
    await waitFor(() => expect(result.current.health.status).toBe('live'), { timeout: 5000 })
  })

  it('without a socket the live hooks poll and report it', async () => {
    h = createHarness({ socket: false })
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    const { result } = renderHook(
      () => ({
        list: useConversations(),
        messages: useConversationMessages(conversationUuid),
        health: useConnectionHealth(),
        send: useSendMessage(conversationUuid),
      }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.messages.isSuccess && result.current.list.isSuccess).toBe(true))
    expect(result.current.messages.freshness).toBe('polling')
    expect(result.current.list.freshness).toBe('polling')
    expect(result.current.health.status).toBe('polling')
    act(() => {
      result.current.send.send('x')
    })
    await waitFor(() => expect(result.current.send.error?.message).toMatch(/agent socket/))
  })
})
