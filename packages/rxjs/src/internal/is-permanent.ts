import { ConversationError, isRetryableError } from '@uc-conversation/core'

/**
 * Errors that retrying cannot fix (bad input or credentials, a disabled application, an unknown conversation, a
 * missing WebSocket): streams end with these instead of retrying forever. Core's `isRetryableError` is the one
 * rule; errors that are not ConversationErrors at all (a stream's own failure) stay worth another attempt.
 */
export const isPermanentError = (error: unknown): boolean =>
  error instanceof ConversationError && !isRetryableError(error)
