import {
  ConversationError,
  ConversationHttpError,
  ConversationNetworkError,
  ConversationParseError,
  ConversationTimeoutError,
} from './errors'
import type { RateGate } from './rate-gate'
import { sleep } from './sleep'
import type { Transport, TransportRequest, TransportResponse } from './transport'
import type { ApiWarning, ResponseEnvelope } from './types'

/** How failed requests are retried. Retried: network errors, timeouts, 429, 500, 502, 503, 504. */
export interface RetryOptions {
  /**
   * Retries after the first attempt.
   * @default 3
   */
  retries?: number
  /**
   * Backoff base: attempt n waits a random time up to `min(maxDelayMs, baseDelayMs * 2^n)` (full jitter).
   * @default 500
   */
  baseDelayMs?: number
  /**
   * Backoff ceiling.
   * @default 30000
   */
  maxDelayMs?: number
  /**
   * A `Retry-After` longer than this is not waited for: the error is thrown instead.
   * @default 60000
   */
  maxRetryAfterMs?: number
}

/** Defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: Required<RetryOptions> = {
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
}

/** Options every operation takes in its trailing object. */
export interface CallOptions {
  /** Aborts the request, a wait for a slot, or a backoff sleep; its reason is rethrown untouched. */
  signal?: AbortSignal
  /** Overrides the client's `timeoutMs` for this call (per attempt). */
  timeoutMs?: number
  /** Extra headers for this call. */
  headers?: Record<string, string>
}

/** Hooks to observe or adjust requests. They see credentials in `request.headers`: do not log those. */
export interface ClientHooks {
  /** Before each attempt; may change `request.headers`. */
  onRequest?: (request: TransportRequest) => void | Promise<void>
  /** After each attempt that got an HTTP answer. */
  onResponse?: (response: TransportResponse, request: TransportRequest) => void
  /** When a successful response carries a `warning`. */
  onWarning?: (warning: ApiWarning, request: TransportRequest) => void
}

/**
 * @internal How a response is used: `VOID` operations resolve to `undefined`; `ONCE` (startConversation) only
 * retries failures that prove the server did not act.
 */
export const VOID = 1
export const ONCE = 2

/** @internal */
export interface RequesterConfig extends ClientHooks {
  baseUrl: string
  transport: Transport
  headers: () => Record<string, string> | Promise<Record<string, string>>
  timeoutMs: number
  retry: Required<RetryOptions> | false
  gate: RateGate
}

const RETRY_STATUS = [429, 500, 502, 503, 504]

const parseRetryAfter = (value: string | null): number | undefined => {
  if (!value) return undefined
  const ms = +value >= 0 ? +value * 1000 : Date.parse(value) - Date.now()
  return Number.isNaN(ms) ? undefined : Math.max(0, ms)
}

/**
 * Failures worth another attempt: no HTTP answer (network error, timeout) or 429, 500, 502, 503, 504. The one
 * rule every layer uses; anything else (bad input, credentials, unknown conversation) fails the same way again.
 */
export const isRetryableError = (error: unknown): boolean =>
  error instanceof ConversationHttpError
    ? RETRY_STATUS.includes(error.status)
    : error instanceof ConversationNetworkError || error instanceof ConversationTimeoutError

/** A refused connection proves the request never reached the server. */
const neverSent = (error: unknown) =>
  error instanceof ConversationHttpError
    ? error.status === 429
    : error instanceof ConversationNetworkError &&
      /ECONNREFUSED|ENOTFOUND/.test(String((error.cause as { cause?: { code?: string } })?.cause?.code))

/** @internal The request loop: slot, attempt with timeout, parse, classify, retry. */
export const createRequester =
  (config: RequesterConfig) =>
  async (
    call: CallOptions = {},
    method: TransportRequest['method'],
    path: string | (() => string),
    query?: Record<string, string | number | undefined> | 0,
    json?: unknown,
    mode?: number,
  ): Promise<unknown> => {
    const { gate, retry } = config
    const counters = gate.counters
    const signal = call.signal
    const timeoutMs = call.timeoutMs ?? config.timeoutMs
    let url = config.baseUrl + (typeof path === 'string' ? path : path())
    let sep = '?'
    for (const key in query as object) {
      const value = (query as Record<string, string | number | undefined>)[key]
      if (value !== undefined) {
        url += `${sep}${key}=${encodeURIComponent(value)}`
        sep = '&'
      }
    }
    const body = json ? JSON.stringify(json) : undefined
    for (let attempt = 0; ; attempt++) {
      let error: ConversationError
      const base = config.headers()
      const headers = { ...('then' in base ? await base : base), ...call.headers }
      if (body !== undefined) headers['Content-Type'] = 'application/json'
      signal?.throwIfAborted()
      const wait = gate.acquire(signal)
      if (wait) await wait
      // The signal is made on first read: an AbortSignal costs more than a small in-memory exchange. Timeouts
      // and aborts reach the transport through it (fetch honours it).
      let controller: AbortController | undefined
      let timedOut = false
      const request: TransportRequest = {
        method,
        url,
        headers,
        body,
        get signal() {
          controller ??= new AbortController()
          return controller.signal
        },
      }
      const onAbort = () => controller?.abort(signal!.reason)
      signal?.addEventListener('abort', onAbort)
      const timer = setTimeout(() => {
        timedOut = true
        controller?.abort()
      }, timeoutMs)
      try {
        if (config.onRequest) await config.onRequest(request)
        counters.sent++
        const response = await config.transport(request)
        const text = await response.text()
        config.onResponse?.(response, request)
        const status = response.status
        let parsed: ResponseEnvelope | undefined
        if (text) {
          try {
            parsed = JSON.parse(text)
          } catch {
            parsed = undefined
          }
        }
        if (status > 199 && status < 300 && (parsed || !text) && parsed?.success !== false) {
          if (parsed?.warning) config.onWarning?.(parsed.warning, request)
          return mode === VOID ? undefined : parsed
        }
        const restError = response.headers.get('UC-REST-ERROR') ?? undefined
        const httpError =
          text && !parsed
            ? new ConversationParseError(status, text, restError)
            : new ConversationHttpError(status, parsed?.error, restError)
        httpError.body = parsed
        httpError.retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'))
        if (status === 429) counters.rateLimited++
        error = httpError
      } catch (thrown) {
        if (signal?.aborted) throw signal.reason
        error =
          thrown instanceof ConversationError
            ? thrown
            : timedOut
              ? new ConversationTimeoutError(timeoutMs)
              : new ConversationNetworkError(`Request failed: ${thrown}`, thrown)
      } finally {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        gate.release()
      }
      error.method = method
      error.url = url
      const retryable =
        retry && attempt < retry.retries && (mode === ONCE ? neverSent(error) : isRetryableError(error))
      const retryAfter = (error as ConversationHttpError).retryAfterMs
      if (!retryable || (retryAfter ?? 0) > retry.maxRetryAfterMs) throw error
      counters.retried++
      await sleep(
        retryAfter ?? Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt),
        signal,
      )
    }
  }
