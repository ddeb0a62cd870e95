import { getToken } from 'next-auth/jwt'
import { type AgentSession, isUsable } from './agent-session'

const read = new WeakMap<Headers, Promise<AgentSession | undefined>>()

/**
 * The signed-in agent of a request (its decrypted session cookie), or `undefined` without a usable one: no
 * cookie, one this server did not encrypt, an expired session, an expired access token or a failed refresh.
 * Only the cookie is read (not an `Authorization` header). proxy.ts has refreshed the token just before, and
 * handed the renewed cookie on. Read once per request.
 */
export function signedInAgent(headers: Headers): Promise<AgentSession | undefined> {
  let pending = read.get(headers)
  if (!pending) {
    pending = getToken({
      req: { headers: { cookie: headers.get('cookie') ?? '' } },
      secret: process.env.AUTH_SECRET ?? '',
      secureCookie: true,
    }).then(
      (token) => (isUsable(token as AgentSession | null) ? (token as AgentSession) : undefined),
      () => undefined,
    )
    read.set(headers, pending)
  }
  return pending
}
