import { errorEnvelope } from '@uc-conversation/core'

/** An error that becomes an UltraCart error response (`ErrorResponse` body + `UC-REST-ERROR` header). */
export class HttpError extends Error {
  override name = 'HttpError'
  constructor(
    readonly status: number,
    readonly developerMessage: string,
    readonly userMessage: string = developerMessage,
    readonly errorCode?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(developerMessage)
  }
}

/** The JSON error response UltraCart gives: `success: false`, `error`, `metadata: {}`, and `UC-REST-ERROR`. */
export function errorResponse(error: HttpError): Response {
  const envelope = errorEnvelope(error)
  return new Response(envelope.body, {
    status: envelope.status,
    headers: { ...envelope.headers, ...error.headers },
  })
}

/**
 * The same answer as raw HTTP/1.1 text ending the connection, for requests that never reach the router
 * (malformed heads, `CONNECT`, a `*` target).
 */
export function rawErrorResponse(error: HttpError): string {
  const envelope = errorEnvelope(error)
  const body = envelope.body
  const headers = {
    ...envelope.headers,
    ...error.headers,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  }
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')
  return `HTTP/1.1 ${error.status} ${STATUS_TEXT[error.status] ?? 'Error'}\r\n${head}\r\n${body}`
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 405: 'Method Not Allowed' }

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  })
}

export const badRequest = (message: string, code = 'invalid_parameter') =>
  new HttpError(400, message, message, code)
