// The descriptor decides the types: the arguments the options take, the data a query caches (null for an
// operation that answers nothing), the variables and result of a mutation, and core's errors everywhere.
import { QueryClient, useMutation, useQueries, useQuery, useSuspenseQuery } from '@tanstack/react-query'
import type {
  AnyConversationError,
  ConversationCannedMessage,
  ConversationCannedMessageResponse,
  ConversationCannedMessagesResponse,
  ConversationClient,
  ConversationSearchResponse,
  ConversationWebchatContext,
} from '@uc-conversation/core'
import {
  getAgentKeepAlive,
  getConversationCannedMessages,
  getConversationContext,
  getConversationMessages,
  getConversationsSearch,
  markReadConversation,
  updateConversationCannedMessage,
} from '@uc-conversation/core/operations'
import { describe, expectTypeOf, it } from 'vitest'
import {
  conversationKeys,
  operationMutationOptions,
  operationQueryOptions,
  useCannedMessages,
  useConversationSearch,
  useInsertCannedMessage,
  useWebchatContext,
  type WebchatContextData,
} from '../src'

declare const client: ConversationClient
const queryClient = new QueryClient()

describe('operationQueryOptions', () => {
  it('data is the operation result, error is core union, with every TanStack API', () => {
    const canned = operationQueryOptions(client, getConversationCannedMessages)
    expectTypeOf(useQuery(canned).data).toEqualTypeOf<ConversationCannedMessagesResponse | undefined>()
    expectTypeOf(useQuery(canned).error).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(useSuspenseQuery(canned).data).toEqualTypeOf<ConversationCannedMessagesResponse>()
    const [search, context] = useQueries({
      queries: [
        operationQueryOptions(client, getConversationsSearch, { text_search: 'x' }),
        operationQueryOptions(client, getConversationContext, 'uuid'),
      ],
    })
    expectTypeOf(search.data).toEqualTypeOf<ConversationSearchResponse | undefined>()
    expectTypeOf(context.data).toEqualTypeOf<ConversationWebchatContext | undefined>()
    expectTypeOf(queryClient.getQueryData(canned.queryKey)).toEqualTypeOf<
      ConversationCannedMessagesResponse | undefined
    >()
    expectTypeOf(queryClient.getQueryState(canned.queryKey)?.error).toEqualTypeOf<
      AnyConversationError | null | undefined
    >()
  })

  it('an operation that answers nothing caches null', () => {
    expectTypeOf(useQuery(operationQueryOptions(client, getAgentKeepAlive)).data).toEqualTypeOf<
      null | undefined
    >()
  })

  it('takes exactly the operation arguments', () => {
    operationQueryOptions(client, getConversationMessages, 'uuid', 0, { limit: 5 })
    // @ts-expect-error the path parameter `since` is a number
    operationQueryOptions(client, getConversationMessages, 'uuid', '0')
    // @ts-expect-error the conversation uuid is required
    operationQueryOptions(client, getConversationContext)
    // @ts-expect-error the search request is required
    operationQueryOptions(client, getConversationsSearch)
    // @ts-expect-error no such search field
    operationQueryOptions(client, getConversationsSearch, { text: 'x' })
  })

  it('keys carry the data type of their operation', () => {
    const key = conversationKeys.operation(getConversationContext, ['uuid'])
    expectTypeOf(queryClient.getQueryData(key)).toEqualTypeOf<ConversationWebchatContext | undefined>()
    // @ts-expect-error the key takes the operation's arguments
    conversationKeys.operation(getConversationContext, [1])
  })
})

describe('operationMutationOptions', () => {
  it('variables are the argument tuple, data the result, error core union', () => {
    const update = useMutation(operationMutationOptions(client, updateConversationCannedMessage))
    expectTypeOf(update.data).toEqualTypeOf<ConversationCannedMessageResponse | undefined>()
    expectTypeOf(update.error).toEqualTypeOf<AnyConversationError | null>()
    update.mutate([1, { short_code: 'hi' }])
    // @ts-expect-error the oid comes first
    update.mutate([{ short_code: 'hi' }])
    const read = useMutation(operationMutationOptions(client, markReadConversation))
    expectTypeOf(read.mutateAsync).returns.resolves.toBeVoid()
    read.mutate(['uuid'])
  })
})

describe('hooks', () => {
  it('are typed by their operations', () => {
    expectTypeOf(useCannedMessages().data).toEqualTypeOf<readonly ConversationCannedMessage[] | undefined>()
    expectTypeOf(useCannedMessages().error).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(useConversationSearch({ text_search: 'x' }).data).toEqualTypeOf<
      ConversationSearchResponse | undefined
    >()
    expectTypeOf(useWebchatContext('uuid').data).toEqualTypeOf<WebchatContextData | undefined>()
    const insert = useInsertCannedMessage()
    expectTypeOf(insert.mutateAsync).parameter(0).toEqualTypeOf<ConversationCannedMessage>()
    expectTypeOf(insert.data).toEqualTypeOf<ConversationCannedMessage | undefined>()
  })
})
