import { errorEnvelope } from '../error-envelope'

/** One answer the proxy gives itself, in the words the caller is given (no internals). */
export interface ProxyFailure {
  /** 401, 403, 404, 405, 408, 413, 415 (refusals), 500 (configuration), 502/503/504 (no usable answer). */
  status: number
  /** For developers: generic, the same for every caller (details go to `onFailure` only). */
  developerMessage: string
  /** For the person at the console. */
  userMessage: string
  /** A stable code to switch on, e.g. `proxy_upstream_unreachable`. */
  errorCode: string
}

/** Headers every answer of the proxy carries: never cached, never sniffed into HTML. */
export const PROXY_ANSWER_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
}

/**
 * The failure in UltraCart's error envelope with its `UC-REST-ERROR` header (core's one builder,
 * `errorEnvelope`), so that a client parses it like any answer of the API.
 */
export function proxyErrorResponse(failure: ProxyFailure, headers: Record<string, string> = {}): Response {
  const envelope = errorEnvelope(failure)
  return new Response(envelope.body, {
    status: envelope.status,
    headers: { ...headers, ...envelope.headers, ...PROXY_ANSWER_HEADERS },
  })
}
