import {
  type QueryKey,
  skipToken,
  type UndefinedInitialDataOptions,
  type UnusedSkipTokenInfiniteOptions,
  type UnusedSkipTokenOptions,
} from '@tanstack/react-query'
import {
  type AnyConversationError,
  type ConversationClient,
  ConversationParseError,
  type ConversationSummary,
  type ConversationsResponse,
  nextConversationsOffset,
} from '@uc-conversation/core'
import { filter } from 'rxjs'
import type {
  ConversationDetailData,
  ConversationListData,
  ConversationMessagesData,
  QueueStatusesData,
} from './conversation-data'
import {
  type ConversationDetailKey,
  type ConversationListFilters,
  type ConversationListKey,
  type ConversationMessagesKey,
  detailKey,
  listKey,
  messagesKey,
  type QueueStatusesKey,
  queueStatusesKey,
} from './conversation-keys'
import { shareConversationDetail, shareConversationPages } from './conversation-list-cache'
import {
  firstValue,
  type LiveOptions,
  LoadFailure,
  liveConversationList,
  liveMessages,
  liveQueueStatuses,
} from './live-streams'

/** Conversations per page of the list (UltraCart's own default is 100; smaller pages show the first screen sooner). */
export const DEFAULT_CONVERSATIONS_PAGE_SIZE = 50

/**
 * Options of a conversation list query (what `infiniteQueryOptions` returns): no `skipToken`, so they fit
 * `useSuspenseInfiniteQuery` and `prefetchInfiniteQuery` as well as `useInfiniteQuery`; errors are core's.
 */
export type ConversationListQueryOptions = UnusedSkipTokenInfiniteOptions<
  ConversationsResponse,
  AnyConversationError,
  ConversationListData,
  ConversationListKey,
  number
> & { queryKey: ConversationListKey; initialPageParam: number }

/**
 * Options of a single-entry query (what `queryOptions` returns), its key tagged with the data and error types.
 * No `skipToken`: they fit `useSuspenseQuery`, `useQueries`, `prefetchQuery` and `ensureQueryData` too.
 */
export type ConversationQueryOptions<TData, TKey extends QueryKey> = UnusedSkipTokenOptions<
  TData,
  AnyConversationError,
  TData,
  TKey
> & { queryKey: TKey }

/**
 * Options of a query whose conversation may not be chosen yet: with `undefined` its `queryFn` is `skipToken`
 * (TanStack does not run it), which `useQuery` accepts and the suspense hooks do not.
 */
export type ConversationSkippableQueryOptions<TData, TKey extends QueryKey> = UndefinedInitialDataOptions<
  TData,
  AnyConversationError,
  TData,
  TKey
> & { queryKey: TKey }

/** The shape of {@link conversationQueries}. */
export interface ConversationQueries {
  /**
   * The conversation list, newest first, paged by offset. The first page is rxjs's `conversationList` (the
   * `limit` newest): while `useConversations` is mounted the same stream keeps it live, so its query function
   * joins the running stream instead of loading twice. Later pages (`fetchNextPage`) are read by offset.
   */
  list(
    client: ConversationClient,
    filters?: ConversationListFilters,
    live?: LiveOptions,
  ): ConversationListQueryOptions
  /** One conversation (its summary and participants). */
  detail(
    client: ConversationClient,
    conversationUuid: string,
  ): ConversationQueryOptions<ConversationDetailData, ConversationDetailKey>
  /** One conversation, or none chosen yet (`undefined`): the query then waits (`queryFn` is `skipToken`). */
  detail(
    client: ConversationClient,
    conversationUuid: string | undefined,
  ): ConversationSkippableQueryOptions<ConversationDetailData, ConversationDetailKey>
  /**
   * One conversation's complete message list, loaded by rxjs's `conversationMessages` (which pages and merges).
   * While `useConversationMessages` is mounted the same stream keeps the entry live, so its query function joins
   * the running stream instead of loading twice.
   */
  messages(
    client: ConversationClient,
    conversationUuid: string,
    live?: LiveOptions,
  ): ConversationQueryOptions<ConversationMessagesData, ConversationMessagesKey>
  /** One conversation's messages, or none chosen yet (`undefined`): the query then waits (`skipToken`). */
  messages(
    client: ConversationClient,
    conversationUuid: string | undefined,
    live?: LiveOptions,
  ): ConversationSkippableQueryOptions<ConversationMessagesData, ConversationMessagesKey>
  /** The webchat queues' statuses (rxjs's `queueStatuses`, shared with `useWebchatQueueStatuses`). */
  queueStatuses(
    client: ConversationClient,
    live?: LiveOptions,
  ): ConversationQueryOptions<QueueStatusesData, QueueStatusesKey>
}

