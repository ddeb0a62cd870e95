import { createHash, randomBytes } from 'node:crypto'
import type { ConversationScope } from '@uc-conversation/core'
import type { Clock } from '../clock'

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('base64url')
const newSecret = () => randomBytes(32).toString('base64url')
const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url')

/** What a code was issued for (the authorize request the agent consented to). @internal */
export interface CodeRequest {
  clientId: string
  redirectUri: string
  arn: string
  scopes: readonly ConversationScope[]
  /** PKCE S256 challenge, when the client sent one. */
  codeChallenge?: string
}

/** The token endpoint's answer (UltraCart's `OauthTokenResponse`; `expires_in` is a string there). @internal */
export interface TokenGrant {
  access_token: string
  refresh_token: string
  token_type: 'bearer'
  expires_in: string
  scope: string
}

/** An RFC 6749 §5.2 error: `error` is the code the token endpoint answers with. @internal */
export class OAuthError extends Error {
  override name = 'OAuthError'
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type',
    readonly description: string,
  ) {
    super(description)
  }
}

/** Who an access token acts as, or why it does not. @internal */
export type AccessLookup =
  | { ok: true; arn: string; scopes: readonly ConversationScope[]; expiresMs: number }
  | { ok: false; problem: 'expired' }

/** Codes, access tokens and refresh tokens of the OAuth flow; only SHA-256 digests of them are kept. @internal */
export interface OAuthGrants {
  /** A single-use code for `request`, valid `codeTtlMs`. */
  issueCode(request: CodeRequest): string
  /** `grant_type=authorization_code`: the code, spent; the client, redirect URI and PKCE verifier must match. */
  exchangeCode(clientId: string, code: string, redirectUri: string, verifier: string | undefined): TokenGrant
  /** `grant_type=refresh_token`: a new access token and a new refresh token; the old refresh token is spent. */
  refresh(clientId: string, refreshToken: string): TokenGrant
  /** Revokes an access token, or a refresh token with every access token of its grant. Unknown: nothing. */
  revoke(clientId: string, token: string): void
  /** The agent and scopes of a live access token; `undefined` for a token never issued or revoked. */
  lookup(accessToken: string): AccessLookup | undefined
}

interface Grant {
  clientId: string
  arn: string
  scopes: readonly ConversationScope[]
  refreshDigest: string
  refreshExpiresMs: number
  accessDigests: Set<string>
}

/** @internal */
export function createOAuthGrants(deps: {
  clock: Clock
  accessTokenTtlMs: number
  refreshTokenTtlMs: number
  codeTtlMs: number
}): OAuthGrants {
  const codes = new Map<string, CodeRequest & { expiresMs: number; grantId?: string }>()
  const grants = new Map<string, Grant>()
  const byRefresh = new Map<string, string>()
  const access = new Map<string, { grantId: string; expiresMs: number }>()
  let nextGrant = 1

  const now = () => deps.clock.now()
  // Expired entries go when next touched, so a long-running emulator keeps only what can still be used (an
  // access token stays one lifetime longer, to be answered "expired" rather than "invalid").
  const sweep = () => {
    const t = now()
    for (const [k, v] of codes) if (v.expiresMs <= t) codes.delete(k)
    for (const [k, v] of access) if (v.expiresMs + deps.accessTokenTtlMs <= t) access.delete(k)
    for (const [id, g] of grants)
      if (g.refreshExpiresMs <= t && ![...g.accessDigests].some((d) => access.has(d))) revokeGrant(id)
  }
  const revokeGrant = (grantId: string) => {
    const grant = grants.get(grantId)
    if (!grant) return
    for (const d of grant.accessDigests) access.delete(d)
    byRefresh.delete(grant.refreshDigest)
    grants.delete(grantId)
  }
  const mint = (grantId: string, grant: Grant): TokenGrant => {
    const accessToken = newSecret()
    const refreshToken = newSecret()
    const t = now()
    access.set(digest(accessToken), { grantId, expiresMs: t + deps.accessTokenTtlMs })
    grant.accessDigests.add(digest(accessToken))
    byRefresh.delete(grant.refreshDigest)
    grant.refreshDigest = digest(refreshToken)
    grant.refreshExpiresMs = t + deps.refreshTokenTtlMs
    byRefresh.set(grant.refreshDigest, grantId)
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'bearer',
      expires_in: String(Math.floor(deps.accessTokenTtlMs / 1000)),
      scope: grant.scopes.join(' '),
    }
  }

  return {
    issueCode(request) {
      sweep()
      const code = newSecret()
      codes.set(digest(code), { ...request, expiresMs: now() + deps.codeTtlMs })
      return code
    },
    exchangeCode(clientId, code, redirectUri, verifier) {
      sweep()
      const key = digest(code)
      const entry = codes.get(key)
      if (!entry || entry.expiresMs <= now()) {
        codes.delete(key)
        throw new OAuthError('invalid_grant', 'The code is unknown or expired.')
      }
      if (entry.grantId) {
        // A code used twice was intercepted or replayed: RFC 6749 §4.1.2 revokes what it was exchanged for.
        revokeGrant(entry.grantId)
        codes.delete(key)
        throw new OAuthError('invalid_grant', 'The code was already used.')
      }
      if (entry.clientId !== clientId)
        throw new OAuthError('invalid_grant', 'The code was issued to another client.')
      if (entry.redirectUri !== redirectUri)
        throw new OAuthError('invalid_grant', 'redirect_uri differs from the one of the authorize request.')
      if (entry.codeChallenge === undefined ? verifier !== undefined : verifier === undefined)
        throw new OAuthError(
          'invalid_grant',
          entry.codeChallenge === undefined
            ? 'code_verifier was sent but the authorize request had no code_challenge.'
            : 'code_verifier is required: the authorize request had a code_challenge.',
        )
      if (entry.codeChallenge !== undefined && s256(verifier ?? '') !== entry.codeChallenge)
        throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge.')
      const grantId = String(nextGrant++)
      // Kept (spent) until it expires, so a second use is recognised and revokes this grant.
      entry.grantId = grantId
      const grant: Grant = {
        clientId,
        arn: entry.arn,
        scopes: entry.scopes,
        refreshDigest: '',
        refreshExpiresMs: 0,
        accessDigests: new Set(),
      }
      grants.set(grantId, grant)
      return mint(grantId, grant)
    },
    refresh(clientId, refreshToken) {
      sweep()
      const grantId = byRefresh.get(digest(refreshToken))
      const grant = grantId ? grants.get(grantId) : undefined
      if (!grantId || !grant || grant.refreshExpiresMs <= now())
        throw new OAuthError('invalid_grant', 'The refresh token is unknown, used, revoked or expired.')
      if (grant.clientId !== clientId)
        throw new OAuthError('invalid_grant', 'The refresh token was issued to another client.')
      return mint(grantId, grant)
    },
    revoke(clientId, token) {
      const key = digest(token)
      const refreshed = byRefresh.get(key)
      if (refreshed && grants.get(refreshed)?.clientId === clientId) return revokeGrant(refreshed)
      const entry = access.get(key)
      if (entry && grants.get(entry.grantId)?.clientId === clientId) {
        access.delete(key)
        grants.get(entry.grantId)?.accessDigests.delete(key)
      }
    },
    lookup(accessToken) {
      const entry = access.get(digest(accessToken))
      const grant = entry ? grants.get(entry.grantId) : undefined
      if (!entry || !grant) return undefined
      if (entry.expiresMs <= now()) return { ok: false, problem: 'expired' }
      return { ok: true, arn: grant.arn, scopes: grant.scopes, expiresMs: entry.expiresMs }
    },
  }
}
