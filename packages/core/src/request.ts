import { AttemptRequest } from './attempt-request'
import {
  type AnyConversationError,
  ConversationHttpError,
  ConversationOutcomeUnknownError,
  ConversationParseError,
  ConversationTimeoutError,
  isConversationError,
  networkErrorOf,
} from './errors'
import type { Operation } from './operations/operation'
import type { RateGate } from './rate-gate'
import { scrubSecrets } from './scrub-secrets'
import { sleep } from './sleep'
import type { Transport, TransportRequest, TransportResponse } from './transport'
import type { ApiWarning, ResponseEnvelope } from './types'
import {
  must,
  optionalHeaders,
  optionalInt,
  optionalOneOf,
  optionalQueryValue,
  requireObject,
  requireString,
} from './validate'

/** How failed requests are retried. Retried: network errors, timeouts, 429, 500, 502, 503, 504. */
export interface RetryOptions {
  /**
   * Retries after the first attempt.
   * @default 3
   */
  retries?: number | undefined
  /**
   * Backoff base: attempt n waits a random time up to `min(maxDelayMs, baseDelayMs * 2^n)` (full jitter).
   * @default 500
   */
  baseDelayMs?: number | undefined
  /**
   * Backoff ceiling.
   * @default 30000
   */
  maxDelayMs?: number | undefined
  /**
   * A `Retry-After` longer than this is not waited for: the error is thrown instead.
   * @default 60000
   */
  maxRetryAfterMs?: number | undefined
}

/** Defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: Record<keyof RetryOptions, number> = {
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
}

/** Largest `timeoutMs`: a longer timer would fire at once (timers hold a signed 32-bit delay). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1

/** Options every operation takes in its trailing object. */
export interface CallOptions {
  /** Aborts the request, a wait for a slot, or a backoff sleep; its reason is rethrown untouched. */
  signal?: AbortSignal | undefined
  /** Overrides the client's `timeoutMs` for this call (per attempt): an integer from 1 to {@link MAX_TIMEOUT_MS}. */
  timeoutMs?: number | undefined
  /** Extra headers for this call: names that are HTTP tokens, values without CR, LF, NUL, within Latin-1. */
  headers?: Record<string, string> | undefined
  /**
   * Overrides the client's retry policy for this call: `false` for a single attempt, or fields merged over the
   * client's policy (over {@link DEFAULT_RETRY} when the client retries nothing).
   */
  retry?: RetryOptions | false | undefined
}

/** @internal Validates what {@link CallOptions} and the client options share. */
export const checkCallOptions = (call: CallOptions): void => {
  requireObject(call, 'options')
  const signal = call.signal
  must(signal === undefined || typeof signal?.throwIfAborted === 'function', 'signal', 'an AbortSignal')
  optionalInt(call.timeoutMs, 'timeoutMs', 1, MAX_TIMEOUT_MS)
  optionalHeaders(call.headers)
  const retry = call.retry
  if (retry !== false && retry !== undefined) {
    requireObject(retry, 'retry')
    for (const key in DEFAULT_RETRY) optionalInt(retry[key as keyof RetryOptions], `retry.${key}`, 0)
  }
}

/** Hooks to observe or adjust requests. They see credentials in `request.headers`: do not log those. */
export interface ClientHooks {
  /** Before each attempt; may change `request.headers`. */
  onRequest?: ((request: TransportRequest) => void | Promise<void>) | undefined
  /** After each attempt that got an HTTP answer. */
  onResponse?: ((response: TransportResponse, request: TransportRequest) => void) | undefined
  /** When a successful response carries a `warning`. */
  onWarning?: ((warning: ApiWarning, request: TransportRequest) => void) | undefined
}

