/** What an error answer in UltraCart's shape says. */
export interface ErrorEnvelopeInput {
  /** The HTTP status, e.g. 401. */
  status: number
  /** For developers and logs (`error.developer_message`). */
  developerMessage: string
  /** For the person at the console (`error.user_message`, and the `UC-REST-ERROR` header). */
  userMessage: string
  /** A stable code to switch on (`error.error_code`), e.g. `proxy_unauthorized`. */
  errorCode?: string | undefined
}

/** UltraCart's error answer, ready to send: status, JSON text and headers. */
export interface ErrorEnvelope {
  status: number
  /** `{"success":false,"error":{…},"metadata":{}}` */
  body: string
  /** `content-type` and `UC-REST-ERROR`, lower case. */
  headers: Record<string, string>
}

/**
 * A `UC-REST-ERROR` value: one line of visible ASCII (runs of anything else become one space), at most 300
 * characters, so that no runtime's `Headers` refuses it and no header can be smuggled in.
 */
export const restErrorHeader = (text: string): string =>
  text
    .replace(/[^\x21-\x7e]+/g, ' ')
    .trim()
    .slice(0, 300)

/**
 * UltraCart's error answer for `input`: the `ErrorResponse` body (`success: false`, `error`, `metadata: {}`) and
 * the `UC-REST-ERROR` header holding the user message, as the API sends them. Pure: the proxy and the emulator
 * both build their error answers here, so the two cannot drift apart.
 */
export function errorEnvelope(input: ErrorEnvelopeInput): ErrorEnvelope {
  return {
    status: input.status,
    body: JSON.stringify({
      success: false,
      error: {
        developer_message: input.developerMessage,
        user_message: input.userMessage,
        ...(input.errorCode ? { error_code: input.errorCode } : {}),
      },
      metadata: {},
    }),
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'uc-rest-error': restErrorHeader(input.userMessage),
    },
  }
}
