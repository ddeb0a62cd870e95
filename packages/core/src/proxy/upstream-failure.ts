import type { ProxyFailure } from './proxy-error-response'

/** A system error as runtimes attach it to fetch's `TypeError` (undici: its `cause`; Bun and Deno: the error). */
interface SystemError {
  code?: unknown
  hostname?: unknown
  address?: unknown
  port?: unknown
  message?: unknown
  cause?: unknown
  errors?: unknown
}

const asRecord = (value: unknown): SystemError | undefined =>
  value !== null && typeof value === 'object' ? (value as SystemError) : undefined

/** The innermost error of a `cause` chain that carries a system `code` (or the innermost one at all). */
function rootCause(error: unknown): SystemError | undefined {
  let current = asRecord(error)
  let withCode: SystemError | undefined
  for (let depth = 0; current && depth < 8; depth++) {
    if (typeof current.code === 'string') withCode = current
    // Happy eyeballs: one AggregateError per address family tried, each with the same code.
    const first = Array.isArray(current.errors) ? asRecord(current.errors[0]) : undefined
    const next = asRecord(current.cause) ?? first
    if (!next) break
    current = next
  }
  return withCode ?? current
}

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
  const root = rootCause(error)
  const text = typeof root?.message === 'string' ? root.message : ''
  // Deno names no code, only the operating system's words ("Connection refused (os error 111)", "dns error").
  const code =
    typeof root?.code === 'string'
      ? root.code
      : /connection refused/i.test(text)
        ? 'ECONNREFUSED'
        : /dns error|failed to lookup address|name or service not known/i.test(text)
          ? 'ENOTFOUND'
          : /timed out/i.test(text)
            ? 'ETIMEDOUT'
            : undefined
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
    const hostname = typeof root?.hostname === 'string' ? root.hostname : target.hostname
    developerMessage = `proxy: upstream host ${hostname} not found (DNS ${code} ${hostname})`
    userMessage = `The conversation server cannot be reached: ${hostname} does not resolve (${code}).`
  } else if (code === 'ECONNREFUSED') {
    const where =
      typeof root?.address === 'string' ? `${root.address}${root.port ? `:${String(root.port)}` : ''}` : host
    developerMessage = `proxy: connection to ${where} refused (ECONNREFUSED ${where})`
    userMessage = `The conversation server cannot be reached: connection to ${host} refused (ECONNREFUSED).`
  } else {
    const detail =
      typeof root?.message === 'string' && root.message
        ? root.message
        : error instanceof Error
          ? error.message
          : String(error)
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
