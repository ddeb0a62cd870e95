import { type ConversationClient, ConversationValidationError } from '@uc-conversation/core'
import type { Defaults } from './internal/defaults'

/** Defaults of {@link PollOptions}, shared by every polling stream (frozen). */
export const DEFAULT_POLL: Defaults<PollOptions> = Object.freeze({
  /** Shortest pause between two polls of one stream. */
  pollIntervalMs: 15_000,
  /** Share of the client's remaining hourly budget one polling stream may use. */
  pollBudgetShare: 0.25,
})
/** Longest pause between two polls, however low the budget. */
export const MAX_POLL_DELAY_MS = 300_000

export interface PollOptions {
  /**
   * Shortest pause between polls, in milliseconds.
   * @default DEFAULT_POLL.pollIntervalMs (15,000)
   */
  pollIntervalMs?: number | undefined
  /**
   * Fraction of the client's remaining budget (`client.stats.budgetLeft`, per hour) one stream may poll with:
   * the pause is at least `3,600,000 / (budgetLeft × share)` ms. Irrelevant for a client without a budget.
   * @default DEFAULT_POLL.pollBudgetShare (0.25)
   */
  pollBudgetShare?: number | undefined
}

/**
 * The pause before the next poll: `pollIntervalMs`, stretched so that one stream spends at most
 * `pollBudgetShare` of what is left of the client's hourly budget (UltraCart allows 1,000 requests an hour; a
 * 2 s poll alone would exceed it). Usable as TanStack Query's `refetchInterval`.
 */
export function pollDelay(client: Pick<ConversationClient, 'stats'>, options: PollOptions = {}): number {
  const interval = options.pollIntervalMs ?? DEFAULT_POLL.pollIntervalMs
  const share = options.pollBudgetShare ?? DEFAULT_POLL.pollBudgetShare
  const left = client.stats?.budgetLeft ?? Number.POSITIVE_INFINITY
  if (!Number.isFinite(left)) return interval
  return Math.min(MAX_POLL_DELAY_MS, Math.max(interval, Math.ceil(3_600_000 / (Math.max(left, 1) * share))))
}

/** Defaults of {@link RevalidateOptions} (frozen). */
export const DEFAULT_REVALIDATE: Readonly<{ revalidateMs: number }> = Object.freeze({
  /** Longest a collection goes without asking the server while its socket is up (before budget stretching). */
  revalidateMs: 120_000,
})

export interface RevalidateOptions extends PollOptions {
  /**
   * While the socket is up, the collection still loads once this long after its last load (a check through the
   * client's budget: stretched like a poll by {@link pollDelay}), so a lost event is wrong for at most about this
   * long even when no later frame shows it. `false` turns the check off (a lost event then stays wrong until
   * later evidence or a reconnect).
   * @default DEFAULT_REVALIDATE.revalidateMs (120,000)
   */
  revalidateMs?: number | false | undefined
}

/**
 * The pause before the next check while the socket is up: `revalidateMs`, or the budget-aware poll pause when
 * that is longer; `undefined` when checks are off.
 */
export function revalidateDelay(
  client: Pick<ConversationClient, 'stats'>,
  options: RevalidateOptions = {},
): number | undefined {
  const every = options.revalidateMs ?? DEFAULT_REVALIDATE.revalidateMs
  if (every === false) return undefined
  return Math.max(every, pollDelay(client, options))
}

/** Throws a `ConversationValidationError` naming `revalidateMs` unless it is `false` or a positive finite number. */
export function checkRevalidateMs(value: unknown): void {
  if (value !== undefined && value !== false && !(typeof value === 'number' && value > 0 && value < Infinity))
    throw new ConversationValidationError('revalidateMs', 'a positive number of milliseconds, or false')
}
