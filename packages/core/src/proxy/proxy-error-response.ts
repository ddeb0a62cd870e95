/** One answer the proxy gives itself, without the upstream's words. */
export interface ProxyFailure {
  /** 401, 404, 405, 413 (refusals), 500 (the proxy's own configuration), 502/504 (no upstream answer). */
  status: number
  /** For developers and logs: the cause with its code, e.g. `connection to 127.0.0.1:8787 refused (ECONNREFUSED)`. */
  developerMessage: string
  /** For the person at the console. */
  userMessage: string
  /** A stable code to switch on, e.g. `proxy_upstream_unreachable`. */
  errorCode: string
}

/** A header value holds no CR, LF, NUL or anything outside Latin-1 (else `Headers` throws, quoting it). */
export const headerSafe = (text: string): string =>
  text.replace(/[\r\n\0]+/g, ' ').replace(/[^\t\x20-\x7e\xa0-\xff]/g, '?')

/**
 * The failure in UltraCart's error envelope with its `UC-REST-ERROR` header, so that a client parses it like any
 * answer of the API (core's client reads `error.user_message` into `ConversationHttpError.userMessage`).
 */
export function proxyErrorResponse(failure: ProxyFailure, headers: Record<string, string> = {}): Response {
  const body = JSON.stringify({
    success: false,
    error: {
      developer_message: failure.developerMessage,
      user_message: failure.userMessage,
      error_code: failure.errorCode,
    },
    metadata: {},
  })
  return new Response(body, {
    status: failure.status,
    headers: {
      ...headers,
      'content-type': 'application/json; charset=UTF-8',
      'cache-control': 'no-store',
      'UC-REST-ERROR': headerSafe(failure.developerMessage),
    },
  })
}
