import { type ConversationAgentAuth, jwtExpiresAt } from '@uc-conversation/core'
import { JWT_REUSE_MARGIN_MS } from './options'

/**
 * @internal The JWT of attempts whose socket never opened, and how many more attempts may use it: each new
 * one costs a `getAgentWebsocketAuthorization` request against UltraCart's hourly limit.
 */
export class JwtReuse {
  #spare: ConversationAgentAuth | undefined
  #uses = 0

  readonly #reuses: number

  constructor(reuses: number) {
    this.#reuses = reuses
  }

  /** A fresh authorization: it may serve `reuses` further attempts while its socket never opens. */
  offer(auth: ConversationAgentAuth): void {
    this.#spare = auth
    this.#uses = this.#reuses
  }

  /** Its socket opened, or the server refused the JWT: it is never reused. */
  forget(): void {
    this.#spare = undefined
  }

  /** The spare authorization for the next attempt, while its `exp` leaves more than the margin at `now`. */
  take(now: number): ConversationAgentAuth | undefined {
    const spare = this.#spare
    // Only an authorization with a jwt is offered; one without a readable `exp` counts as expired.
    if (spare && this.#uses > 0 && (jwtExpiresAt(spare.jwt!) ?? 0) - now > JWT_REUSE_MARGIN_MS) {
      this.#uses--
      return spare
    }
    this.#spare = undefined
    return undefined
  }
}
