import type { Clock } from './clock'
import { JWT_AUDIENCE, JWT_ISSUER, type JwtClaims, signJwt, verifyJwt } from './jwt'

/** Signs and checks the agents' websocket JWTs; `expireAll` invalidates every JWT issued so far. @internal */
export interface JwtIssuer {
  issue(agentArn: string, ttlMs?: number): { jwt: string; expiresMs: number }
  /** The lifetime `issue` gives without `ttlMs`. */
  readonly defaultTtlMs: number
  verify(token: string): ReturnType<typeof verifyJwt>
  /** Moves to a new generation: JWTs of an older one count as expired. */
  expireAll(): void
}

/** @internal */
export function createJwtIssuer(deps: {
  secret: Uint8Array
  clock: Clock
  merchantId: string
  defaultTtlMs: number
}): JwtIssuer {
  let generation = 0
  return {
    defaultTtlMs: deps.defaultTtlMs,
    issue(agentArn, ttlMs = deps.defaultTtlMs) {
      const now = deps.clock.now()
      const exp = Math.ceil((now + ttlMs) / 1000)
      const claims: JwtClaims = {
        iss: JWT_ISSUER,
        aud: JWT_AUDIENCE,
        sub: agentArn,
        merchant_id: deps.merchantId,
        iat: Math.floor(now / 1000),
        exp,
        gen: generation,
      }
      return { jwt: signJwt(claims, deps.secret), expiresMs: exp * 1000 }
    },
    verify: (token) =>
      verifyJwt(token, deps.secret, { now: deps.clock.now(), audience: JWT_AUDIENCE, minGen: generation }),
    expireAll() {
      generation++
    },
  }
}
