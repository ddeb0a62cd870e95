import type { ConversationClient } from '@uc-conversation/core'

/** Shortest pause between two polls of one stream. */
export const DEFAULT_POLL_INTERVAL_MS = 15_000
/** Share of the client's remaining hourly budget one polling stream may use. */
export const DEFAULT_POLL_BUDGET_SHARE = 0.25
/** Longest pause between two polls, however low the budget. */
export const MAX_POLL_DELAY_MS = 300_000

export interface PollOptions {
  /**
   * Shortest pause between polls, in milliseconds.
   * @default DEFAULT_POLL_INTERVAL_MS
   */
  pollIntervalMs?: number
  /**
   * Fraction of the client's remaining budget (`client.stats.budgetLeft`, per hour) one stream may poll with:
   * the pause is at least `3,600,000 / (budgetLeft × share)` ms. Irrelevant for a client without a budget.
   * @default DEFAULT_POLL_BUDGET_SHARE
   */
  pollBudgetShare?: number
}

/**
 * The pause before the next poll: `pollIntervalMs`, stretched so that one stream spends at most
 * `pollBudgetShare` of what is left of the client's hourly budget (UltraCart allows 1,000 requests an hour; a
 * 2 s poll alone would exceed it). Usable as TanStack Query's `refetchInterval`.
 */
export function pollDelay(client: Pick<ConversationClient, 'stats'>, options: PollOptions = {}): number {
  const interval = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS
  const share = options.pollBudgetShare ?? DEFAULT_POLL_BUDGET_SHARE
  const left = client.stats?.budgetLeft ?? Number.POSITIVE_INFINITY
  if (!Number.isFinite(left)) return interval
  return Math.min(MAX_POLL_DELAY_MS, Math.max(interval, Math.ceil(3_600_000 / (Math.max(left, 1) * share))))
}
