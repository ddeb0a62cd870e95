import { timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/** The header the demo's page sends its per-start secret in, on every proxied request. */
export const DEV_SECRET_HEADER = 'x-uc-dev-secret'
/**
 * The `<meta name>` the dev server writes into the page it serves, its `content` the headers (as JSON) the page's
 * client sends with every request: `{"x-uc-dev-secret":"…"}`.
 */
export const DEV_HEADERS_META = 'uc-dev-proxy-headers'

/**
 * Headers a forwarder (a tunnel such as ngrok or cloudflared, a reverse proxy) adds. A request carrying any of
 * them came through one, so its loopback peer address says nothing about who sent it.
 */
const FORWARDED = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'fly-client-ip',
  'x-original-forwarded-for',
  'via',
]

const isLoopback = (address: string | undefined) =>
  address === '::1' || address?.startsWith('127.') === true || address?.startsWith('::ffff:127.') === true

const LOOPBACK_HOST = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?::\d+)?$/i

/**
 * Why the dev server must not serve this request, or `undefined`: the dev server serves this machine's own
 * browser only. A peer elsewhere, a forwarded request (a local tunnel's peer is 127.0.0.1, but the sender is on
 * the internet), or a `Host` that is not a loopback name (DNS rebinding: a page on `evil.example` resolving to
 * 127.0.0.1 becomes same-origin with the dev server) is refused, for the page (which holds the secret) and for
 * the proxy alike.
 */
export function devRequestRefusal(
  peer: string | undefined,
  headers: IncomingHttpHeaders,
): string | undefined {
  if (!isLoopback(peer)) return `peer ${peer ?? '(unknown)'} is not this machine`
  const forwarded = FORWARDED.find((name) => headers[name] !== undefined)
  if (forwarded) return `forwarded request (${forwarded})`
  if (!LOOPBACK_HOST.test(headers.host ?? ''))
    return `Host ${headers.host ?? '(none)'} is not a loopback name`
  return undefined
}

/** Whether `sent` is the secret, compared in constant time. */
export function secretMatches(sent: string | null, secret: string): boolean {
  if (sent === null) return false
  const a = Buffer.from(sent)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}
