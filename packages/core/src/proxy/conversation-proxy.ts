import { API_VERSION, DEFAULT_BASE_URL } from '../client'
import { CLIENT_HEADER } from '../client-header'
import { rememberSecret, scrubText } from '../scrub-secrets'
import { headerValue, must } from '../validate'
import {
  type ConversationProxyOptions,
  DEFAULT_PROXY_AUTHORIZE_TIMEOUT_MS,
  DEFAULT_PROXY_BODY_TIMEOUT_MS,
  DEFAULT_PROXY_FORWARD_HEADERS,
  DEFAULT_PROXY_MAX_BODY_BYTES,
  DEFAULT_PROXY_TIMEOUT_MS,
  PROXY_RESPONSE_HEADERS,
  type ProxyFetch,
} from './conversation-proxy-options'
import { crossSiteRefusal } from './cross-site-refusal'
import { matchOperation, type ProxyOperation } from './match-operation'
import { PROXY_ANSWER_HEADERS, type ProxyFailure, proxyErrorResponse } from './proxy-error-response'
import { proxyPathSegments } from './proxy-path'
import type { ProxyRequestContext } from './proxy-request-context'
import { readLimitedBody } from './read-limited-body'
import { settleWithin } from './settle-within'
import { upstreamFailure } from './upstream-failure'

