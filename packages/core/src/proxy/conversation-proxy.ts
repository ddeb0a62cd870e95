import { API_VERSION, DEFAULT_BASE_URL } from '../client'
import { DEFAULT_MAX_BODY_LENGTH } from '../limits'
import { rememberSecret, scrubText } from '../scrub-secrets'
import { headerValue, must } from '../validate'
import { matchOperation, type ProxyOperation } from './match-operation'
import { type ProxyFailure, proxyErrorResponse } from './proxy-error-response'
import { proxyPathSegments } from './proxy-path'
import { readLimitedBody } from './read-limited-body'
import { upstreamFailure } from './upstream-failure'

/**
 * Largest request body forwarded, in bytes: a chat message of core's longest body
 * ({@link DEFAULT_MAX_BODY_LENGTH} UTF-16 units), each unit escaped in JSON as `\uXXXX` (6 bytes), plus 64 KiB
 * for every other field. No operation sends more: files go straight to the upload URL, never through here.
 */
export const DEFAULT_PROXY_MAX_BODY_BYTES = DEFAULT_MAX_BODY_LENGTH * 6 + 64 * 1024

/** How long the proxy waits for the upstream's answer headers before answering 504. */
export const DEFAULT_PROXY_TIMEOUT_MS = 30_000

/**
 * Request headers the proxy passes on; every other header (cookies, `authorization`, `x-ultracart-simple-key`,
 * hop-by-hop headers, `origin`, `x-forwarded-*`) stays behind. A list of what to keep, rather than of what to
 * drop, so that a header nobody thought of is never forwarded with the merchant's credential.
 */
export const DEFAULT_PROXY_FORWARD_HEADERS: readonly string[] = [
  'accept',
  'accept-language',
  'content-type',
  'if-none-match',
  'if-modified-since',
  'x-ultracart-api-version',
]

/** Headers that carry a credential or describe the hop: never forwarded, even when listed. */
const NEVER_FORWARD = new Set([
  'authorization',
  'cookie',
  'x-ultracart-simple-key',
  'proxy-authorization',
  'host',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
])

/**
 * Response headers that describe the upstream hop (`fetch` has already decoded the body, so its encoding and
 * length no longer hold) or would set the upstream's cookies on the proxy's site.
 */
const DROP_RESPONSE = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-encoding',
  'content-length',
  'set-cookie',
])

/** What the person at the console reads when the upstream refuses without UltraCart's envelope. */
const STATUS_TEXT: Record<number, string> = {
  401: 'The conversation server refused the credentials this site uses (401).',
  403: 'The credentials this site uses lack a permission this needs (403).',
  410: 'The authorized application is disabled (410).',
  429: 'Too many requests (429); please wait a moment.',
}

/** A fetch that returns a full `Response` (its body is streamed on to the caller). */
export type ProxyFetch = (url: string, init: RequestInit) => Promise<Response>

/** Options of {@link createConversationProxy}. */
export interface ConversationProxyOptions {
  /**
   * Decides whether this request may use the merchant's credential: check the caller's session, cookie or
   * token here. Required, and checked when the proxy is created, so that no deployment becomes an open proxy
   * for the key by leaving it out. Answering `false` (or throwing) refuses with 401 before anything is sent.
   * Where the network alone limits who reaches the proxy (a dev server on 127.0.0.1), say so: `() => true`.
   * There is no default and no `'anyone'` value on purpose: allowing everyone must be written out.
   */
  authorize: (request: Request) => boolean | Promise<boolean>
  /**
   * The merchant's simple key, sent as `x-ultracart-simple-key`. Exactly one of this and `accessToken`.
   * @default none (then `accessToken` is required)
   */
  simpleKey?: string | undefined
  /**
   * An OAuth access token (sent as `Authorization: Bearer …`, as core's client sends it), or a function asked
   * per request (refresh it there). Exactly one of this and `simpleKey`.
   * @default none (then `simpleKey` is required)
   */
  accessToken?: (string | (() => string | Promise<string>)) | undefined
  /**
   * Where requests go.
   * @default DEFAULT_BASE_URL (UltraCart's REST v2)
   */
  baseUrl?: string | undefined
  /**
   * The path the proxy is mounted at: a request's path must start with it, and the rest is matched against
   * the operations' path templates. A Next route `app/rest/v2/[...path]/route.ts` is mounted at `/rest/v2`.
   * @default '/rest/v2'
   */
  basePath?: string | undefined
  /**
   * The operations forwarded: rows of core's table (`@uc-conversation/core/operations`), or a test on them
   * (e.g. `(o) => o.group === 'chat'`). Only narrows: a row that is not in the table is refused at creation.
   * @default every operation of `OPERATIONS`
   */
  operations?: (readonly ProxyOperation[] | ((operation: ProxyOperation) => boolean)) | undefined
  /**
   * Largest request body forwarded, in bytes; a larger one is answered 413 without being read to the end.
   * @default DEFAULT_PROXY_MAX_BODY_BYTES
   */
  maxBodyBytes?: number | undefined
  /**
   * Milliseconds to wait for the upstream's answer headers; then 504 in UltraCart's error envelope.
   * @default DEFAULT_PROXY_TIMEOUT_MS
   */
  timeoutMs?: number | undefined
  /**
   * Request headers passed on (lower case). Credentials and hop-by-hop headers are refused here.
   * @default DEFAULT_PROXY_FORWARD_HEADERS
   */
  forwardHeaders?: readonly string[] | undefined
  /** @default globalThis.fetch, looked up per request */
  fetch?: ProxyFetch | undefined
  /**
   * Told of every answer the proxy gives itself (a refusal, an unreachable upstream), for logs. Its texts hold
   * no credential.
   * @default none
   */
  onFailure?: ((failure: ProxyFailure, request: Request) => void) | undefined
}

