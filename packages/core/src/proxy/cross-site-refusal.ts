import { CLIENT_HEADER } from '../client-header'

/** Who may call the proxy from a browser, as {@link crossSiteRefusal} reads it. */
export interface SiteRules {
  /** The site's own origin, e.g. `https://console.example.com`; else the request's `Host` header's. */
  origin: string | undefined
  /** The only origins allowed in `Origin`; else just the site's own. */
  allowedOrigins: readonly string[] | undefined
  /** Whether `Sec-Fetch-Site: same-site` (a sibling subdomain) passes. */
  allowSameSite: boolean
}

/**
 * Why this request is not one the toolkit's client sent from the site itself, or `undefined` when it is:
 * - `Sec-Fetch-Site: cross-site` (and `same-site` unless allowed): the browser says another site sent it;
 * - an `Origin` outside the allowed origins (`null` included);
 * - no {@link CLIENT_HEADER}: a form, an `<img>`, a link or a navigation cannot set a header, and a script on
 *   another origin cannot without a CORS preflight, which the proxy never grants. This holds in browsers that
 *   send neither of the headers above.
 * `X-Forwarded-Host` and friends are never read: a client can send them.
 */
export function crossSiteRefusal(request: Request, rules: SiteRules): string | undefined {
  const headers = request.headers
  const site = headers.get('sec-fetch-site')
  if (site === 'cross-site' || (site === 'same-site' && !rules.allowSameSite))
    return `Sec-Fetch-Site: ${site}`
  const origin = headers.get('origin')
  if (origin !== null) {
    let allowed: boolean
    if (rules.allowedOrigins) allowed = rules.allowedOrigins.includes(origin)
    else if (rules.origin) allowed = origin === rules.origin
    else {
      // Without a configured origin, the site is the host the browser asked for: the `Host` header, never
      // `request.url` (a framework may rebuild that from its own listening address).
      const host = headers.get('host')?.toLowerCase()
      let from: string | undefined
      try {
        from = new URL(origin).host
      } catch {
        from = undefined
      }
      allowed = host !== undefined && from === host
    }
    if (!allowed) return `Origin ${origin} is not allowed`
  }
  if (!headers.get(CLIENT_HEADER)) return `no ${CLIENT_HEADER} header`
  return undefined
}
