import { act, renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useConversations } from '../src'
import { createHarness, type Harness, LIST, scriptedSocket, wrapperWith } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('the list catches up through its stream when the socket opens', () => {
  it('reloads a list loaded before the first open: a customer who arrived in between is not missed', async () => {
    h = createHarness({ socket: false })
    const { socket, open, frames$ } = scriptedSocket()
    const { result, unmount } = renderHook(() => useConversations(), { wrapper: wrapperWith(h, socket) })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.conversations).toHaveLength(0)
    expect(result.current.freshness).toBe('polling')
    // Arrives after the list was read and before the socket is open: no event will ever tell of it.
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    open(1)
    await waitFor(() =>
      expect(result.current.conversations.map((c) => c.conversation_uuid)).toEqual([conversationUuid]),
    )
    expect(result.current.freshness).toBe('live')
    expect(h.count(LIST)).toBe(2)
    unmount()
    expect(frames$.observed).toBe(false)
  })

  it('does not reload when it starts on a socket already open; a reopen does', async () => {
    h = createHarness({ socket: false })
    const { socket, open, close } = scriptedSocket()
    open(1)
    const { result } = renderHook(() => useConversations(), { wrapper: wrapperWith(h, socket) })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    await new Promise((r) => setTimeout(r, 50))
    expect(h.count(LIST)).toBe(1)
    expect(result.current.freshness).toBe('live')
    // A reopen reloads: events may have been lost while it was down.
    close()
    open(2)
    await waitFor(() => expect(h.count(LIST)).toBe(2))
  })

  it('with later pages loaded, a catch-up that pushes conversations off the first page loses none of them', async () => {
    h = createHarness({ socket: false })
    const { socket, open, close } = scriptedSocket()
    open(1)
    const arrive = (question: string) => {
      h.emulator.clock.advance(1000)
      return h.emulator.customers.arrive({ queue: 'support', question }).conversationUuid
    }
    const first = ['1', '2', '3', '4', '5'].map(arrive)
    const { result } = renderHook(() => useConversations({ limit: 3 }), { wrapper: wrapperWith(h, socket) })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    await act(() => result.current.fetchNextPage())
    await waitFor(() => expect(result.current.conversations).toHaveLength(5))
    close()
    const later = ['6', '7'].map(arrive)
    open(2)
    await waitFor(() => expect(h.count(LIST)).toBe(3))
    await waitFor(() => expect(result.current.conversations).toHaveLength(7))
    expect(new Set(result.current.conversations.map((c) => c.conversation_uuid))).toEqual(
      new Set([...first, ...later]),
    )
    expect(result.current.conversations.slice(0, 2).map((c) => c.conversation_uuid)).toEqual([
      later[1],
      later[0],
    ])
  })
})
