// Errors are core's union in every option and hook result, with no `Register` augmentation: an app narrows
// `error.kind` (or `instanceof`) and reaches each class's own fields, as the README shows.
import {
  QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useSuspenseInfiniteQuery,
  useSuspenseQuery,
} from '@tanstack/react-query'
import {
  type AnyConversationError,
  type ConversationClient,
  ConversationHttpError,
  type ConversationParseError,
} from '@uc-conversation/core'
import { describe, expectTypeOf, it } from 'vitest'
import {
  conversationKeys,
  conversationMutations,
  conversationQueries,
  type UploadAttachmentError,
  useConversation,
  useConversationMessages,
  useConversations,
  useJoinConversation,
  useLeaveConversation,
  useMultimediaUpload,
  useSendMessage,
  useStartConversation,
  useUpdateAgentStatus,
  useWebchatQueueStatuses,
} from '../src'

declare const client: ConversationClient
const queryClient = new QueryClient()

describe('query errors', () => {
  it('are the union in useQuery, useSuspenseQuery, useInfiniteQuery and useSuspenseInfiniteQuery', () => {
    expectTypeOf(
      useQuery(conversationQueries.detail(client, 'x')).error,
    ).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(
      useQuery(conversationQueries.messages(client, 'x')).error,
    ).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(
      useQuery(conversationQueries.queueStatuses(client)).error,
    ).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(
      useSuspenseQuery(conversationQueries.detail(client, 'x')).error,
    ).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(
      useInfiniteQuery(conversationQueries.list(client)).error,
    ).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(
      useSuspenseInfiniteQuery(conversationQueries.list(client)).error,
    ).toEqualTypeOf<AnyConversationError | null>()
  })

  it('are the union in every query hook and its options', () => {
    expectTypeOf(useConversation('x').error).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(useConversationMessages('x').error).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(useConversations().error).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(useWebchatQueueStatuses().error).toEqualTypeOf<AnyConversationError | null>()
    useConversation('x', {
      retry: (_count, error) => {
        expectTypeOf(error).toEqualTypeOf<AnyConversationError>()
        return error.kind === 'network'
      },
      throwOnError: (error) => error.kind === 'http' && error.status >= 500,
    })
  })

  it('are carried by the keys, for getQueryState', () => {
    expectTypeOf(queryClient.getQueryState(conversationKeys.detail('x'))?.error).toEqualTypeOf<
      AnyConversationError | null | undefined
    >()
    expectTypeOf(queryClient.getQueryState(conversationKeys.list())?.error).toEqualTypeOf<
      AnyConversationError | null | undefined
    >()
  })
})

describe('mutation errors', () => {
  it('are the union in useMutation with the options and in every mutation hook', () => {
    expectTypeOf(
      useMutation(conversationMutations.join(client)).error,
    ).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(
      useMutation(conversationMutations.start(client)).error,
    ).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(
      useMutation(conversationMutations.updateAgentStatus(client)).error,
    ).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(
      useMutation(conversationMutations.sendMessage(undefined)).error,
    ).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(useJoinConversation().error).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(useLeaveConversation().error).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(useStartConversation().error).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(useUpdateAgentStatus().error).toEqualTypeOf<AnyConversationError | null>()
    expectTypeOf(useSendMessage('x').error).toEqualTypeOf<AnyConversationError | null>()
    useStartConversation({
      onError: (error) => expectTypeOf(error).toEqualTypeOf<AnyConversationError>(),
    })
  })

  it('of an upload include the abort reason', () => {
    expectTypeOf<UploadAttachmentError>().toEqualTypeOf<AnyConversationError | DOMException>()
    expectTypeOf(useMultimediaUpload().error).toEqualTypeOf<UploadAttachmentError | null>()
    expectTypeOf(
      useMutation(conversationMutations.uploadAttachment(client)).error,
    ).toEqualTypeOf<UploadAttachmentError | null>()
  })
})

describe('narrowing, as the README writes it', () => {
  it('by kind reaches each class’s own fields', () => {
    const { error } = useConversation('x')
    if (error?.kind === 'http') {
      expectTypeOf(error).toEqualTypeOf<ConversationHttpError>()
      expectTypeOf(error.userMessage).toEqualTypeOf<string | undefined>()
    }
    if (error?.kind === 'parse') expectTypeOf(error).toEqualTypeOf<ConversationParseError>()
    // @ts-expect-error only HTTP errors have a user message
    error?.userMessage
  })

  it('by instanceof too', () => {
    const { error } = useJoinConversation()
    if (error instanceof ConversationHttpError) expectTypeOf(error.status).toEqualTypeOf<number>()
  })
})
