import { renderHook, waitFor } from '@testing-library/react'
import { ConversationValidationError } from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import { conversationKeys, useWebchatContext } from '../src'
import { createHarness, type Harness } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

const CONTEXT = /^PUT \/conversation\/conversations\/[^/]+\/context$/

describe('useWebchatContext', () => {
  it('without a socket: one getConversationContext, cached below the conversation', async () => {
    h = createHarness({ socket: false })
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    h.emulator.customers.browse(conversationUuid, { url: 'https://shop.example/mugs', title: 'Mugs' })
    const { result } = renderHook(() => useWebchatContext(conversationUuid), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.data?.context?.current_url).toBe('https://shop.example/mugs')
    expect(result.current.data).toMatchObject({ page: undefined, coupons: [], items: [], freshness: 'stale' })
    expect(h.count(CONTEXT)).toBe(1)
    expect(h.queryClient.getQueryData(conversationKeys.webchatContext(conversationUuid))).toBe(
      result.current.data,
    )
  })

  it('no conversation chosen (undefined): nothing runs', async () => {
    h = createHarness()
    const { result } = renderHook(() => useWebchatContext(undefined), { wrapper: h.wrapper })
    expect(result.current.fetchStatus).toBe('idle')
    expect(h.requests).toEqual([])
  })

  it('with an open socket: live from one load; page events update it without a request; unmount tears the stream down', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    // The console's other live hooks keep the socket open.
    const others = h.socket!.frames$.subscribe()
    await waitFor(() => expect(h.socket!.state.status).toBe('open'), { timeout: 3000 })
    const { result, unmount } = renderHook(() => useWebchatContext(conversationUuid), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.data?.freshness).toBe('live'), { timeout: 3000 })
    // The query's load at mount was the stream's first load: one request, not two.
    expect(h.count(CONTEXT)).toBe(1)
    h.emulator.customers.browse(conversationUuid, { url: 'https://shop.example/hoodies', title: 'Hoodies' })
    await waitFor(() => expect(result.current.data?.page?.url).toBe('https://shop.example/hoodies'))
    expect(result.current.data?.context?.current_url).toBe('https://shop.example/hoodies')
    expect(h.count(CONTEXT)).toBe(1)
    unmount()
    others.unsubscribe()
    h.queryClient.clear()
    await waitFor(() => expect(h.socket?.state).toEqual({ status: 'closed', reason: 'idle' }))
    expect(h.emulator.sockets.count).toBe(0)
  })

  it('a reconnect loads the context again (what changed while the socket was down is not lost)', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const others = h.socket!.frames$.subscribe()
    await waitFor(() => expect(h.socket!.state.status).toBe('open'), { timeout: 3000 })
    const { result, unmount } = renderHook(() => useWebchatContext(conversationUuid), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.data?.freshness).toBe('live'), { timeout: 3000 })
    expect(h.count(CONTEXT)).toBe(1)
    h.emulator.sockets.dropAll()
    await waitFor(() => expect(h.socket!.state.status).not.toBe('open'))
    // The customer's cart changes while the agent's socket is down: its event is lost.
    h.emulator.customers.addToCart(conversationUuid, 'MUG', 2)
    expect(JSON.stringify(result.current.data?.context)).not.toContain('MUG')
    // The socket reconnects by itself (backoff); the stream then loads the context again.
    await waitFor(() => expect(JSON.stringify(result.current.data?.context)).toContain('MUG'), {
      timeout: 4500,
    })
    // At least one reload; rxjs's stream asks for two today (the socket reports 'open' twice per reconnect).
    expect(h.count(CONTEXT)).toBeGreaterThanOrEqual(2)
    unmount()
    others.unsubscribe()
  })

  it('with the socket, a conversation that does not exist: the 404 is the query error, loaded once (permanent)', async () => {
    h = createHarness()
    const others = h.socket!.frames$.subscribe()
    await waitFor(() => expect(h.socket!.state.status).toBe('open'), { timeout: 3000 })
    const missing = '00000000-0000-4000-8000-000000000000'
    const { result, unmount } = renderHook(() => useWebchatContext(missing), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.error).toMatchObject({ kind: 'http', status: 404 })
    expect(h.count(CONTEXT)).toBe(1)
    unmount()
    others.unsubscribe()
  })

  it('an empty uuid is refused by core with a validation error naming conversation_uuid', async () => {
    h = createHarness({ socket: false })
    const { result } = renderHook(() => useWebchatContext(''), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.error).toBeInstanceOf(ConversationValidationError)
    expect(result.current.error?.message).toContain('conversation_uuid')
    expect(h.requests).toEqual([])
  })
})
