import { CLOSE_CODES, type Hub, type SocketInfo } from './hub'
import type { JwtIssuer } from './jwt-issuer'

/** The agents' websocket connections. */
export interface SocketControl {
  readonly count: number
  list(): SocketInfo[]
  /** Drops every connection without a close frame (clients see 1006). */
  dropAll(): void
  /** Closes every connection with a close frame. @default code 1001, reason 'closed by emulator' */
  closeAll(code?: number, reason?: string): void
  /** Expires every JWT issued so far and closes every connection with 4001 'jwt expired'. */
  expireJwts(): void
  /** A JWT for an agent (default the first), e.g. with a negative `ttlMs` for an expired one. */
  issueJwt(agentArn?: string, ttlMs?: number): string
}

/** @internal */
export function createSocketControl(
  hub: Hub,
  jwt: JwtIssuer,
  firstAgentArn: string | undefined,
): SocketControl {
  return {
    get count() {
      return hub.size
    },
    list: hub.list,
    dropAll: hub.dropAll,
    closeAll: (code = CLOSE_CODES.GOING_AWAY, reason = 'closed by emulator') => hub.closeAll(code, reason),
    expireJwts() {
      jwt.expireAll()
      hub.closeAll(CLOSE_CODES.UNAUTHORIZED, 'jwt expired')
    },
    issueJwt(agentArn = firstAgentArn, ttlMs) {
      if (!agentArn) throw new Error('no agent configured')
      return jwt.issue(agentArn, ttlMs).jwt
    },
  }
}
