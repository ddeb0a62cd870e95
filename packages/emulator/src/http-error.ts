import type { ErrorResponse } from '@uc-conversation/core'

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

/** A header value must be a single line of visible ASCII. */
const headerSafe = (text: string) =>
  text
    .replace(/[^\x21-\x7e]+/g, ' ')
    .trim()
    .slice(0, 300)

/** The JSON error response UltraCart gives: `success: false`, `error`, `metadata: {}`. */
export function errorResponse(error: HttpError): Response {
  const body: ErrorResponse = {
    success: false,
    error: {
      developer_message: error.developerMessage,
      user_message: error.userMessage,
      ...(error.errorCode ? { error_code: error.errorCode } : {}),
    },
    metadata: {},
  }
  return jsonResponse(error.status, body, {
    'UC-REST-ERROR': headerSafe(error.userMessage),
    ...error.headers,
  })
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  })
}

export const badRequest = (message: string, code = 'invalid_parameter') =>
  new HttpError(400, message, message, code)
