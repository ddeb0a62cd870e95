import { onlineManager, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import type { AgentSocket } from '@uc-conversation/rxjs'
import type { ReactNode } from 'react'
import { BehaviorSubject, NEVER } from 'rxjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  ConversationProvider,
  useConversationMessages,
  useSendMessage,
  useUnsentMessages,
  useWarnBeforeUnload,
} from '../src'
import { createHarness, type Harness } from './harness'

let h: Harness
afterEach(async () => {
  onlineManager.setOnline(true)
  vi.restoreAllMocks()
  await h?.close()
})

const open = async (harness: Harness) =>
  waitFor(() => expect(harness.socket?.state.status).toBe('open'), { timeout: 3000 })

describe('offline agents lose nothing', () => {
  it('useSendMessage shows the pending message at once while onlineManager says offline, and delivers it once', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const { result } = renderHook(
      () => ({
        messages: useConversationMessages(conversationUuid),
        send: useSendMessage(conversationUuid),
        unsent: useUnsentMessages(),
      }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.messages.isSuccess).toBe(true))
    await open(h)
    onlineManager.setOnline(false)
    let id = ''
    act(() => {
      id = result.current.send.send('Sent while offline')
    })
    const mine = () => result.current.messages.messages.find((m) => m.client_message_id === id)
    // TanStack's default network mode paused the mutation here: no pending row, nothing for the outbox.
    await waitFor(() => expect(mine()).toBeDefined())
    expect(result.current.send.isPaused).toBe(false)
    await waitFor(() => expect(result.current.messages.statusOf(mine()!)).toBe('sent'))
    expect(
      h.emulator.state.messages(conversationUuid).filter((m) => m.body === 'Sent while offline'),
    ).toHaveLength(1)
    await waitFor(() => expect(result.current.unsent).toBe(0))
  })

  it('with the socket down too, the pending message shows at once and goes out once when the socket is back', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const { result } = renderHook(
      () => ({
        messages: useConversationMessages(conversationUuid),
        send: useSendMessage(conversationUuid, { timeoutMs: 60_000 }),
        unsent: useUnsentMessages(),
      }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.messages.isSuccess).toBe(true))
    await open(h)
    // The network goes: TanStack hears of it, and the socket cannot come back.
    onlineManager.setOnline(false)
    h.emulator.faults.set({ errorRate: { getAgentWebsocketAuthorization: 1 }, errorStatus: 503 })
    act(() => h.socket?.reconnect())
    await waitFor(() => expect(h.socket?.state.status).not.toBe('open'))
    let id = ''
    act(() => {
      id = result.current.send.send('Typed while offline')
    })
    const mine = () => result.current.messages.messages.find((m) => m.client_message_id === id)
    await waitFor(() => expect(mine() && result.current.messages.statusOf(mine()!)).toBe('pending'))
    expect(result.current.unsent).toBe(1)
    // The network comes back.
    h.emulator.faults.clear()
    onlineManager.setOnline(true)
    await waitFor(() => expect(result.current.messages.statusOf(mine()!)).toBe('sent'), { timeout: 5000 })
    expect(
      h.emulator.state.messages(conversationUuid).filter((m) => m.body === 'Typed while offline'),
    ).toHaveLength(1)
    await waitFor(() => expect(result.current.unsent).toBe(0))
  })

  it('useWarnBeforeUnload listens for beforeunload only while a message is unsent, and removes it on unmount', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const added = vi.spyOn(window, 'addEventListener')
    const removed = vi.spyOn(window, 'removeEventListener')
    const beforeUnload = (spy: typeof added) => spy.mock.calls.filter(([type]) => type === 'beforeunload')
    const { result, unmount } = renderHook(
      () => ({
        messages: useConversationMessages(conversationUuid),
        send: useSendMessage(conversationUuid, { timeoutMs: 60_000 }),
        unsent: useWarnBeforeUnload(),
      }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.messages.isSuccess).toBe(true))
    await open(h)
    expect(beforeUnload(added)).toHaveLength(0)
    // Sockets opened while the fault is set never echo: the message stays unsent.
    h.emulator.faults.set({ silentSockets: true })
    act(() => h.socket?.reconnect())
    await open(h)
    act(() => {
      result.current.send.send('Not echoed')
    })
    await waitFor(() => expect(result.current.unsent).toBe(1))
    expect(beforeUnload(added)).toHaveLength(1)
    const event = new Event('beforeunload', { cancelable: true })
    window.dispatchEvent(event)
    expect(event.defaultPrevented).toBe(true)
    unmount()
    expect(beforeUnload(removed)).toHaveLength(1)
    expect(removed.mock.calls.find(([type]) => type === 'beforeunload')?.[1]).toBe(
      beforeUnload(added)[0]?.[1],
    )
    const after = new Event('beforeunload', { cancelable: true })
    window.dispatchEvent(after)
    expect(after.defaultPrevented).toBe(false)
  })

  it('useWarnBeforeUnload removes its listener once everything is delivered, and never adds one when disabled', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const added = vi.spyOn(window, 'addEventListener')
    const removed = vi.spyOn(window, 'removeEventListener')
    const beforeUnload = (spy: typeof added) => spy.mock.calls.filter(([type]) => type === 'beforeunload')
    const { result, rerender } = renderHook(
      ({ enabled }) => ({
        messages: useConversationMessages(conversationUuid),
        send: useSendMessage(conversationUuid, { timeoutMs: 60_000 }),
        unsent: useWarnBeforeUnload(enabled),
      }),
      { wrapper: h.wrapper, initialProps: { enabled: true } },
    )
    await waitFor(() => expect(result.current.messages.isSuccess).toBe(true))
    await open(h)
    // The echo comes late (the emulator's clock is manual): the message stays unsent until it moves.
    h.emulator.faults.set({ socketDelayMs: 300 })
    act(() => {
      result.current.send.send('Delivered late')
    })
    await waitFor(() => expect(result.current.unsent).toBe(1))
    expect(beforeUnload(added)).toHaveLength(1)
    h.emulator.faults.clear()
    act(() => h.emulator.clock.advance(300))
    await waitFor(() => expect(result.current.send.isSuccess).toBe(true))
    await waitFor(() => expect(result.current.unsent).toBe(0))
    expect(beforeUnload(added)).toHaveLength(1)
    expect(beforeUnload(removed)).toHaveLength(1)
    rerender({ enabled: false })
    h.emulator.faults.set({ silentSockets: true })
    act(() => h.socket?.reconnect())
    await open(h)
    act(() => {
      result.current.send.send('Unsent, warning off')
    })
    await waitFor(() => expect(result.current.unsent).toBe(1))
    expect(beforeUnload(added)).toHaveLength(1)
  })

  it("useUnsentMessages follows the socket outbox's unsent$ (messages restored from storage included)", () => {
    h = createHarness({ socket: false })
    const unsent$ = new BehaviorSubject(2)
    const socket = { state$: NEVER, outbox: { unsent$, unsent: 2 } } as unknown as AgentSocket
    const queryClient = new QueryClient()
    const wrapper = ({ children }: { children?: ReactNode }) => (
      <QueryClientProvider client={queryClient}>
        <ConversationProvider client={h.client} socket={socket}>
          {children}
        </ConversationProvider>
      </QueryClientProvider>
    )
    const { result, unmount } = renderHook(() => useUnsentMessages(), { wrapper })
    expect(result.current).toBe(2)
    act(() => unsent$.next(0))
    expect(result.current).toBe(0)
    unmount()
    expect(unsent$.observed).toBe(false)
  })
})
