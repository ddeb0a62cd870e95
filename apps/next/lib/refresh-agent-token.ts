import type { AgentSession } from './agent-session'
import { ultracartSettings } from './ultracart-settings'

/** The token endpoint's answer (UltraCart's `OauthTokenResponse`: `expires_in` is a string there). */
interface TokenAnswer {
  access_token?: string
  refresh_token?: string
  expires_in?: string | number
}

/** Refreshes by the refresh token they spend; `settledMs` once answered. */
const refreshes = new Map<string, { result: Promise<AgentSession>; settledMs?: number }>()
/** A settled refresh is kept this long for requests that still carry the old cookie (sent before it). */
const KEEP_SETTLED_MS = 30_000

/** HTTP Basic client authentication (RFC 6749 §2.3.1: id and secret form-encoded first). */
export const basicAuthorization = (clientId: string, clientSecret: string) => {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+')
  return `Basic ${btoa(`${encode(clientId)}:${encode(clientSecret)}`)}`
}

async function refresh(session: AgentSession): Promise<AgentSession> {
  const settings = ultracartSettings()
  const response = await fetch(`${settings.oauthUrl}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      authorization: basicAuthorization(settings.clientId, settings.clientSecret),
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: session.refreshToken ?? '' }),
    cache: 'no-store',
  })
  const answer = (await response.json().catch(() => ({}))) as TokenAnswer & { error?: string }
  const expiresIn = Number(answer.expires_in)
  if (!response.ok || !answer.access_token || !Number.isFinite(expiresIn))
    // The status and OAuth error code only: the answer may echo what was sent.
    throw new Error(`refresh refused: ${response.status} ${answer.error ?? 'no access_token'}`)
  return {
    ...session,
    accessToken: answer.access_token,
    // A server that does not rotate keeps the old refresh token valid.
    refreshToken: answer.refresh_token ?? session.refreshToken,
    accessTokenExpiresMs: Date.now() + expiresIn * 1000,
    error: undefined,
  }
}

/**
 * The session with a fresh access token (refresh grant), or with `error: 'RefreshTokenError'` and no tokens when
 * UltraCart refuses: the agent then signs in again. Concurrent requests of one session share one refresh
 * (UltraCart may spend a refresh token on first use), also for `KEEP_SETTLED_MS` after it settled.
 */
export function refreshAgentToken(session: AgentSession): Promise<AgentSession> {
  const key = session.refreshToken
  if (!key) return Promise.resolve({ ...session, accessToken: undefined, error: 'RefreshTokenError' })
  // Settled entries leave when the next refresh comes by: no timer to keep or clear.
  const now = Date.now()
  for (const [k, entry] of refreshes)
    if (entry.settledMs !== undefined && entry.settledMs + KEEP_SETTLED_MS <= now) refreshes.delete(k)
  const known = refreshes.get(key)
  if (known) return known.result
  const entry: { result: Promise<AgentSession>; settledMs?: number } = {
    result: refresh(session).catch((error: unknown) => {
      console.warn(`[uc auth] ${error instanceof Error ? error.message : 'refresh failed'}`)
      return {
        ...session,
        accessToken: undefined,
        refreshToken: undefined,
        error: 'RefreshTokenError' as const,
      }
    }),
  }
  void entry.result.then(() => {
    entry.settledMs = Date.now()
  })
  refreshes.set(key, entry)
  return entry.result
}
