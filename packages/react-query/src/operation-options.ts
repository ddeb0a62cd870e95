import { mutationOptions, queryOptions, type UnusedSkipTokenOptions } from '@tanstack/react-query'
import type { AnyConversationError, ConversationClient } from '@uc-conversation/core'
import type { Operation } from '@uc-conversation/core/operations'
import { conversationKeys, type OperationData, type OperationKey } from './conversation-keys'
import type { ConversationMutationOptions } from './conversation-mutations'
import { splitOperationArgs } from './operation-args'

/** Options of one operation's query (what `queryOptions` returns), typed by the operation's descriptor. */
export type OperationQueryOptions<Result> = UnusedSkipTokenOptions<
  OperationData<Result>,
  AnyConversationError,
  OperationData<Result>,
  OperationKey<Result>
> & { queryKey: OperationKey<Result> }

/**
 * The caller's signal and TanStack's both abort the request: the caller's for its own reasons, TanStack's when
 * the query is cancelled or loses its last observer.
 */
const bothSignals = (own: unknown, query: AbortSignal): AbortSignal =>
  own instanceof AbortSignal && own !== query ? AbortSignal.any([own, query]) : query

/**
 * `queryOptions` for any operation of `@uc-conversation/core/operations` that reads: the `GET`s, and the
 * `POST`/`PUT` reads such as `getConversationsSearch`, `getConversationsAutocomplete`,
 * `searchConversationCannedMessages`, `getLocationsForEngagement` or `getConversationContext`. `args` are the
 * operation's own (path parameters, a required body, then options), as for `client.call`; the key is
 * {@link conversationKeys.operation} of them. The query's `signal` aborts the request; the data is the
 * operation's result (`null` for an operation that answers nothing, since TanStack caches no `undefined`); the
 * error is core's. `retry` is `false`: core already retried what is safe to retry. Nothing stops a write from
 * being passed: do not, since TanStack refetches queries on its own (focus, reconnect, remount).
 *
 * @example
 * useQuery(operationQueryOptions(client, getConversationCannedMessages))
 */
export function operationQueryOptions<Args extends readonly unknown[], Result>(
  client: ConversationClient,
  operation: Operation<Args, Result>,
  ...args: Args
): OperationQueryOptions<Result> {
  const { positional, options } = splitOperationArgs(operation, args)
  return queryOptions<
    OperationData<Result>,
    AnyConversationError,
    OperationData<Result>,
    OperationKey<Result>
  >({
    queryKey: conversationKeys.operation(operation, args),
    queryFn: async ({ signal }) => {
      const call = client.call as (operation: Operation, ...args: unknown[]) => Promise<unknown>
      const result = await call(operation, ...positional, {
        ...options,
        signal: bothSignals(options?.signal, signal),
      })
      return (result ?? null) as OperationData<Result>
    },
    retry: false,
  })
}

/**
 * `mutationOptions` for any operation of `@uc-conversation/core/operations` that writes. The variables are the
 * operation's arguments as a tuple (`mutate([oid, message])`); the `mutationKey` is the operation's
 * {@link conversationKeys.operation} prefix (so `useIsMutating({ mutationKey })` counts its calls); errors are
 * core's. No cache update is built in: add yours with `onSuccess` (the hooks of this package do, e.g.
 * `useInsertCannedMessage`). Never retried by TanStack (`retry: false`): core retries what is safe to retry,
 * and never repeats a create whose request may have reached the server.
 *
 * @example
 * useMutation(operationMutationOptions(client, markReadConversation)).mutate([conversationUuid])
 */
export function operationMutationOptions<Args extends readonly unknown[], Result>(
  client: ConversationClient,
  operation: Operation<Args, Result>,
): ConversationMutationOptions<Result, Args> {
  return mutationOptions<Result, AnyConversationError, Args>({
    mutationKey: conversationKeys.operation(operation),
    retry: false,
    mutationFn: (args: Args) => client.call(operation, ...args),
  })
}
