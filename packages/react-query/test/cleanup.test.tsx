import { act, render, renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  useAgentKeepAlive,
  useConnectionHealth,
  useConversation,
  useConversationMessages,
  useConversations,
  useMarkRead,
  useSendMessage,
  useTyping,
  useWebchatQueueStatuses,
} from '../src'
import { createHarness, type Harness } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

/** Tracks timers and window/document listeners created while installed. */
function trackResources() {
  const g = globalThis as unknown as Record<string, (...args: never[]) => unknown>
  const saved = {
    ...Object.fromEntries(
      ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'].map((k) => [k, g[k]!]),
    ),
  }
  const timers = new Set<unknown>()
  g.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const id = (saved.setTimeout as typeof setTimeout)(() => {
      timers.delete(id)
      fn(...args)
    }, ms)
    timers.add(id)
    return id
  }) as never
  g.clearTimeout = ((id: unknown) => {
    timers.delete(id)
    ;(saved.clearTimeout as typeof clearTimeout)(id as never)
  }) as never
  g.setInterval = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const id = (saved.setInterval as typeof setInterval)(fn, ms, ...args)
    timers.add(id)
    return id
  }) as never
  g.clearInterval = ((id: unknown) => {
    timers.delete(id)
    ;(saved.clearInterval as typeof clearInterval)(id as never)
  }) as never
  const listeners = new Map<string, number>()
  const targets = [window, document] as EventTarget[]
  const originals = targets.map((t) => ({ add: t.addEventListener, remove: t.removeEventListener }))
  targets.forEach((target, i) => {
    const name = i === 0 ? 'window' : 'document'
    target.addEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
      listeners.set(`${name}:${type}`, (listeners.get(`${name}:${type}`) ?? 0) + 1)
      return (originals[i]!.add as (...a: unknown[]) => void).call(this, type, ...rest)
    } as never
    target.removeEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
      listeners.set(`${name}:${type}`, (listeners.get(`${name}:${type}`) ?? 0) - 1)
      return (originals[i]!.remove as (...a: unknown[]) => void).call(this, type, ...rest)
    } as never
  })
  return {
    timers,
    listeners,
    sleep: (ms: number) => new Promise((r) => (saved.setTimeout as typeof setTimeout)(r, ms)),
    restore: () => {
      Object.assign(g, saved)
      targets.forEach((t, i) => {
        t.addEventListener = originals[i]!.add
        t.removeEventListener = originals[i]!.remove
      })
    },
  }
}

describe('unmounting', () => {
  it('leaves no sockets, timers or listeners', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const tracked = trackResources()
    try {
      // biome-ignore lint/correctness/noComponentHookFactories: the components close over this test's counters
      function Everything() {
        const list = useConversations()
        const detail = useConversation(conversationUuid)
        const messages = useConversationMessages(conversationUuid)
        const queues = useWebchatQueueStatuses()
        const keepAlive = useAgentKeepAlive()
        const health = useConnectionHealth()
        const typing = useTyping(conversationUuid)
        useSendMessage(conversationUuid)
        useMarkRead(conversationUuid, messages.messages.at(-1))
        return (
          <p>
            {list.conversations.length} {detail.status} {messages.freshness} {queues.freshness}{' '}
            {keepAlive?.status} {health.status} {typing.typists.length}
          </p>
        )
      }
      const view = render(
        <h.wrapper>
          <Everything />
        </h.wrapper>,
      )
      await waitFor(() => expect(view.container.textContent).toBe('1 success live live alive live 0'))
      expect(h.emulator.sockets.count).toBe(1)
      expect(tracked.timers.size).toBeGreaterThan(0)
      view.unmount()
      h.queryClient.clear()
      await tracked.sleep(50)
      expect(h.socket?.state).toEqual({ status: 'closed', reason: 'idle' })
      expect(h.emulator.sockets.count).toBe(0)
      expect(tracked.timers.size).toBe(0)
      // React DOM itself keeps one `selectionchange` listener per root on the document.
      const leftover = [...tracked.listeners].filter(
        ([type, n]) => n !== 0 && type !== 'document:selectionchange',
      )
      expect(leftover).toEqual([])
      expect([...tracked.listeners.keys()].some((k) => k.startsWith('window:'))).toBe(true)
    } finally {
      tracked.restore()
    }
  })

  it('useTyping: a value waiting in the throttle at unmount is dropped with its timer; setTyping afterwards sends nothing', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const typed = (value: string) =>
      h.emulator.customers
        .frames(conversationUuid)
        .some((f) => f.type === 'event' && f.event_type === 'typing' && f.event_typing?.value === value)
    const tracked = trackResources()
    try {
      const { result, unmount } = renderHook(() => useTyping(conversationUuid, { throttleMs: 60_000 }), {
        wrapper: h.wrapper,
      })
      await waitFor(() => expect(h.socket?.state.status).toBe('open'))
      // The first value goes out at once and opens a 60 s window; the second waits for its end.
      act(() => result.current.setTyping('Let me'))
      await waitFor(() => expect(typed('Let me')).toBe(true))
      act(() => result.current.setTyping('Let me check'))
      expect(tracked.timers.size).toBeGreaterThan(0)
      unmount()
      act(() => result.current.setTyping('Let me check that'))
      await waitFor(() => expect(h.socket?.state).toEqual({ status: 'closed', reason: 'idle' }))
      // (waitFor's own timers are tracked too: wait without them, as above.)
      await tracked.sleep(50)
      expect(tracked.timers.size).toBe(0)
      // No timer is left and the socket is closed: nothing can still send them.
      expect(typed('Let me check')).toBe(false)
      expect(typed('Let me check that')).toBe(false)
    } finally {
      tracked.restore()
    }
  })
})
