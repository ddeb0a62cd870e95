import { networkErrorOf } from '../errors'
import type { ProxyFailure } from './proxy-error-response'

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
])

/**
 * A `fetch` to the upstream that produced no answer, described: 504 for a timeout, 502 otherwise, naming the
 * system cause (`ECONNREFUSED 127.0.0.1:8787`, `ENOTFOUND secure.ultracart.com`) instead of `fetch failed`.
 * `scrub` removes credentials from every text.
 */
export function upstreamFailure(
  error: unknown,
  target: URL,
  timedOut: boolean,
  timeoutMs: number,
  scrub: (text: string) => string,
): ProxyFailure {
  // Core's one reading of a failed fetch (undici's cause chain, Bun's and Deno's errors): its code, and after
  // the code the address or host name when the runtime gave one.
  const failure = networkErrorOf(error)
  const code = failure.code
  const where =
    code && failure.message.startsWith(`${code} `) ? failure.message.slice(code.length + 1) : undefined
  const host = target.host
  if (timedOut || (code && TIMEOUT_CODES.has(code)))
    return {
      status: 504,
      developerMessage: `proxy: no answer from ${host} within ${timeoutMs} ms (${code ?? 'timeout'})`,
      userMessage: `The conversation server did not answer within ${Math.round(timeoutMs / 1000)} s (timeout).`,
      errorCode: 'proxy_upstream_timeout',
    }
  let developerMessage: string
  let userMessage: string
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const hostname = where ?? target.hostname
    developerMessage = `proxy: upstream host ${hostname} not found (DNS ${code} ${hostname})`
    userMessage = `The conversation server cannot be reached: ${hostname} does not resolve (${code}).`
  } else if (code === 'ECONNREFUSED') {
    const address = where ?? host
    developerMessage = `proxy: connection to ${address} refused (ECONNREFUSED ${address})`
    userMessage = `The conversation server cannot be reached: connection to ${host} refused (ECONNREFUSED).`
  } else {
    const detail = failure.message
    developerMessage = `proxy: request to ${host} failed: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`
    userMessage = `The conversation server cannot be reached (${code ?? 'network error'}).`
  }
  return {
    status: 502,
    developerMessage: scrub(developerMessage),
    userMessage: scrub(userMessage),
    errorCode: 'proxy_upstream_unreachable',
  }
}
