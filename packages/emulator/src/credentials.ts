import { createHash, timingSafeEqual } from 'node:crypto'
import type { ConversationScope } from '@uc-conversation/core'
import { HttpError } from './http-error'
import type { OAuthGrants } from './oauth/oauth-grants'

const ALL_SCOPES: readonly ConversationScope[] = ['conversation_read', 'conversation_write']

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest()

/**
 * The token of an `Authorization` header: `Bearer <token>`, or the bare token, which is what UltraCart's SDK
 * sends (it adds no "Bearer " prefix). Anything else (another scheme, `Bearer` alone, several words) is a 401
 * saying so; the value itself is never repeated.
 */
const tokenOf = (header: string | null): string | undefined => {
  if (header === null) return undefined
  const value = header.trim()
  const bearer = /^Bearer\s+(\S+)$/i.exec(value)?.[1]
  if (bearer) return bearer
  if (/^\S+$/.test(value) && !/^Bearer$/i.test(value)) return value
  throw new HttpError(
    401,
    'Authorization must be a Bearer token: "Bearer <token>", or the token alone as UltraCart\'s SDK sends it.',
    'Authentication required.',
    'unauthorized',
  )
}

/** Who a request's credential is. @internal */
export interface Credentials {
  /**
   * The agent ARN behind the request's `x-ultracart-simple-key` or `Authorization: Bearer` header, and the
   * credential itself (for rate limiting). Throws 401 or 410, and 401 when a token lacks `scope` (the one core's
   * table gives the operation). `expiresMs`: when the credential stops working (tokens of the OAuth flow).
   */
  authenticate(
    headers: Headers,
    scope?: ConversationScope,
  ): { arn: string; credential: string; expiresMs?: number }
}

/**
 * Credentials kept only as SHA-256 digests and compared in constant time: every stored digest is compared,
 * whatever matches, so timing says nothing about which key (or how much of one) was right. @internal
 */
export function createCredentials(
  entries: readonly {
    arn: string
    simpleKey?: string
    accessToken?: string
    scopes?: readonly ConversationScope[]
  }[],
  disabledKeys: readonly string[],
  issued?: Pick<OAuthGrants, 'lookup'>,
): Credentials {
  const keys = entries.flatMap((e) => [
    ...(e.simpleKey ? [{ arn: e.arn, kind: 'key' as const, hash: digest(e.simpleKey) }] : []),
    ...(e.accessToken
      ? [{ arn: e.arn, kind: 'token' as const, hash: digest(e.accessToken), scopes: e.scopes ?? ALL_SCOPES }]
      : []),
  ])
  const disabled = disabledKeys.map(digest)
  const anyMatch = (hash: Buffer, list: readonly Buffer[]) => {
    let found = -1
    list.forEach((candidate, i) => {
      if (timingSafeEqual(candidate, hash) && found < 0) found = i
    })
    return found
  }
  return {
    authenticate(headers, scope) {
      const simple = headers.get('x-ultracart-simple-key')?.trim()
      const bearer = simple ? undefined : tokenOf(headers.get('authorization'))
      const given = simple || bearer
      const kind = simple ? 'key' : 'token'
      if (!given)
        throw new HttpError(
          401,
          'Missing credentials: send x-ultracart-simple-key or Authorization: Bearer <token>.',
          'Authentication required.',
          'unauthorized',
        )
      const hash = digest(given)
      if (anyMatch(hash, disabled) >= 0)
        throw new HttpError(
          410,
          'The authorized application for these credentials is disabled.',
          'Authorized application disabled.',
          'application_disabled',
        )
      const index = anyMatch(
        hash,
        keys.map((k) => k.hash),
      )
      const configured = index >= 0 ? keys[index] : undefined
      const minted = !configured && kind === 'token' ? issued?.lookup(given) : undefined
      if (minted && !minted.ok)
        throw new HttpError(
          401,
          'The access token has expired: refresh it.',
          'Authentication required.',
          'token_expired',
        )
      const match = minted ? { kind: 'token' as const, ...minted } : configured
      if (!match || match.kind !== kind)
        throw new HttpError(401, 'Invalid credentials.', 'Invalid credentials.', 'unauthorized')
      const needed = scope
      if (match.kind === 'token' && needed && !match.scopes.includes(needed))
        throw new HttpError(
          401,
          `The access token lacks the ${needed} scope.`,
          'Not authorized for this action.',
          'insufficient_scope',
        )
      return { arn: match.arn, credential: given, ...(minted ? { expiresMs: minted.expiresMs } : {}) }
    },
  }
}