/** @internal */
export interface RequesterConfig extends ClientHooks {
  baseUrl: string
  transport: Transport
  /** The headers of every attempt, or a function asked before each one (with a token function). */
  headers: Record<string, string> | (() => Promise<Record<string, string>>)
  timeoutMs: number
  retry: Record<keyof RetryOptions, number> | false
  gate: RateGate
  /** Called once per finished attempt: `undefined` for a success, else its error. Must not throw. */
  outcome: (error?: AnyConversationError) => void
  /** Credentials to scrub from every error (the set grows as token functions answer). */
  secrets: Set<string>
}

const RETRY_STATUS = [429, 500, 502, 503, 504]

/** Seconds or an HTTP date, as milliseconds from now (0 for a date past); `undefined` when absent or invalid. */
const parseRetryAfter = (value: string | null): number | undefined => {
  const ms = value ? (+value >= 0 ? +value * 1000 : Date.parse(value) - Date.now()) : Number.NaN
  return ms >= 0 ? ms : ms < 0 ? 0 : undefined
}

/**
 * Failures worth another attempt: no HTTP answer (network error, timeout) or 429, 500, 502, 503, 504. The one
 * rule every layer uses; anything else (bad input, credentials, unknown conversation) fails the same way again,
 * and an `outcome-unknown` write must be verified, not repeated.
 */
export const isRetryableError = (error: unknown): boolean =>
  isConversationError(error) &&
  // An HTTP or parse error: its status says; else no answer came (network, timeout) or none was sent.
  ('status' in error
    ? RETRY_STATUS.includes(error.status)
    : error.kind === 'network' || error.kind === 'timeout')

const templates = new WeakMap<Operation, string[]>()

