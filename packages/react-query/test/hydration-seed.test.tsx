import { dehydrate, hydrate, QueryClient } from '@tanstack/react-query'
import { renderHook, waitFor } from '@testing-library/react'
import { createConversationClient } from '@uc-conversation/core'
import { connectAgentSocket } from '@uc-conversation/rxjs'
import { afterEach, describe, expect, it } from 'vitest'
import { useConversationMessages, useConversations, useWebchatQueueStatuses } from '../src'
import { conversationQueries } from '../src/server'
import { createHarness, type Harness, LIST, MESSAGES, wrapperWith } from './harness'

const STATUSES = /^GET \/conversation\/conversations\/queues\/statuses$/

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('data prefetched on the server seeds the live streams after hydration', () => {
  it('no reload of the list, the queue statuses nor the messages from 0: only the catch-ups of the socket’s openings, the messages’ from the newest prefetched message', async () => {
    const harness = createHarness()
    h = harness
    const { conversationUuid } = harness.emulator.customers.arrive({ question: 'Prefetched?' })
    harness.emulator.customers.arrive({ question: 'Another one' })

    // The server's render: its own client and QueryClient, then JSON, as Next's HydrationBoundary carries it.
    const serverClient = createConversationClient(harness.emulator.clientOptions())
    const server = new QueryClient()
    await Promise.all([
      server.prefetchInfiniteQuery(conversationQueries.list(serverClient, { limit: 10 })),
      server.prefetchQuery(conversationQueries.messages(serverClient, conversationUuid)),
      server.prefetchQuery(conversationQueries.queueStatuses(serverClient)),
    ])
    const state = JSON.parse(JSON.stringify(dehydrate(server)))
    server.clear()
    hydrate(harness.queryClient, state)
    const socket = connectAgentSocket(harness.client, { ...harness.emulator.socketOptions(), lingerMs: 1000 })
    const opens: number[] = []
    const watch = socket.state$.subscribe((s) => s.status === 'open' && opens.push(s.connection))

    const { result, unmount } = renderHook(
      () => ({
        list: useConversations({ limit: 10 }),
        messages: useConversationMessages(conversationUuid),
        queues: useWebchatQueueStatuses(),
      }),
      { wrapper: wrapperWith(harness, socket) },
    )
    expect(result.current.list.conversations).toHaveLength(2)
    expect(result.current.messages.messages.map((m) => m.body)).toContain('Prefetched?')
    await waitFor(() => expect(result.current.messages.freshness).toBe('live'))
    await waitFor(() => expect(result.current.list.freshness).toBe('live'))
    // Each load is the catch-up of one socket opening (this in-process socket may open twice at start);
    // none is the initial load of a stream, and no message load starts from 0.
    await waitFor(() => expect(harness.count(MESSAGES)).toBe(opens.length))
    await waitFor(() => expect(harness.count(LIST)).toBe(opens.length))
    // The queue statuses too: prefetched, so only the catch-up of each opening (before: one more, the stream's
    // initial load).
    expect(result.current.queues.statuses.length).toBeGreaterThan(0)
    await waitFor(() => expect(result.current.queues.freshness).toBe('live'))
    await waitFor(() => expect(harness.count(STATUSES)).toBe(opens.length))
    const messageLoads = harness.requests.filter((r) => MESSAGES.test(r))
    expect(messageLoads.some((r) => r.endsWith('/messages/0'))).toBe(false)
    // Live afterwards as ever: a customer's new message arrives through the socket, not through a reload.
    harness.emulator.customers.say(conversationUuid, 'After hydration')
    await waitFor(() =>
      expect(result.current.messages.messages.map((m) => m.body)).toContain('After hydration'),
    )
    expect(harness.requests.some((r) => r.endsWith('/messages/0'))).toBe(false)
    unmount()
    watch.unsubscribe()
  })
})
