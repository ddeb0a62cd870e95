import type { Operation } from './operations/operation'
import type { ApiError } from './types'

/** What went wrong: each kind is exactly one error class, so `switch (error.kind)` narrows to it. */
export type ConversationErrorKind = AnyConversationError['kind']

/** Every error this toolkit throws, as a union narrowable by `kind`. */
export type AnyConversationError =
  | ConversationValidationError
  | ConversationConfigError
  | ConversationNetworkError
  | ConversationTimeoutError
  | ConversationHttpError
  | ConversationParseError
  | ConversationOutcomeUnknownError

// The brand is shared by every copy of core in a process (ESM and CJS side by side, two versions in one bundle):
// `instanceof` and `isConversationError` recognise an error from another copy by it, not by prototype identity.
// On an error it is a prototype getter naming the kind; on a class, the kind it stands for (none for the base).
const BRAND = Symbol.for('@uc-conversation/core/error')

/**
 * Base of every error this toolkit throws (the caller's own abort is rethrown untouched instead).
 * Holds no credentials: messages, `toJSON()` and `util.inspect` output are safe to log.
 *
 * `error instanceof ConversationError` narrows to {@link AnyConversationError}, so `switch (error.kind)` then
 * reaches each class's own fields; it also holds for errors from another loaded copy of core.
 */
export class ConversationError extends Error {
  declare readonly kind: ConversationErrorKind
  /** HTTP method of the failed request, when there was one. */
  declare method?: string
  /** URL of the failed request (credentials travel in headers, never in the URL). */
  declare url?: string

  /** Only subclasses construct: a kind without its class's fields would be a lie. */
  protected constructor(kind: ConversationErrorKind, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause })
    // The class's own name (`ConversationHttpError` for 'http', `ConversationOutcomeUnknownError` for
    // 'outcome-unknown'): minifiers rename classes, not strings.
    this.name = `Conversation${kind.replace(/(?:^|-)(.)/g, (_, c: string) => c.toUpperCase())}Error`
    this.kind = kind
  }

  get [BRAND](): ConversationErrorKind {
    return this.kind
  }

  static override [Symbol.hasInstance]<T>(
    this: { prototype: T },
    value: unknown,
  ): value is ConversationError extends T ? AnyConversationError : T {
    const kind = (value as { [BRAND]?: string } | null)?.[BRAND]
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of `instanceof`, a subclass included
    const own = (this as { [BRAND]?: string })[BRAND]
    return kind !== undefined && (own === undefined || own === kind)
  }

  toJSON(): Record<string, unknown> {
    // `name` is an own field already; `message` is not enumerable on an Error.
    return { ...(this as object), message: this.message }
  }
}

/** True for every error this toolkit throws, from any loaded copy of core. */
export const isConversationError = (value: unknown): value is AnyConversationError =>
  value instanceof ConversationError

/** Input rejected before anything was sent. */
export class ConversationValidationError extends ConversationError {
  static readonly [BRAND] = 'validation'
  declare readonly kind: 'validation'
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

/** The runtime lacks something the client needs (e.g. a global `fetch`); nothing was sent. */
export class ConversationConfigError extends ConversationError {
  static readonly [BRAND] = 'config'
  declare readonly kind: 'config'
  constructor(message: string) {
    super('config', message)
  }
}

/** The request never got an HTTP answer (DNS, refused, reset...). */
export class ConversationNetworkError extends ConversationError {
  static readonly [BRAND] = 'network'
  declare readonly kind: 'network'
  /** The system error code when the runtime gave one, e.g. `ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`. */
  declare readonly code?: string
  /** @param message what happened, e.g. `ECONNREFUSED 127.0.0.1:8787` (see {@link networkErrorOf}) */
  constructor(message: string, cause?: unknown, code?: string) {
    super('network', message, cause)
    if (code) this.code = code
  }
}

/** No answer within `timeoutMs`. */
export class ConversationTimeoutError extends ConversationError {
  static readonly [BRAND] = 'timeout'
  declare readonly kind: 'timeout'
  declare readonly timeoutMs: number
  constructor(timeoutMs: number, message = `No response within ${timeoutMs} ms`) {
    super('timeout', message)
    this.timeoutMs = timeoutMs
  }
}

/** The server answered with an error status, or with 200 and `success: false`. */
export class ConversationHttpError extends ConversationError {
  static readonly [BRAND] = 'http'
  declare readonly kind: 'http'
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

