import { createHmac, timingSafeEqual } from 'node:crypto'

/** Audience of the websocket JWTs the emulator issues and accepts. */
export const JWT_AUDIENCE = 'uc-conversation-websocket'
/** Issuer of the emulator's JWTs. */
export const JWT_ISSUER = 'uc-conversation-emulator'

/** Claims of a websocket JWT. */
export interface JwtClaims {
  iss: string
  aud: string
  /** The agent's participant ARN. */
  sub: string
  merchant_id: string
  /** Seconds since the epoch. */
  iat: number
  /** Seconds since the epoch. */
  exp: number
  /** Emulator generation: `sockets.expireJwts()` bumps it, which expires every JWT issued before. */
  gen: number
}

/** Why a JWT was refused. */
export type JwtProblem =
  | 'malformed'
  | 'unsupported algorithm'
  | 'bad signature'
  | 'wrong audience'
  | 'expired'

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url')
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))

const sign = (input: string, secret: Uint8Array) => createHmac('sha256', secret).update(input).digest()

/** Signs `claims` with HS256. */
export function signJwt(claims: JwtClaims, secret: Uint8Array): string {
  const body = `${HEADER}.${b64url(JSON.stringify(claims))}`
  return `${body}.${sign(body, secret).toString('base64url')}`
}

const decodeJson = (part: string): unknown => {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) return undefined
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/**
 * Checks signature (constant time), algorithm, audience and expiry. `now` is epoch milliseconds; `minGen`
 * expires tokens of older generations.
 */
export function verifyJwt(
  token: string,
  secret: Uint8Array,
  check: { now: number; audience?: string; minGen?: number },
): { ok: true; claims: JwtClaims } | { ok: false; problem: JwtProblem } {
  const parts = token.split('.')
  if (parts.length !== 3 || token.length > 4096) return { ok: false, problem: 'malformed' }
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string]
  const header = decodeJson(headerPart) as { alg?: unknown } | undefined
  if (!header || typeof header !== 'object') return { ok: false, problem: 'malformed' }
  // Only HS256: refusing `none` and friends is the point of checking the header at all.
  if (header.alg !== 'HS256') return { ok: false, problem: 'unsupported algorithm' }
  if (!/^[A-Za-z0-9_-]+$/.test(signaturePart)) return { ok: false, problem: 'bad signature' }
  const expected = sign(`${headerPart}.${claimsPart}`, secret)
  const given = Buffer.from(signaturePart, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, problem: 'bad signature' }
  const claims = decodeJson(claimsPart) as Partial<JwtClaims> | undefined
  if (
    !claims ||
    typeof claims !== 'object' ||
    typeof claims.sub !== 'string' ||
    typeof claims.exp !== 'number'
  )
    return { ok: false, problem: 'malformed' }
  if (claims.aud !== (check.audience ?? JWT_AUDIENCE)) return { ok: false, problem: 'wrong audience' }
  if (check.now >= claims.exp * 1000 || (claims.gen ?? 0) < (check.minGen ?? 0))
    return { ok: false, problem: 'expired' }
  return { ok: true, claims: claims as JwtClaims }
}
