/**
 * How the dev-server proxy describes a failed hop to UltraCart: in UltraCart's own error envelope and
 * `UC-REST-ERROR` header, so the browser's client parses it like any other API error, with the real cause
 * (DNS, refused, timeout...) instead of undici's `fetch failed`, and never a credential.
 */

/** What the proxy answers for one failure. */
export interface UpstreamFailure {
  /** 502 (no answer), 504 (no answer in time), or the upstream's own status. */
  status: number
  /** For developers and logs: the cause with its code, e.g. `upstream host x.test not found (DNS ENOTFOUND)`. */
  developerMessage: string
  /** For the person at the console. */
  userMessage: string
}

/** A Node system error as undici attaches it to `TypeError: fetch failed` (its `cause`). */
interface SystemError {
  code?: unknown
  hostname?: unknown
  address?: unknown
  port?: unknown
  message?: unknown
  name?: unknown
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

/** Removes every known secret from a text, whatever else it says. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]')
  return out
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
])

/**
 * The failure of a `fetch` to the upstream that never produced an answer: 504 for a timeout, 502 otherwise,
 * naming the system cause. `secrets` are scrubbed from every text.
 */
export function upstreamFailure(
  error: unknown,
  context: { target: string; timeoutMs: number; secrets: readonly string[] },
): UpstreamFailure {
  let host = '?'
  try {
    host = new URL(context.target).host
  } catch {
    // The target came from configuration; an unparseable one is named by the cause below.
  }
  const root = rootCause(error)
  const code = typeof root?.code === 'string' ? root.code : undefined
  const name = error instanceof Error ? error.name : undefined
  const scrub = (text: string) => scrubSecrets(text, context.secrets)

  if (name === 'TimeoutError' || (code && TIMEOUT_CODES.has(code))) {
    const seconds = Math.round(context.timeoutMs / 1000)
    return {
      status: 504,
      developerMessage: scrub(
        `proxy: no answer from ${host} within ${context.timeoutMs} ms (${code ?? 'timeout'})`,
      ),
      userMessage: `The conversation server did not answer within ${seconds} s (timeout).`,
    }
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const hostname = typeof root?.hostname === 'string' ? root.hostname : host
    return {
      status: 502,
      developerMessage: scrub(`proxy: upstream host ${hostname} not found (DNS ${code})`),
      userMessage: scrub(
        `The conversation server cannot be reached: ${hostname} does not resolve (DNS ${code}).`,
      ),
    }
  }
  if (code === 'ECONNREFUSED') {
    const where =
      typeof root?.address === 'string' ? `${root.address}${root.port ? `:${String(root.port)}` : ''}` : host
    return {
      status: 502,
      developerMessage: scrub(`proxy: connection to ${where} refused (ECONNREFUSED)`),
      userMessage: scrub(
        `The conversation server cannot be reached: connection to ${host} refused (ECONNREFUSED).`,
      ),
    }
  }
  const detail =
    typeof root?.message === 'string' && root.message
      ? root.message
      : error instanceof Error
        ? error.message
        : String(error)
  return {
    status: 502,
    developerMessage: scrub(
      `proxy: request to ${host} failed: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`,
    ),
    userMessage: scrub(`The conversation server cannot be reached (${code ?? 'network error'}).`),
  }
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Invalid credentials (401): the dev server’s UC_SIMPLE_KEY was refused.',
  403: 'Access denied (403): the key lacks a permission this needs.',
  410: 'The authorized application is disabled (410).',
  429: 'Too many requests (429); please wait a moment.',
}

/**
 * An upstream error answer whose body is not UltraCart's envelope (an HTML page from a load balancer, an empty
 * 401): the same status, described in the envelope.
 */
export function upstreamStatusFailure(status: number, restError: string | undefined): UpstreamFailure {
  return {
    status,
    developerMessage: `upstream answered ${status}${restError ? `: ${restError}` : ''}`,
    userMessage: STATUS_TEXT[status] ?? `The conversation server answered ${status}.`,
  }
}

/** UltraCart's error envelope for a failure. */
export function errorEnvelope(failure: UpstreamFailure): string {
  return JSON.stringify({
    success: false,
    error: { developer_message: failure.developerMessage, user_message: failure.userMessage },
    metadata: {},
  })
}

/** A header value cannot hold CR, LF, NUL or anything outside Latin-1: such characters become spaces or `?`. */
export function headerSafe(text: string): string {
  return text.replace(/[\r\n\0]+/g, ' ').replace(/[^\t\x20-\x7e\xa0-\xff]/g, '?')
}