  constructor(status: number, error?: ApiError, restError?: string) {
    const detail = error?.developer_message || error?.user_message || restError
    super('http', `HTTP ${status}${detail ? `: ${detail}` : ''}`)
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

/**
 * An answer that could not be used: a body that is not JSON (an HTML 502 page, truncated JSON; `rawText` holds
 * it), or JSON without what the operation promises.
 */
export class ConversationParseError extends ConversationError {
  static readonly [BRAND] = 'parse'
  declare readonly kind: 'parse'
  /** The HTTP status of the answer. */
  declare readonly status: number
  /** The text that came, when it was not JSON. */
  declare readonly rawText?: string
  /** The `UC-REST-ERROR` header. */
  declare restError?: string

  constructor(status: number, message: string, rawText?: string, restError?: string) {
    super('parse', `HTTP ${status}: ${message}`)
    this.status = status
    this.rawText = rawText
    this.restError = restError
  }
}

/**
 * A write that cannot be repeated safely (a `once` operation: `startConversation`, the `insert…` ones) failed after
 * the request may have reached the server: the connection dropped or was reset, no answer came within `timeoutMs`,
 * or a 500, 502, 503 or 504 came back. The server may have carried it out, so it was not retried, and
 * `isRetryableError` says false: sending it again could create a second one. Ask the server what exists before
 * writing again (list the conversations, look for the object by its name), as the outbox does for a message.
 * `cause` is the failure itself (a network, timeout, HTTP or parse error).
 */
export class ConversationOutcomeUnknownError extends ConversationError {
  static readonly [BRAND] = 'outcome-unknown'
  declare readonly kind: 'outcome-unknown'
  /** The operation that was sent (its row of the table: method, path, …). */
  declare readonly operation: Operation
  declare readonly cause: AnyConversationError

  constructor(operation: Operation, cause: AnyConversationError) {
    super('outcome-unknown', `Outcome unknown, not retried: ${cause.message}`, cause)
    this.operation = operation
    this.method = cause.method
    this.url = cause.url
  }
}

interface Failure {
  cause?: unknown
  errors?: Failure[]
  code?: string
  address?: string
  port?: number
  hostname?: string
  message?: string
}

/**
 * A network error saying what happened, from what fetch threw and its `cause` chain: `ECONNREFUSED
 * 127.0.0.1:8787`, `ENOTFOUND secure.ultracart.com`, else the innermost message (a browser's `Failed to fetch`).
 * Deno names no code, only the operating system's words: those are mapped to the same codes, so `code` (and the
 * retry rules that read it) mean the same in every runtime. The one reading of a failed fetch: the client and
 * the proxy both call it.
 */
export const networkErrorOf = (thrown: unknown): ConversationNetworkError => {
  let message = String(thrown)
  for (let e = thrown as Failure | undefined, depth = 0; e && depth < 8; e = e.cause as Failure, depth++) {
    // Undici wraps a failure to reach any of several addresses in an AggregateError: the first says enough.
    const one = e.errors?.[0] ?? e
    if (one.code) {
      const where = one.address ? `${one.address}${one.port ? `:${one.port}` : ''}` : one.hostname
      return new ConversationNetworkError(where ? `${one.code} ${where}` : one.code, thrown, one.code)
    }
    if (one.message) message = one.message
  }
  const code = /connection refused/i.test(message)
    ? 'ECONNREFUSED'
    : /dns error|failed to lookup/i.test(message)
      ? 'ENOTFOUND'
      : /timed out/i.test(message)
        ? 'ETIMEDOUT'
        : undefined
  return new ConversationNetworkError(message, thrown, code)
}
