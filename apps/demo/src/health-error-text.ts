import type { HealthError } from '@uc-conversation/rxjs'

/**
 * A health error (rxjs's `HealthError`, e.g. `HTTP 401: Invalid credentials.`) in the console's words:
 * `Invalid credentials (401)`.
 */
export function healthErrorText(error: HealthError): string {
  const prefix = error.httpStatus ? `HTTP ${error.httpStatus}: ` : ''
  if (!prefix || !error.message.startsWith(prefix)) return error.message
  return `${error.message.slice(prefix.length).trim().replace(/[.!]$/, '')} (${error.httpStatus})`
}