/** Headers that carry a credential or describe the hop: never forwarded, even when listed. */
const NEVER_FORWARD = new Set([
  'authorization',
  'cookie',
  'x-ultracart-simple-key',
  CLIENT_HEADER,
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

/** The generic answers: the same words for every caller, whatever happened inside. */
const ANSWERS = {
  unauthorized: [401, 'proxy_unauthorized', 'Not authorized to use the conversation service.'],
  crossSite: [403, 'proxy_cross_site', 'This request was refused: it did not come from this site.'],
  unknown: [404, 'proxy_unknown_operation', 'This request is not one the conversation proxy forwards.'],
  method: [405, 'proxy_method_not_allowed', 'This request is not one the conversation proxy forwards.'],
  bodyTimeout: [408, 'proxy_body_timeout', 'The request did not arrive in time.'],
  tooLarge: [413, 'proxy_body_too_large', 'This request is too large to send.'],
  notJson: [415, 'proxy_unsupported_media_type', 'Request bodies must be application/json.'],
  credential: [500, 'proxy_credential_failed', 'The conversation service is not available right now.'],
  unreachable: [502, 'proxy_upstream_unreachable', 'The conversation server cannot be reached.'],
  badAnswer: [
    502,
    'proxy_upstream_bad_answer',
    'The conversation server gave an answer that cannot be used.',
  ],
  busy: [503, 'proxy_authorize_timeout', 'The conversation service is busy; please try again.'],
  upstreamTimeout: [504, 'proxy_upstream_timeout', 'The conversation server did not answer in time.'],
} as const satisfies Record<string, readonly [number, string, string]>

type Answer = keyof typeof ANSWERS

const answerOf = (answer: Answer): ProxyFailure => {
  const [status, errorCode, message] = ANSWERS[answer]
  return { status, errorCode, developerMessage: message, userMessage: message }
}

/** What the upstream says for a refusal without UltraCart's envelope (no host, no upstream words). */
const STATUS_TEXT: Record<number, string> = {
  401: 'The conversation server refused the credentials this site uses (401).',
  403: 'The credentials this site uses lack a permission this needs (403).',
  410: 'The authorized application is disabled (410).',
  429: 'Too many requests (429); please wait a moment.',
}

/** Passwords in URLs (`postgres://user:pw@host`) and `name=value` pairs named like secrets, in log texts. */
const scrubLikelySecrets = (text: string) =>
  text
    .replace(/(\/\/[^/\s:@]*:)[^@\s/]+@/g, '$1***@')
    .replace(/((?:password|passwd|secret|token|key|jwt)[\w-]*["']?\s*[=:]\s*["']?)[^\s&"',;]+/gi, '$1***')

const isJson = (contentType: string | null) =>
  contentType !== null && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType.trim())

const positiveInt = (value: number, field: string) => {
  must(Number.isSafeInteger(value) && value > 0, field, 'an integer > 0')
  return value
}

const originOf = (value: unknown, field: string) => {
  let url: URL | undefined
  try {
    url = new URL(value as string)
  } catch {
    url = undefined
  }
  must(
    url && /^https?:$/.test(url.protocol) && url.origin === (value as string).replace(/\/$/, ''),
    field,
    'an origin such as https://console.example.com (scheme, host and port only)',
  )
  return (url as URL).origin
}

/** The proxy's rows out of `table`, chosen by the `operations` option (required). */
const chooseOperations = (
  table: readonly ProxyOperation[],
  chosen: ConversationProxyOptions['operations'],
): ProxyOperation[] => {
  must(
    chosen !== undefined && chosen !== null,
    'operations',
    'required: a set of @uc-conversation/core/operations (e.g. AGENT_CONSOLE_OPERATIONS), an array of them, or a test',
  )
  if (typeof chosen === 'function') return table.filter((operation) => chosen(operation))
  must(typeof chosen === 'object', 'operations', 'an object or array of operations, or a function')
  // Rows are compared by method and path, not identity: the proxy's and the caller's copy of the table may be
  // two (ESM and CJS builds).
  const keyOf = (operation: { method?: unknown; path?: unknown } | undefined) =>
    `${operation?.method} ${operation?.path}`
  const rows = new Set(table.map(keyOf))
  const list = Array.isArray(chosen) ? chosen : Object.values(chosen)
  for (const operation of list)
    must(
      rows.has(keyOf(operation)),
      'operations',
      'rows of the operation table of @uc-conversation/core/operations',
    )
  const keys = new Set(list.map(keyOf))
  return table.filter((operation) => keys.has(keyOf(operation)))
}

/** @internal {@link createConversationProxy} over a given operation table (its tests use a few rows). */
export function conversationProxyOver(
  table: readonly ProxyOperation[],
  options: ConversationProxyOptions,
): (request: Request) => Promise<Response> {
  must(options !== null && typeof options === 'object', 'options', 'an object')
  const { authorize, authenticate, simpleKey, accessToken } = options
  const operations = chooseOperations(table, options.operations)
  must(typeof authorize === 'function', 'authorize', 'a function deciding who may use the proxy')
  must(authenticate === undefined || typeof authenticate === 'function', 'authenticate', 'a function')
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
  const timeoutMs = positiveInt(options.timeoutMs ?? DEFAULT_PROXY_TIMEOUT_MS, 'timeoutMs')
  const authorizeTimeoutMs = positiveInt(
    options.authorizeTimeoutMs ?? DEFAULT_PROXY_AUTHORIZE_TIMEOUT_MS,
    'authorizeTimeoutMs',
  )
  const bodyTimeoutMs = positiveInt(options.bodyTimeoutMs ?? DEFAULT_PROXY_BODY_TIMEOUT_MS, 'bodyTimeoutMs')
  const allowedOrigins = options.allowedOrigins
  must(allowedOrigins === undefined || Array.isArray(allowedOrigins), 'allowedOrigins', 'an array of origins')
  const site = {
    origin: options.origin === undefined ? undefined : originOf(options.origin, 'origin'),
    allowedOrigins: allowedOrigins?.map((origin) => originOf(origin, 'allowedOrigins')),
    allowSameSite: options.allowSameSite === true,
  }
  const forward = new Set(
    (options.forwardHeaders ?? DEFAULT_PROXY_FORWARD_HEADERS).map((h) => h.toLowerCase()),
  )
  for (const name of forward)
    must(!NEVER_FORWARD.has(name), 'forwardHeaders', `free of credentials and hop-by-hop headers (${name})`)

  // Credentials this proxy has sent, scrubbed from every text it answers or logs: an upstream may quote them.
  const secrets = new Set<string>()
  const remember = (value: string) => rememberSecret(secrets, value)
  if (simpleKey) remember(simpleKey)
  if (typeof accessToken === 'string') remember(accessToken)
  const scrub = (text: string) => scrubText(text, secrets)

  return async (request) => {
    const url = new URL(request.url)
    let operationId: string | undefined
    const refuse = (answer: Answer | ProxyFailure, detail: string, headers?: Record<string, string>) => {
      const failure = typeof answer === 'string' ? answerOf(answer) : answer
      try {
        options.onFailure?.({
          status: failure.status,
          errorCode: failure.errorCode,
          detail: scrubLikelySecrets(scrub(detail)),
          method: request.method,
          path: url.pathname,
          operation: operationId,
          request,
        })
      } catch {
        // A broken logger must not change the answer.
      }
      return proxyErrorResponse(failure, headers)
    }
    const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error))

    // 1. Only the site's own pages, through the toolkit's client. Decided on headers alone, the same for
    // every path, so it tells nothing about the routes.
    const crossSite = crossSiteRefusal(request, site)
    if (crossSite) return refuse('crossSite', crossSite)

    // 2. Route. A request that addresses no forwarded operation is told so only once `authenticate` vouches for
    // the caller; else it gets the same 401 as a refused `authorize`, so routes cannot be listed.
    const segments = proxyPathSegments(url.pathname, basePath)
    const match = segments && matchOperation(operations, request.method, segments)
    if (!match?.operation) {
      const what = `${request.method} ${url.pathname} is no operation this proxy forwards`
      if (!authenticate) return refuse('unauthorized', `${what} (and no authenticate option to say more)`)
      const known = await settleWithin(() => authenticate(request), authorizeTimeoutMs)
      if ('timedOut' in known)
        return refuse('busy', `authenticate did not answer within ${authorizeTimeoutMs} ms`)
      if ('error' in known) return refuse('unauthorized', `authenticate threw: ${errorText(known.error)}`)
      if (known.value !== true) return refuse('unauthorized', `${what}; authenticate refused`)
      if (!match) return refuse('unknown', what)
      return refuse('method', what, { allow: match.allow.join(', ') })
    }
    const { operation } = match
    operationId = operation.id ?? `${operation.method} ${operation.path}`
    const context: ProxyRequestContext = {
      request,
      operation: {
        id: operationId,
        group: (operation.group ?? 'chat') as ProxyRequestContext['operation']['group'],
        scope: (operation.scope ?? 'conversation_write') as ProxyRequestContext['operation']['scope'],
        method: operation.method,
        path: operation.path,
      },
      pathParams: Object.freeze(match.params),
      query: new URLSearchParams(url.searchParams),
    }

    // 3. Per operation: may this caller do this?
    const decided = await settleWithin(() => authorize(context), authorizeTimeoutMs)
    if ('timedOut' in decided)
      return refuse('busy', `authorize did not answer within ${authorizeTimeoutMs} ms`)
    if ('error' in decided) return refuse('unauthorized', `authorize threw: ${errorText(decided.error)}`)
    if (decided.value !== true) return refuse('unauthorized', `authorize refused ${operationId}`)

    // 4. Only JSON bodies: a form (urlencoded, multipart, text/plain) is not what the client sends.
    const contentType = request.headers.get('content-type')
    const sendsBody =
      Number(request.headers.get('content-length') ?? 0) > 0 || request.headers.has('transfer-encoding')
    if ((operation.body === 'required' || contentType !== null || sendsBody) && !isJson(contentType))
      return refuse('notJson', `content-type ${contentType ?? '(none)'} for ${operationId}`)

    let body: Uint8Array<ArrayBuffer> | undefined
    if (operation.body) {
      const read = await readLimitedBody(request, maxBodyBytes, bodyTimeoutMs)
      if ('refused' in read)
        return read.refused === 'timeout'
          ? refuse('bodyTimeout', `the body of ${operationId} did not arrive within ${bodyTimeoutMs} ms`)
          : refuse('tooLarge', `the body of ${operationId} is larger than ${maxBodyBytes} bytes`)
      body = read.body
    }

    // 5. The credential, last: nothing above depends on it.
    const headers = new Headers()
    request.headers.forEach((value, name) => {
      if (forward.has(name)) headers.set(name, value)
    })
    if (!headers.has('x-ultracart-api-version')) headers.set('x-ultracart-api-version', API_VERSION)
    try {
      if (simpleKey !== undefined) headers.set('x-ultracart-simple-key', simpleKey)
      else {
        const token = typeof accessToken === 'function' ? await accessToken(context) : (accessToken as string)
        headerValue(token, 'accessToken')
        headers.set('authorization', `Bearer ${remember(token)}`)
      }
    } catch (error) {
      return refuse('credential', `no credential for ${operationId}: ${errorText(error)}`)
    }

    const query = new URLSearchParams()
    for (const [name, value] of url.searchParams)
      if (operation.query && Object.hasOwn(operation.query, name)) query.append(name, value)
    const search = query.toString() ? `?${query}` : ''
    const target = new URL(`${baseUrl}/${(segments as string[]).map(encodeURIComponent).join('/')}${search}`)

    // One timer and one listener per request, both gone once the answer's headers are in (or it failed).
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
      const failed = upstreamFailure(error, target, timedOut, timeoutMs)
      if (failed.status === 504) return refuse('upstreamTimeout', failed.detail)
      // The system code alone (ECONNREFUSED, ENOTFOUND) tells the console what is wrong without naming where.
      const unreachable = answerOf('unreachable')
      if (failed.code)
        unreachable.userMessage =
          unreachable.developerMessage = `${unreachable.userMessage.slice(0, -1)} (${failed.code}).`
      return refuse(unreachable, failed.detail)
    } finally {
      clearTimeout(timer)
      request.signal?.removeEventListener('abort', onAbort)
    }

    // 6. The answer: only allow-listed headers, never cached or sniffed, scrubbed of the credential.
    const answerHeaders = new Headers(PROXY_ANSWER_HEADERS)
    for (const name of PROXY_RESPONSE_HEADERS) {
      const value = response.headers.get(name)
      if (value !== null) answerHeaders.set(name, scrub(value))
    }
    const status = response.status
    if (status === 204 || status === 304) {
      await response.body?.cancel().catch(() => {})
      return new Response(null, { status, headers: answerHeaders })
    }
    let text: string
    try {
      text = scrub(await response.text())
    } catch (error) {
      return refuse('unreachable', `reading the answer of ${target.host} failed: ${errorText(error)}`)
    }
    if (status >= 200 && status < 300) {
      // A success is JSON or nothing: an HTML page (a captive portal, an error page answered 200) must not be
      // served on this site's origin.
      if (!isJson(response.headers.get('content-type')))
        return refuse(
          'badAnswer',
          `${target.host} answered ${status} with ${response.headers.get('content-type') ?? 'no content-type'}`,
        )
      return new Response(text, { status, headers: answerHeaders })
    }
    if (status < 400)
      return refuse('badAnswer', `${target.host} answered ${status} (a redirect is not followed)`)

    // An error answer passes through as UltraCart gave it (scrubbed) when it is UltraCart's envelope;
    // otherwise (an HTML page from a load balancer, an empty 401) the same status, described generically.
    let envelope = false
    try {
      envelope = typeof (JSON.parse(text) as { error?: unknown }).error === 'object'
    } catch {
      envelope = false
    }
    if (!envelope) {
      const message = STATUS_TEXT[status] ?? `The conversation server answered ${status}.`
      return refuse(
        { status, errorCode: 'proxy_upstream_error', developerMessage: message, userMessage: message },
        `${target.host} answered ${status} without UltraCart's error envelope`,
        response.headers.has('retry-after')
          ? { 'retry-after': response.headers.get('retry-after') as string }
          : {},
      )
    }
    // Parsed as UltraCart's envelope: it is JSON whatever the upstream called it.
    answerHeaders.set('content-type', 'application/json; charset=utf-8')
    if (!answerHeaders.has('uc-rest-error')) answerHeaders.set('uc-rest-error', `upstream answered ${status}`)
    return new Response(text, { status, headers: answerHeaders })
  }
}
