import type { UseMutationOptions } from '@tanstack/react-query'
import type { AnyConversationError } from '@uc-conversation/core'
import { guardRetry } from './permanent-errors'

/**
 * TanStack options a mutation hook accepts: everything but what its `conversationMutations` entry owns. Callbacks
 * see the error as core's {@link AnyConversationError} (or what the hook says, e.g. an upload's abort reason).
 */
export type ConversationMutationHookOptions<
  TData,
  TVariables,
  TOnMutateResult = unknown,
  TError = AnyConversationError,
> = Omit<
  UseMutationOptions<TData, TError, TVariables, TOnMutateResult>,
  'mutationFn' | 'mutationKey' | 'onMutate'
>

type Callback = ((...args: never[]) => unknown) | undefined

const both = <F extends Callback>(first: F, second: F): F =>
  (first && second
    ? async (...args: never[]) => {
        await first(...args)
        return second(...args)
      }
    : (first ?? second)) as F

/**
 * @internal The built-in cache updates run first, then the caller's callbacks (spreading would replace ours).
 * A caller's `retry` never repeats a permanent error. No built-in mutation has an `onSettled`: the caller's is
 * spread as it is.
 */
export function composeMutationOptions<T extends object, U extends object>(base: T, options: U): T & U {
  const b = base as { onSuccess?: Callback; onError?: Callback }
  const o = options as typeof b
  return {
    ...base,
    ...(guardRetry(options as { retry?: unknown }) as U),
    onSuccess: both(b.onSuccess, o.onSuccess),
    onError: both(b.onError, o.onError),
  }
}
