import { networkErrorOf } from '../errors'

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
])

/** A `fetch` to the upstream that produced no answer: 504 for a timeout, else 502, and the cause for the logs. */
export interface UpstreamFailure {
  status: 502 | 504
  errorCode: 'proxy_upstream_timeout' | 'proxy_upstream_unreachable'
  /** The system cause with the address (`ECONNREFUSED 127.0.0.1:8787`): for `onFailure` only, never answered. */
  detail: string
  /** The system error code alone (`ECONNREFUSED`, `ENOTFOUND`), when there is one: it names no host. */
  code?: string | undefined
}

/**
 * Reads a failed upstream `fetch` with core's one reading of a failed fetch (undici's cause chain, Bun's and
 * Deno's errors).
 */
export function upstreamFailure(
  error: unknown,
  target: URL,
  timedOut: boolean,
  timeoutMs: number,
): UpstreamFailure {
  const failure = networkErrorOf(error)
  const code = failure.code
  if (timedOut || (code && TIMEOUT_CODES.has(code)))
    return {
      status: 504,
      errorCode: 'proxy_upstream_timeout',
      detail: `no answer from ${target.host} within ${timeoutMs} ms (${timedOut ? 'timeout' : code})`,
    }
  // After the code, the address or host name, when the runtime gave one.
  const where =
    code && failure.message.startsWith(`${code} `) ? failure.message.slice(code.length + 1) : undefined
  let detail: string
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const hostname = where ?? target.hostname
    detail = `upstream host ${hostname} not found (DNS ${code} ${hostname})`
  } else if (code === 'ECONNREFUSED') {
    const address = where ?? target.host
    detail = `connection to ${address} refused (ECONNREFUSED ${address})`
  } else
    detail = `request to ${target.host} failed: ${failure.message}${code && !failure.message.includes(code) ? ` (${code})` : ''}`
  return {
    status: 502,
    errorCode: 'proxy_upstream_unreachable',
    detail,
    code: code && /^[A-Z][A-Z0-9_]{2,40}$/.test(code) ? code : undefined,
  }
}
