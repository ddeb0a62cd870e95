import { createHash } from 'node:crypto'

/** One leaky bucket: at most `requests` per `perSeconds`, draining continuously (no fixed reset). */
export interface RateLimitRule {
  requests: number
  perSeconds: number
}

/** UltraCart's published limits: 1,000 requests per hour and 10,000 per day per application. */
export const DEFAULT_RATE_LIMIT_RULES: readonly RateLimitRule[] = [
  { requests: 1000, perSeconds: 3600 },
  { requests: 10_000, perSeconds: 86_400 },
]

/** Rate limiting per credential (simple key or bearer token). */
export interface RateLimitOptions {
  /**
   * The buckets every request must fit in.
   * @default DEFAULT_RATE_LIMIT_RULES
   */
  rules?: readonly RateLimitRule[]
  /**
   * Answer a request with 429 while another request of the same credential is still being handled, as
   * UltraCart does. Off by default because in-process handling is nearly instant, so it only matters
   * together with a latency fault.
   * @default false
   */
  rejectConcurrent?: boolean
}

/** @internal */
export type RateDecision =
  | { ok: true; release: () => void }
  | { ok: false; reason: 'rate'; rule: RateLimitRule; retryAfterSeconds: number }
  | { ok: false; reason: 'concurrent'; retryAfterSeconds: number }

/** Keys are hashed: the limiter never holds a credential. Bounded: idle buckets are dropped. @internal */
/** Leaky buckets per credential. @internal */
export interface RateLimiter {
  /** Takes a slot for one request of `credential` (release it when the answer is sent), or says why not. */
  take(credential: string): RateDecision
  reset(): void
}

export function createRateLimiter(
  options: RateLimitOptions,
  now: () => number,
  maxKeys = 10_000,
): RateLimiter {
  const rules = options.rules ?? DEFAULT_RATE_LIMIT_RULES
  const buckets = new Map<string, { levels: number[]; at: number; inFlight: number }>()
  return {
    take(credential: string): RateDecision {
      const key = createHash('sha256').update(credential).digest('base64')
      const t = now()
      let bucket = buckets.get(key)
      if (!bucket) {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!)
        bucket = { levels: rules.map(() => 0), at: t, inFlight: 0 }
        buckets.set(key, bucket)
      }
      const elapsed = Math.max(0, t - bucket.at) / 1000
      bucket.at = t
      bucket.levels = bucket.levels.map((level, i) => {
        const rule = rules[i]!
        return Math.max(0, level - (elapsed * rule.requests) / rule.perSeconds)
      })
      if (options.rejectConcurrent && bucket.inFlight > 0)
        return { ok: false, reason: 'concurrent', retryAfterSeconds: 1 }
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!
        const level = bucket.levels[i]!
        if (level + 1 > rule.requests) {
          const perSecond = rule.requests / rule.perSeconds
          return {
            ok: false,
            reason: 'rate',
            rule,
            retryAfterSeconds: Math.max(1, Math.ceil((level + 1 - rule.requests) / perSecond)),
          }
        }
      }
      bucket.levels = bucket.levels.map((level) => level + 1)
      bucket.inFlight++
      const held = bucket
      let released = false
      return {
        ok: true,
        release: () => {
          if (!released) held.inFlight--
          released = true
        },
      }
    },
    reset: () => buckets.clear(),
  }
}
