import type { ApiError } from './types'

/** What went wrong, for `switch` without `instanceof`. */
export type ConversationErrorKind = 'validation' | 'config' | 'network' | 'timeout' | 'http' | 'parse'

/**
 * Base of every error this toolkit throws (the caller's own abort is rethrown untouched instead).
 * Holds no credentials: messages, `toJSON()` and `util.inspect` output are safe to log.
 */
export class ConversationError extends Error {
  override name = 'ConversationError'
  declare readonly kind: ConversationErrorKind
  /** HTTP method of the failed request, when there was one. */
  declare method?: string
  /** URL of the failed request (credentials travel in headers, never in the URL). */
  declare url?: string

  constructor(kind: ConversationErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.kind = kind
  }

  toJSON(): Record<string, unknown> {
    // `name` is an own field already; `message` is not enumerable on an Error.
    return { ...(this as object), message: this.message }
  }
}

/** Input rejected before anything was sent. */
export class ConversationValidationError extends ConversationError {
  override name = 'ConversationValidationError'
  /** The offending field, e.g. `limit` or `agent_status`. */
  declare readonly field: string
  /** The rule it broke, e.g. `an integer from 1 to 200`. */
  declare readonly rule: string

  constructor(field: string, rule: string) {
    super('validation', `Invalid ${field}: must be ${rule}`)
    this.field = field
    this.rule = rule
  }
}

/** The request never got an HTTP answer (DNS, refused, reset...). */
export class ConversationNetworkError extends ConversationError {
  override name = 'ConversationNetworkError'
  constructor(message: string, cause: unknown) {
    super('network', message, { cause })
  }
}

/** No answer within `timeoutMs`. */
export class ConversationTimeoutError extends ConversationError {
  override name = 'ConversationTimeoutError'
  declare readonly timeoutMs: number
  constructor(timeoutMs: number) {
    super('timeout', `No response within ${timeoutMs} ms`)
    this.timeoutMs = timeoutMs
  }
}

/** The server answered with an error status, or with 200 and `success: false`. */
export class ConversationHttpError extends ConversationError {
  override name = 'ConversationHttpError'
  declare readonly status: number
  /** Text for end users, from `error.user_message`. */
  declare userMessage?: string
  declare developerMessage?: string
  declare errorCode?: string
  declare objectId?: string
  declare moreInfo?: string
  /** The `UC-REST-ERROR` header. */
  declare restError?: string
  /** From `Retry-After`, when the server sent one. */
  declare retryAfterMs?: number
  /** The parsed body, when it was JSON. */
  declare body?: unknown

  constructor(
    status: number,
    error: ApiError | undefined,
    restError: string | undefined,
    kind: ConversationErrorKind = 'http',
    detail = error?.developer_message || error?.user_message || restError,
  ) {
    super(kind, `HTTP ${status}${detail ? `: ${detail}` : ''}`)
    this.status = status
    this.restError = restError
    if (error) {
      this.userMessage = error.user_message
      this.developerMessage = error.developer_message
      this.errorCode = error.error_code
      this.objectId = error.object_id
      this.moreInfo = error.more_info
    }
  }
}

/** The body could not be parsed (an HTML 502 page, truncated JSON); `rawText` holds what came. */
export class ConversationParseError extends ConversationHttpError {
  override name = 'ConversationParseError'
  declare readonly rawText: string
  constructor(status: number, rawText: string, restError: string | undefined) {
    super(status, undefined, restError, 'parse', 'unparseable body')
    this.rawText = rawText
  }
}
