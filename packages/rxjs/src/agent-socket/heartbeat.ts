import type { PingReplies } from './agent-socket'

/** What the socket does next for its heartbeat: wait until a time, send a ping, or give the socket up. */
export type HeartbeatStep = { kind: 'wait'; until: number } | { kind: 'ping' } | { kind: 'dead' }

/** The limits of a {@link Heartbeat}, in milliseconds (the socket's options of the same names). */
export interface HeartbeatLimits {
  /** Silence after which a ping is sent. */
  heartbeatIntervalMs: number
  /** Silence after a ping after which a socket of a server that answers pings is dead. */
  heartbeatTimeoutMs: number
  /** Silence after which a socket of a server that does not answer pings is dead. */
  silenceLimitMs: number
}

/**
 * @internal The heartbeat of one agent socket object, as plain state: the socket feeds it what happened (open,
 * frame, ping sent) and asks {@link Heartbeat.next} what to do. What it learnt of the server's ping answers
 * outlives each connection: it is a fact about the server, not about one socket.
 */
export class Heartbeat {
  #lastActivity = 0
  #pingSentAt: number | undefined
  /**
   * A socket was given up for an unanswered ping before any ping was ever answered. Read only while `replies` is
   * `unknown`, which it never is again once it changed.
   */
  #suspectNoReplies = false
  replies: PingReplies = 'unknown'

  constructor(readonly limits: HeartbeatLimits) {}

  /** A connection opened at `now`. */
  opened(now: number): void {
    this.#lastActivity = now
    this.#pingSentAt = undefined
  }

  /** A frame arrived at `now`; a ping frame after one of ours is its answer. */
  received(now: number, isPing: boolean): void {
    this.#lastActivity = now
    if (isPing && this.#pingSentAt !== undefined) this.replies = 'answered'
  }

  /** A ping went out at `now`. */
  pinged(now: number): void {
    this.#pingSentAt = now
  }

  /** A ping is out and nothing arrived since. */
  get awaitingAnswer(): boolean {
    return this.#pingSentAt !== undefined && this.#lastActivity < this.#pingSentAt
  }

  /** What to do at `now` on an open socket. */
  next(now: number): HeartbeatStep {
    const { heartbeatIntervalMs: intervalMs, heartbeatTimeoutMs: timeoutMs, silenceLimitMs } = this.limits
    const pingSentAt = this.#pingSentAt
    if (pingSentAt !== undefined && this.#lastActivity < pingSentAt) {
      if (this.replies === 'unanswered') {
        // Pings still go out (they may keep the socket alive), but only long silence means death.
        const deadAt = this.#lastActivity + silenceLimitMs
        const nextPingAt = pingSentAt + intervalMs
        if (now >= deadAt) return { kind: 'dead' }
        if (now >= nextPingAt) return { kind: 'ping' }
        return { kind: 'wait', until: Math.min(deadAt, nextPingAt) }
      }
      const deadAt = pingSentAt + timeoutMs
      if (now < deadAt) return { kind: 'wait', until: deadAt }
      if (this.replies === 'unknown') {
        if (this.#suspectNoReplies) {
          // The replacement of a socket that went silent after a ping opened fine and went silent after its ping
          // too: this server does not answer pings. Replacing sockets every few seconds would only spend JWT
          // requests; fall back to the silence limit.
          this.replies = 'unanswered'
          return this.next(now)
        }
        this.#suspectNoReplies = true
      }
      return { kind: 'dead' }
    }
    this.#pingSentAt = undefined
    const due = this.#lastActivity + intervalMs
    return now >= due ? { kind: 'ping' } : { kind: 'wait', until: due }
  }
}