const failure = (
  status: number,
  errorCode: string,
  developerMessage: string,
  userMessage: string,
): ProxyFailure => ({ status, errorCode, developerMessage, userMessage })

/** @internal {@link createConversationProxy} over a given operation table (its tests use a few rows). */
export function conversationProxyOver(
  table: readonly ProxyOperation[],
  options: ConversationProxyOptions,
): (request: Request) => Promise<Response> {
  must(options !== null && typeof options === 'object', 'options', 'an object')
  const { authorize, simpleKey, accessToken } = options
  must(typeof authorize === 'function', 'authorize', 'a function deciding who may use the proxy')
  must((simpleKey === undefined) !== (accessToken === undefined), 'simpleKey', 'set, or else accessToken')
  if (simpleKey !== undefined) headerValue(simpleKey, 'simpleKey')
  if (typeof accessToken === 'string') headerValue(accessToken, 'accessToken')
  must(
    accessToken === undefined || typeof accessToken === 'string' || typeof accessToken === 'function',
    'accessToken',
    'a string or a function',
  )
  let base: URL | undefined
  try {
    base = new URL((options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''))
  } catch {
    base = undefined
  }
  must(base && /^https?:$/.test(base.protocol), 'baseUrl', 'an http(s) URL')
  const baseUrl = (base as URL).href.replace(/\/+$/, '')
  const basePath = options.basePath ?? '/rest/v2'
  must(typeof basePath === 'string' && basePath.startsWith('/'), 'basePath', 'a path starting with /')
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_PROXY_MAX_BODY_BYTES
  must(Number.isSafeInteger(maxBodyBytes) && maxBodyBytes >= 0, 'maxBodyBytes', 'an integer >= 0')
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROXY_TIMEOUT_MS
  must(Number.isSafeInteger(timeoutMs) && timeoutMs > 0, 'timeoutMs', 'an integer > 0')
  const forward = new Set(
    (options.forwardHeaders ?? DEFAULT_PROXY_FORWARD_HEADERS).map((h) => h.toLowerCase()),
  )
  for (const name of forward)
    must(!NEVER_FORWARD.has(name), 'forwardHeaders', `free of credentials and hop-by-hop headers (${name})`)

  const narrow = options.operations
  let operations: readonly ProxyOperation[] = table
  if (typeof narrow === 'function') operations = table.filter((operation) => narrow(operation))
  else if (narrow !== undefined) {
    must(Array.isArray(narrow), 'operations', 'an array of operations or a function')
    // Rows are compared by method and path, not identity: the proxy's and the caller's copy of the table may
    // be two (ESM and CJS builds).
    const keyOf = (operation: ProxyOperation | undefined) => `${operation?.method} ${operation?.path}`
    const rows = new Set(table.map(keyOf))
    for (const operation of narrow)
      must(
        rows.has(keyOf(operation)),
        'operations',
        'rows of the operation table of @uc-conversation/core/operations',
      )
    const chosen = new Set(narrow.map(keyOf))
    operations = table.filter((operation) => chosen.has(keyOf(operation)))
  }

  // Credentials this proxy has sent, scrubbed from every text it answers: an upstream may quote them.
  const secrets = new Set<string>()
  const remember = (value: string) => rememberSecret(secrets, value)
  if (simpleKey) remember(simpleKey)
  if (typeof accessToken === 'string') remember(accessToken)
  const scrub = (text: string) => scrubText(text, secrets)

  const refuse = (request: Request, answer: ProxyFailure, headers?: Record<string, string>) => {
    const scrubbed = {
      ...answer,
      developerMessage: scrub(answer.developerMessage),
      userMessage: scrub(answer.userMessage),
    }
    try {
      options.onFailure?.(scrubbed, request)
    } catch {
      // A broken logger must not change the answer.
    }
    return proxyErrorResponse(scrubbed, headers)
  }

  return async (request) => {
    const url = new URL(request.url)
    const segments = proxyPathSegments(url.pathname, basePath)
    const match = segments && matchOperation(operations, request.method, segments)
    if (!match)
      return refuse(
        request,
        failure(
          404,
          'proxy_unknown_operation',
          `proxy: ${request.method} ${url.pathname} is not a Conversation operation this proxy forwards`,
          'This request is not one the conversation proxy forwards.',
        ),
      )
    if (!match.operation)
      return refuse(
        request,
        failure(
          405,
          'proxy_method_not_allowed',
          `proxy: ${request.method} is not allowed on ${url.pathname} (allowed: ${match.allow.join(', ')})`,
          'This request is not one the conversation proxy forwards.',
        ),
        { allow: match.allow.join(', ') },
      )
    const { operation } = match
    const name = operation.id ?? `${operation.method} ${operation.path}`

    let allowed = false
    try {
      allowed = (await authorize(request)) === true
    } catch (error) {
      return refuse(
        request,
        failure(
          401,
          'proxy_unauthorized',
          `proxy: authorize threw: ${error instanceof Error ? error.message : String(error)}`,
          'You are not signed in to use the conversation service.',
        ),
      )
    }
    if (!allowed)
      return refuse(
        request,
        failure(
          401,
          'proxy_unauthorized',
          `proxy: authorize refused ${name}`,
          'You are not signed in to use the conversation service.',
        ),
      )

    let body: Uint8Array<ArrayBuffer> | undefined
    if (operation.body) {
      body = await readLimitedBody(request, maxBodyBytes)
      if (!body)
        return refuse(
          request,
          failure(
            413,
            'proxy_body_too_large',
            `proxy: the body of ${name} is larger than ${maxBodyBytes} bytes`,
            'This request is too large to send.',
          ),
        )
    }

    const headers = new Headers()
    request.headers.forEach((value, name) => {
      if (forward.has(name)) headers.set(name, value)
    })
    if (!headers.has('x-ultracart-api-version')) headers.set('x-ultracart-api-version', API_VERSION)
    try {
      if (simpleKey !== undefined) headers.set('x-ultracart-simple-key', simpleKey)
      else {
        const token = typeof accessToken === 'function' ? await accessToken() : (accessToken as string)
        headerValue(token, 'accessToken')
        headers.set('authorization', `Bearer ${remember(token)}`)
      }
    } catch (error) {
      return refuse(
        request,
        failure(
          500,
          'proxy_credential_failed',
          `proxy: no credential for ${name}: ${error instanceof Error ? error.message : String(error)}`,
          'The conversation service is not configured correctly.',
        ),
      )
    }

    const query = new URLSearchParams()
    for (const [name, value] of url.searchParams)
      if (operation.query && Object.hasOwn(operation.query, name)) query.append(name, value)
    const search = query.toString() ? `?${query}` : ''
    const target = new URL(`${baseUrl}/${segments.map(encodeURIComponent).join('/')}${search}`)

    // One timer and one listener per request, both gone once the answer's headers are in (or it failed): the
    // body then streams to the caller, whose own disconnect cancels it.
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    const onAbort = () => controller.abort()
    request.signal?.addEventListener('abort', onAbort)
    let response: Response
    try {
      const fetchImpl = options.fetch ?? (globalThis.fetch as ProxyFetch)
      response = await fetchImpl(target.href, {
        method: operation.method,
        headers,
        ...(body ? { body } : {}),
        redirect: 'manual',
        signal: controller.signal,
      })
    } catch (error) {
      if (request.signal?.aborted && !timedOut) return new Response(null, { status: 499 })
      return refuse(request, upstreamFailure(error, target, timedOut, timeoutMs, scrub))
    } finally {
      clearTimeout(timer)
      request.signal?.removeEventListener('abort', onAbort)
    }

    const answerHeaders = new Headers()
    response.headers.forEach((value, name) => {
      if (!DROP_RESPONSE.has(name)) answerHeaders.set(name, scrub(value))
    })
    if (response.status < 400)
      return new Response(response.body, { status: response.status, headers: answerHeaders })

    // An error answer passes through as UltraCart gave it (scrubbed), unless it is not the envelope (an HTML
    // page from a load balancer, an empty 401): then the same status, described in the envelope.
    const text = scrub(await response.text().catch(() => ''))
    const restError = response.headers.get('uc-rest-error') ?? undefined
    let envelope = false
    try {
      envelope = typeof (JSON.parse(text) as { error?: unknown }).error === 'object'
    } catch {
      envelope = false
    }
    if (!envelope)
      return refuse(
        request,
        failure(
          response.status,
          'proxy_upstream_error',
          `upstream answered ${response.status}${restError ? `: ${restError}` : ''}`,
          STATUS_TEXT[response.status] ?? `The conversation server answered ${response.status}.`,
        ),
      )
    if (!restError) answerHeaders.set('UC-REST-ERROR', `upstream answered ${response.status}`)
    return new Response(text, { status: response.status, headers: answerHeaders })
  }
}
