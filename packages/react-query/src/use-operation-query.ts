'use client'
import { type UseQueryOptions, type UseQueryResult, useQuery } from '@tanstack/react-query'
import type { AnyConversationError } from '@uc-conversation/core'
import type { OperationData, OperationKey } from './conversation-keys'
import type { OperationQueryOptions } from './operation-options'
import { guardRetry } from './permanent-errors'

/** TanStack options the operation hooks accept: everything but the key, the query function and `select`. */
export type OperationHookOptions<Result> = Omit<
  UseQueryOptions<OperationData<Result>, AnyConversationError, OperationData<Result>, OperationKey<Result>>,
  'queryKey' | 'queryFn' | 'select'
>

/** @internal `useQuery` of an operation's options, the caller's options over them, its `retry` guarded. */
export const useOperationQuery = <Result>(
  options: OperationQueryOptions<Result>,
  own: OperationHookOptions<Result>,
): UseQueryResult<OperationData<Result>, AnyConversationError> => useQuery({ ...options, ...guardRetry(own) })
