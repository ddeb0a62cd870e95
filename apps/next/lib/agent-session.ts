import type { JWT } from 'next-auth/jwt'

/**
 * What the encrypted session cookie holds for a signed-in agent (Auth.js's JWT, a JWE only this server can
 * read). The tokens never leave the server: the session callback gives the browser only the name and ARN.
 */
export interface AgentSession extends JWT {
  /** The agent's participant ARN (from UltraCart's websocket authorization, at sign-in). */
  arn?: string
  /** UltraCart's access token for this agent. */
  accessToken?: string
  /** Its refresh token (spent by each refresh: UltraCart may rotate it). */
  refreshToken?: string
  /** When the access token expires, epoch ms (from the token answer's `expires_in`). */
  accessTokenExpiresMs?: number
  /** Set when a refresh failed: the agent must sign in again. */
  error?: 'RefreshTokenError'
}

/** Refresh this long before the access token expires, so no request goes out with one about to lapse. */
export const REFRESH_MARGIN_MS = 60_000

/** How long a signed-in session lasts without use (rolling: every request renews it): 8 hours, a shift. */
export const SESSION_MAX_AGE_S = 8 * 60 * 60

/** Whether the session can act now: it has an access token, not expired, and no failed refresh. */
export const isUsable = (session: AgentSession | null | undefined, now = Date.now()): boolean =>
  !!session?.accessToken &&
  !session.error &&
  typeof session.accessTokenExpiresMs === 'number' &&
  session.accessTokenExpiresMs > now
