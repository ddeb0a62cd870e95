// Every option factory fits every TanStack API that takes options: the suspense hooks (no `skipToken` unless the
// caller has no conversation yet), `useQueries`, and the QueryClient's prefetch and ensure methods.
import {
  QueryClient,
  queryOptions,
  type skipToken,
  useQueries,
  useQuery,
  useSuspenseInfiniteQuery,
  useSuspenseQueries,
  useSuspenseQuery,
} from '@tanstack/react-query'
import type { Conversation, ConversationClient } from '@uc-conversation/core'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type ConversationListData,
  type ConversationMessagesData,
  conversationQueries,
  type QueueStatusesData,
} from '../src'

declare const client: ConversationClient
declare const chosen: string | undefined
const queryClient = new QueryClient()

describe('suspense hooks', () => {
  it('take every query option without skipToken', () => {
    expectTypeOf(useSuspenseQuery(conversationQueries.detail(client, 'x')).data).toEqualTypeOf<Conversation>()
    expectTypeOf(
      useSuspenseQuery(conversationQueries.messages(client, 'x')).data,
    ).toEqualTypeOf<ConversationMessagesData>()
    expectTypeOf(
      useSuspenseQuery(conversationQueries.queueStatuses(client)).data,
    ).toEqualTypeOf<QueueStatusesData>()
    expectTypeOf(
      useSuspenseInfiniteQuery(conversationQueries.list(client, { limit: 20 })).data,
    ).toEqualTypeOf<ConversationListData>()
    const [detail, messages] = useSuspenseQueries({
      queries: [conversationQueries.detail(client, 'x'), conversationQueries.messages(client, 'x')],
    })
    expectTypeOf(detail.data).toEqualTypeOf<Conversation>()
    expectTypeOf(messages.data).toEqualTypeOf<ConversationMessagesData>()
  })

  it('refuse the options of a conversation not chosen yet, which useQuery takes', () => {
    const waiting = conversationQueries.detail(client, chosen)
    expectTypeOf(waiting.queryFn).toExtend<typeof skipToken | undefined | ((...args: never[]) => unknown)>()
    expectTypeOf(useQuery(waiting).data).toEqualTypeOf<Conversation | undefined>()
    expectTypeOf(useQuery(conversationQueries.messages(client, chosen)).data).toEqualTypeOf<
      ConversationMessagesData | undefined
    >()
    // @ts-expect-error a suspense query cannot wait: it needs a conversation
    useSuspenseQuery(waiting)
  })
})

describe('useQueries', () => {
  it('types each result from its option', () => {
    const [detail, messages, queues] = useQueries({
      queries: [
        conversationQueries.detail(client, 'x'),
        conversationQueries.messages(client, chosen),
        conversationQueries.queueStatuses(client),
      ],
    })
    expectTypeOf(detail.data).toEqualTypeOf<Conversation | undefined>()
    expectTypeOf(messages.data).toEqualTypeOf<ConversationMessagesData | undefined>()
    expectTypeOf(queues.data).toEqualTypeOf<QueueStatusesData | undefined>()
  })
})

describe('QueryClient', () => {
  it('prefetches and ensures with every option', async () => {
    await queryClient.prefetchQuery(conversationQueries.detail(client, 'x'))
    await queryClient.prefetchQuery(conversationQueries.messages(client, 'x'))
    await queryClient.prefetchQuery(conversationQueries.queueStatuses(client))
    await queryClient.prefetchInfiniteQuery(conversationQueries.list(client))
    expectTypeOf(
      await queryClient.ensureQueryData(conversationQueries.detail(client, 'x')),
    ).toEqualTypeOf<Conversation>()
    expectTypeOf(
      await queryClient.ensureQueryData(conversationQueries.messages(client, 'x')),
    ).toEqualTypeOf<ConversationMessagesData>()
    expectTypeOf(
      await queryClient.ensureQueryData(conversationQueries.queueStatuses(client)),
    ).toEqualTypeOf<QueueStatusesData>()
    expectTypeOf(
      await queryClient.ensureInfiniteQueryData(conversationQueries.list(client)),
    ).toEqualTypeOf<ConversationListData>()
    expectTypeOf(
      await queryClient.fetchQuery(conversationQueries.detail(client, 'x')),
    ).toEqualTypeOf<Conversation>()
  })

  it('spreads into an app’s own queryOptions', () => {
    const fresh = queryOptions({ ...conversationQueries.detail(client, 'x'), staleTime: 60_000 })
    expectTypeOf(useSuspenseQuery(fresh).data).toEqualTypeOf<Conversation>()
  })
})
