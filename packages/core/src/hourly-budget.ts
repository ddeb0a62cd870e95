import { ConversationValidationError } from './errors'

/** UltraCart's published hourly budget per application and IP. */
export const DEFAULT_BUDGET_PER_HOUR = 1000

/** A request budget the client's queue consults before sending. */
export interface RequestBudget {
  /** Milliseconds until one more request fits (0: now). */
  wait(): number
  /** Counts one request against the budget. */
  take(): void
  /** Requests that fit right now. */
  left(): number
}

/**
 * A leaky bucket of `perHour` requests that drains continuously (no fixed reset), like UltraCart's. Pass it
 * as `createConversationClient({ budget: hourlyBudget() })`; requests over budget wait in the client's queue.
 * Share one budget between clients that use the same credentials.
 */
export function hourlyBudget(
  perHour: number = DEFAULT_BUDGET_PER_HOUR,
  /** The clock, for simulations in virtual time. @default Date.now */
  now: () => number = Date.now,
): RequestBudget {
  if (!(perHour > 0)) throw new ConversationValidationError('perHour', 'a positive number')
  const rate = perHour / 3.6e6
  let level = 0
  let last = now()
  const leak = () => {
    const t = now()
    // A wall clock stepped back (NTP, the user) charges nothing: only time seen to pass refills the bucket.
    level = Math.max(0, level - Math.max(0, t - last) * rate)
    last = t
    return level
  }
  return {
    wait: () => Math.max(0, Math.ceil((leak() + 1 - perHour) / rate)),
    take: () => {
      level = leak() + 1
    },
    left: () => Math.floor(perHour - leak()),
  }
}
