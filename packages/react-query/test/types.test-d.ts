import { QueryClient, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import type { Conversation, ConversationClient } from '@uc-conversation/core'
import type { DeliveryStatus, Freshness } from '@uc-conversation/rxjs'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type ConversationListData,
  type ConversationMessagesData,
  conversationKeys,
  conversationQueries,
  type QueueStatusesData,
  useConversation,
  useConversationMessages,
  useConversations,
  useMultimediaUpload,
  useSendMessage,
  useUnsentMessages,
  useWarnBeforeUnload,
  withoutPermanentRetries,
} from '../src'

declare const client: ConversationClient
const queryClient = new QueryClient()

describe('keys', () => {
  it('carry their data type', () => {
    expectTypeOf(queryClient.getQueryData(conversationKeys.detail('x'))).toEqualTypeOf<
      Conversation | undefined
    >()
    expectTypeOf(queryClient.getQueryData(conversationKeys.messages('x'))).toEqualTypeOf<
      ConversationMessagesData | undefined
    >()
    expectTypeOf(queryClient.getQueryData(conversationKeys.list())).toEqualTypeOf<
      ConversationListData | undefined
    >()
    expectTypeOf(queryClient.getQueryData(conversationKeys.queueStatuses())).toEqualTypeOf<
      QueueStatusesData | undefined
    >()
  })
  it('are hierarchical tuples', () => {
    expectTypeOf(conversationKeys.all).toEqualTypeOf<readonly ['uc-conversation']>()
    expectTypeOf(conversationKeys.messages('x')[2]).toEqualTypeOf<string>()
    expectTypeOf(conversationKeys.messages('x')[3]).toEqualTypeOf<'messages'>()
    // @ts-expect-error the uuid is required
    conversationKeys.detail()
  })
})

describe('options and hooks', () => {
  it('type useQuery from the options', () => {
    const detail = useQuery(conversationQueries.detail(client, 'x'))
    expectTypeOf(detail.data).toEqualTypeOf<Conversation | undefined>()
    const list = useInfiniteQuery(conversationQueries.list(client))
    expectTypeOf(list.data).toEqualTypeOf<ConversationListData | undefined>()
  })
  it('type hook results from options, select included', () => {
    const count = useConversation('x', { select: (c) => c.participants?.length ?? 0 })
    expectTypeOf(count.data).toEqualTypeOf<number | undefined>()
    expectTypeOf(useConversation('x').data).toEqualTypeOf<Conversation | undefined>()
    const messages = useConversationMessages('x')
    expectTypeOf(messages.freshness).toEqualTypeOf<Freshness>()
    expectTypeOf(messages.statusOf).returns.toEqualTypeOf<DeliveryStatus>()
    expectTypeOf(useConversations().conversations[0]?.unread_messages).toEqualTypeOf<boolean | undefined>()
    expectTypeOf(useSendMessage('x').send).returns.toEqualTypeOf<string>()
    expectTypeOf(useMultimediaUpload().data).toEqualTypeOf<string | undefined>()
  })
})

describe('offline and permanent errors', () => {
  it('counts unsent messages and guards retry options', () => {
    expectTypeOf(useUnsentMessages).returns.toEqualTypeOf<number>()
    expectTypeOf(useWarnBeforeUnload).parameters.toEqualTypeOf<[enabled?: boolean | undefined]>()
    expectTypeOf(useWarnBeforeUnload).returns.toEqualTypeOf<number>()
    useConversations({}, { retry: withoutPermanentRetries(3) })
    useQuery({ ...conversationQueries.detail(client, 'x'), retry: withoutPermanentRetries((n) => n < 2) })
  })
})