const list = (
  client: ConversationClient,
  filters: ConversationListFilters = {},
  live: LiveOptions = {},
): ConversationListQueryOptions => {
  const limit = filters.limit ?? DEFAULT_CONVERSATIONS_PAGE_SIZE
  // The live first page and the pages read by offset ask for the same conversations.
  const page = filters.medium ? { limit, medium: filters.medium } : { limit }
  // Plain objects, typed here: TanStack's `queryOptions` family only returns its argument (types only).
  return {
    queryKey: listKey(filters),
    queryFn: async ({ pageParam, signal }): Promise<ConversationsResponse> =>
      pageParam === 0
        ? {
            success: true,
            conversations: (await firstValue(liveConversationList(client, page, live), signal))
              .conversations as ConversationSummary[],
          }
        : client.getConversations({ ...page, offset: pageParam, signal }),
    initialPageParam: 0,
    getNextPageParam: (lastPage, _pages, lastOffset) => nextConversationsOffset(lastPage, lastOffset, limit),
    structuralSharing: shareConversationPages,
    retry: false,
  }
}

// Without a conversation the key holds '' (never a valid uuid, so never a real entry) and nothing runs.
const NO_CONVERSATION = ''

function detail(
  client: ConversationClient,
  conversationUuid: string,
): ConversationQueryOptions<ConversationDetailData, ConversationDetailKey>
function detail(
  client: ConversationClient,
  conversationUuid: string | undefined,
): ConversationSkippableQueryOptions<ConversationDetailData, ConversationDetailKey>
function detail(
  client: ConversationClient,
  conversationUuid: string | undefined,
): ConversationSkippableQueryOptions<ConversationDetailData, ConversationDetailKey> {
  return {
    queryKey: detailKey(conversationUuid ?? NO_CONVERSATION),
    queryFn:
      conversationUuid === undefined
        ? skipToken
        : async ({ signal }) => {
            const response = await client.getConversation(conversationUuid, { signal })
            if (!response?.conversation)
              throw new ConversationParseError(200, 'the getConversation response has no conversation')
            return response.conversation
          },
    structuralSharing: shareConversationDetail,
    retry: false,
  }
}

function messages(
  client: ConversationClient,
  conversationUuid: string,
  live?: LiveOptions,
): ConversationQueryOptions<ConversationMessagesData, ConversationMessagesKey>
function messages(
  client: ConversationClient,
  conversationUuid: string | undefined,
  live?: LiveOptions,
): ConversationSkippableQueryOptions<ConversationMessagesData, ConversationMessagesKey>
function messages(
  client: ConversationClient,
  conversationUuid: string | undefined,
  live: LiveOptions = {},
): ConversationSkippableQueryOptions<ConversationMessagesData, ConversationMessagesKey> {
  return {
    queryKey: messagesKey(conversationUuid ?? NO_CONVERSATION),
    queryFn:
      conversationUuid === undefined
        ? skipToken
        : ({ signal }) =>
            // Own pending messages show before the history (the live hook writes them); the query's own answer
            // waits for the history.
            firstValue(
              liveMessages(client, conversationUuid, live).pipe(
                filter((data) => data instanceof LoadFailure || data.loaded !== false),
              ),
              signal,
            ),
    // The stream already retries loads with backoff and only fails for good.
    retry: false,
    // Merges keep every unchanged message's identity; TanStack's by-index sharing would only cost time.
    structuralSharing: false,
  }
}

const queueStatuses = (
  client: ConversationClient,
  live: LiveOptions = {},
): ConversationQueryOptions<QueueStatusesData, QueueStatusesKey> => ({
  queryKey: queueStatusesKey(),
  queryFn: ({ signal }) => firstValue(liveQueueStatuses(client, live), signal),
  retry: false,
})

/**
 * `queryOptions` / `infiniteQueryOptions` for every read. Use them with `useQuery`, `useSuspenseQuery`,
 * `useQueries`, `prefetchQuery`, `ensureQueryData`, `getQueryData`... on the client or on the server. Each passes
 * the query's `signal` to the request, and types its error as core's {@link AnyConversationError}. `retry` is
 * `false` because core already retried each request (see the README's retry table). `detail` and `messages` also
 * take an `undefined` uuid (a conversation not chosen yet): the query then waits, with TanStack's `skipToken`.
 */
export const conversationQueries: ConversationQueries = { list, detail, messages, queueStatuses }
