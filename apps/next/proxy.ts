import { type NextRequest, NextResponse } from 'next/server'
import { auth } from './auth'

/** `name=value` pairs of a `cookie` header, with the cookies `setCookies` sets or clears applied. */
function cookieHeaderWith(cookie: string, setCookies: readonly string[]): string {
  const jar = new Map<string, string>()
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  for (const line of setCookies) {
    const [pair = '', ...attributes] = line.split(';')
    const eq = pair.indexOf('=')
    if (eq <= 0) continue
    const name = pair.slice(0, eq).trim()
    const cleared = attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a))
    if (cleared) jar.delete(name)
    else jar.set(name, pair.slice(eq + 1).trim())
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
}

/**
 * Every page and REST request passes Auth.js first: it decrypts the session, refreshes the agent's access token
 * shortly before it expires (and re-encrypts the cookie with a new expiry), and sends pages without a usable
 * session to /sign-in. The renewed cookie is handed on to the page or route of this same request, so they use
 * the fresh token rather than refresh again.
 */
export async function proxy(request: NextRequest) {
  const response = (await auth(request as never)) as unknown as Response
  const setCookies = response.headers.getSetCookie()
  if (!response.headers.has('x-middleware-next') || setCookies.length === 0) return response
  const headers = new Headers(request.headers)
  headers.set('cookie', cookieHeaderWith(request.headers.get('cookie') ?? '', setCookies))
  const next = NextResponse.next({ request: { headers } })
  for (const line of setCookies) next.headers.append('set-cookie', line)
  return next
}

// Auth.js's own routes and static files need no session.
export const config = { matcher: ['/((?!api/auth/|_next/|icon.svg|favicon.ico).*)'] }
