import { ConversationError, ConversationHttpError } from '@uc-conversation/core'

const PERMANENT_STATUS = [400, 401, 403, 404, 410]

/**
 * Errors that retrying cannot fix (bad credentials, a disabled application, an unknown conversation, a missing
 * WebSocket): streams end with these instead of retrying forever. Everything else (network, timeouts, 429,
 * 5xx) is worth another attempt.
 */
export const isPermanentError = (error: unknown): boolean =>
  error instanceof ConversationHttpError
    ? PERMANENT_STATUS.includes(error.status)
    : error instanceof ConversationError && (error.kind === 'validation' || error.kind === 'config')