/** @internal The request loop: slot, attempt with timeout, parse, classify, retry. */
export const createRequester =
  (config: RequesterConfig) =>
  async (op: Operation, args: readonly unknown[]): Promise<unknown> => {
    const ints = op.ints ?? {}
    const int = (value: unknown, name: string) => optionalInt(value, name, ...(ints[name] as [number]))
    let i = 0
    // Positional: path parameters in path order, then a required body, then the options.
    // The template split once per operation, [literal, name, literal, …]: a replace with a callback per call costs
    // ~5 % of a small call's CPU (bench/core-overhead.mjs, 200-byte body).
    let parts = templates.get(op)
    if (!parts) {
      parts = op.path.split(/\{(\w+)\}/)
      templates.set(op, parts)
    }
    let path = parts[0]!
    for (let p = 1; p < parts.length; p += 2) {
      const name = parts[p]!
      const value = args[i++]
      if (ints[name]) int(value ?? null, name)
      else requireString(value, name)
      path += encodeURIComponent(value as string) + parts[p + 1]
    }
    const required = op.body === 'required'
    const given = args[i + +required]
    const call = (given === undefined ? {} : given) as CallOptions & Record<string, unknown>
    checkCallOptions(call)
    // A required body is positional, an optional one the `body` option; without a body the option is not read.
    const json = required ? args[i++] : op.body && call.body
    if (required || json !== undefined) requireObject(json, required ? 'request' : 'body')
    // The query string is built with its checks (range, form, required): nothing is sent before every check passed.
    let url = config.baseUrl + path
    let sep = '?'
    for (const key in op.query) {
      const name = op.query[key]!
      const value = call[name] as string | number | boolean | undefined
      if (value === undefined) must(!op.required?.includes(name), name, 'given')
      else {
        if (ints[name]) int(value, name)
        else optionalQueryValue(value, name)
        url += `${sep}${key}=${encodeURIComponent(value)}`
        sep = '&'
      }
    }
    // Enum names are body fields, or query options of an operation without a body.
    for (const name in op.enums)
      optionalOneOf(((json ?? call) as Record<string, unknown>)[name], name, op.enums[name]!)
    op.check?.(args)
    const gate = config.gate
    const counters = gate.counters
    const retry =
      call.retry === undefined
        ? config.retry
        : call.retry && { ...(config.retry || DEFAULT_RETRY), ...call.retry }
    const signal = call.signal
    const timeoutMs = call.timeoutMs ?? config.timeoutMs
    const method = op.method
    // `undefined` without a body (JSON.stringify(undefined) is undefined).
    const body = JSON.stringify(json) as string | undefined
    // Whether an earlier attempt may have been carried out (it failed after it may have reached the server).
    let maybeDone = false
    for (let attempt = 0; ; attempt++) {
      let error: AnyConversationError | undefined
      const base = config.headers
      const headers = { ...(typeof base === 'function' ? await base() : base), ...call.headers }
      if (body) headers['Content-Type'] = 'application/json'
      signal?.throwIfAborted()
      // A slot, budget, and while the server is unreachable the probe's turn or its failure (then sent nothing).
      let probe = gate.acquire(signal)
      if (typeof probe === 'object') probe = await probe
      if (typeof probe === 'object') error = probe
      else {
        // The AbortController, the timeout timer and the link to the caller's signal are made when the signal is
        // first read: together they cost more than a small in-memory exchange, and a transport that never reads
        // the signal could not be interrupted by it anyway.
        let controller: AbortController | undefined
        let timer: ReturnType<typeof setTimeout> | undefined
        const onAbort = () => controller!.abort(signal!.reason)
        const request = new AttemptRequest(method, url, headers, body, () => {
          if (!controller) {
            controller = new AbortController()
            timer = setTimeout(() => controller!.abort(), timeoutMs)
            // The caller may have aborted while an onRequest hook ran, before anyone read this signal.
            if (signal?.aborted) onAbort()
            else signal?.addEventListener('abort', onAbort)
          }
          return controller.signal
        })
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
              // Not JSON: a ConversationParseError below, with the raw text.
            }
          }
          if (status > 199 && status < 300 && (parsed || !text) && parsed?.success !== false) {
            if (parsed?.warning) config.onWarning?.(parsed.warning, request)
            config.outcome()
            return op.result ? undefined : parsed
          }
          // A DELETE retried after an attempt that may have been carried out: 404 says it was.
          if (status === 404 && maybeDone && method === 'DELETE') {
            config.outcome()
            return op.result ? undefined : { success: true }
          }
          const restError = response.headers.get('UC-REST-ERROR') ?? undefined
          if (text && !parsed) error = new ConversationParseError(status, 'unparseable body', text, restError)
          else {
            error = new ConversationHttpError(status, parsed?.error, restError)
            error.body = parsed
            error.retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'))
          }
          if (status === 429) counters.rateLimited++
        } catch (thrown) {
          if (signal?.aborted) throw signal.reason
          error = isConversationError(thrown)
            ? thrown
            : // Only the timer aborts our controller by itself: the caller's abort was rethrown above.
              controller?.signal.aborted
              ? new ConversationTimeoutError(timeoutMs)
              : networkErrorOf(thrown)
        } finally {
          if (controller) {
            clearTimeout(timer)
            signal?.removeEventListener('abort', onAbort)
          }
          gate.release(probe, signal?.aborted ? null : error)
        }
      }
      error.method = method
      error.url = url
      config.outcome(scrubSecrets(error, config.secrets))
      // A refused connection or an unknown host proves the request never reached the server; so does a 429, and a
      // call held back while the server is unreachable (`EUNREACHABLE`).
      const unsent =
        error.kind === 'http'
          ? error.status === 429
          : /ECONNREFUSED|ENOTFOUND|EUNREACHABLE/.test(`${(error as { code?: string }).code}`)
      maybeDone ||= !unsent
      const retryable = isRetryableError(error)
      const retryAfter = (error as ConversationHttpError).retryAfterMs
      // A write that must not be repeated, failed after it may have been carried out: say so, typed. (Past this
      // line a retryable failure of such a write is one that was never sent.)
      if (op.once && !unsent && retryable) throw new ConversationOutcomeUnknownError(op, error)
      if (!retry || attempt >= retry.retries || !retryable || (retryAfter ?? 0) > retry.maxRetryAfterMs)
        throw error
      counters.retried++
      await sleep(
        retryAfter ?? Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt),
        signal,
      )
    }
  }
