// @vitest-environment node
import { dehydrate, HydrationBoundary, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createConversationClient } from '@uc-conversation/core'
import { createEmulator, EMULATOR_SIMPLE_KEY } from '@uc-conversation/emulator'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ConversationProvider, useConversation, useConversationMessages, useConversations } from '../src'
// What a server component imports: the same options, from the entry without 'use client'.
import { conversationKeys, conversationQueries } from '../src/server'

describe('server-side prefetch (Node, no DOM)', () => {
  it('prefetches with the same options, dehydrates to JSON and renders from the cache without requests', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined')
    const emulator = createEmulator({ clock: 'manual', seed: 3 })
    let requests = 0
    const client = createConversationClient({
      ...emulator.clientOptions(),
      fetch: (input, init) => {
        requests++
        return emulator.fetch(input, init)
      },
    })
    const { conversationUuid } = emulator.customers.arrive({ question: 'Server side?' })
    for (let i = 0; i < 4; i++) emulator.customers.arrive({ question: `Other ${i}` })

    const server = new QueryClient()
    await Promise.all([
      server.prefetchInfiniteQuery(conversationQueries.list(client, { limit: 2 })),
      server.prefetchQuery(conversationQueries.detail(client, conversationUuid)),
      server.prefetchQuery(conversationQueries.messages(client, conversationUuid)),
    ])
    expect(server.getQueryData(conversationKeys.detail(conversationUuid))?.conversation_uuid).toBe(
      conversationUuid,
    )
    const state = JSON.parse(JSON.stringify(dehydrate(server)))
    expect(JSON.stringify(state)).not.toContain(EMULATOR_SIMPLE_KEY)
    server.clear()

    const browser = new QueryClient({ defaultOptions: { queries: { staleTime: 60_000 } } })
    const before = requests
    // biome-ignore lint/correctness/noComponentHookFactories: the page closes over this test's conversation
    function Page() {
      const list = useConversations({ limit: 2 })
      const detail = useConversation(conversationUuid)
      const messages = useConversationMessages(conversationUuid)
      return (
        <main>
          {`${list.conversations.length}|${list.hasNextPage}|${detail.data?.conversation_uuid}|${messages.messages.map((m) => m.body).join(',')}`}
        </main>
      )
    }
    const html = renderToString(
      <QueryClientProvider client={browser}>
        <HydrationBoundary state={state}>
          <ConversationProvider client={client}>
            <Page />
          </ConversationProvider>
        </HydrationBoundary>
      </QueryClientProvider>,
    )
    expect(html).toContain(`2|true|${conversationUuid}|`)
    expect(html).toContain('Server side?')
    expect(requests).toBe(before)
    browser.clear()
    await emulator.close()
  })

  it('pages the list by offset from result_set and passes the signal through', async () => {
    const emulator = createEmulator({ clock: 'manual', seed: 4 })
    const client = createConversationClient({
      ...emulator.clientOptions(),
    })
    for (let i = 0; i < 5; i++) emulator.customers.arrive({ question: `Q${i}` })
    const queryClient = new QueryClient()
    const options = conversationQueries.list(client, { limit: 2 })
    await queryClient.prefetchInfiniteQuery({ ...options, pages: 3 })
    const data = queryClient.getQueryData(options.queryKey)
    expect(data?.pageParams).toEqual([0, 2, 4])
    expect(data?.pages.map((p) => p.conversations?.length)).toEqual([2, 2, 1])
    expect(options.getNextPageParam(data!.pages[2]!, data!.pages, 4, data!.pageParams)).toBeUndefined()

    const controller = new AbortController()
    controller.abort()
    await expect(
      (conversationQueries.detail(client, 'x').queryFn as (context: never) => Promise<unknown>)({
        signal: controller.signal,
        queryKey: conversationKeys.detail('x'),
        meta: undefined,
        client: queryClient,
      } as never),
    ).rejects.toMatchObject({ name: 'AbortError' })
    queryClient.clear()
    await emulator.close()
  })
})
