import { type Defaults, withDefaults } from './internal/defaults'
/** How long to wait between attempts: `min(baseDelayMs · 2^attempt, maxDelayMs)`, shortened by a random jitter. */
export interface BackoffOptions {
  /**
   * Delay before the first retry, before jitter.
   * @default 1000
   */
  baseDelayMs?: number | undefined
  /**
   * Ceiling of the delay.
   * @default 30000
   */
  maxDelayMs?: number | undefined
  /**
   * Fraction of the delay that is random, 0 to 1: a delay `d` becomes a value in `[d · (1 − jitter), d]`, so
   * clients dropped together do not all come back in the same millisecond.
   * @default 0.5
   */
  jitter?: number | undefined
}

/** Defaults of {@link BackoffOptions}: tRPC's min(1000·2^n, 30 s), with half of it random. */
export const DEFAULT_BACKOFF: Defaults<BackoffOptions> = Object.freeze({
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  jitter: 0.5,
})

/** The delay before retry number `attempt` (0 for the first retry). `random` returns a number in [0, 1). */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const { baseDelayMs, maxDelayMs, jitter } = withDefaults(DEFAULT_BACKOFF, options)
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt, 52))
  return Math.round(cap * (1 - Math.min(1, Math.max(0, jitter)) * random()))
}
