import { isPermanentError } from '@uc-conversation/core'

/** Core's rule (the one rxjs's streams stop on too), re-exported where react-query users look for it. */
export { isPermanentError }

/** TanStack's `retry` option (queries and mutations). */
export type RetryOption<TError = unknown> =
  | boolean
  | number
  | ((failureCount: number, error: TError) => boolean)

/**
 * An app's own `retry` option, made to never repeat a permanent error: core already retried each request
 * (network errors, timeouts, 429, 5xx), so TanStack retries on top of it only where the app asks, and never
 * for core's permanent errors (401, 403, 404, 410, input refused before sending).
 */
export function withoutPermanentRetries<TError>(retry: RetryOption<TError>): RetryOption<TError>
export function withoutPermanentRetries<TError>(
  retry: RetryOption<TError> | undefined,
): RetryOption<TError> | undefined
export function withoutPermanentRetries<TError>(
  retry: RetryOption<TError> | undefined,
): RetryOption<TError> | undefined {
  if (retry === undefined || retry === false || retry === 0) return retry
  return (failureCount, error) =>
    !isPermanentError(error) &&
    (typeof retry === 'function' ? retry(failureCount, error) : retry === true || failureCount < retry)
}

/** @internal `options` with its `retry` (if any) made safe by {@link withoutPermanentRetries}. */
export const guardRetry = <T extends { retry?: unknown }>(options: T): T =>
  options.retry === undefined
    ? options
    : { ...options, retry: withoutPermanentRetries(options.retry as RetryOption<unknown>) }
