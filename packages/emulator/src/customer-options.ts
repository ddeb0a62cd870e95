/** How simulated customers behave. Every random choice comes from the seeded `customers` stream. */
export interface CustomerOptions {
  /**
   * Customers answer agents' messages by themselves (read, sometimes type, reply, and leave after a few
   * exchanges). Turn off to script every customer line with `customers.say()`.
   * @default true
   */
  autoReply?: boolean
  /**
   * Chance that a new customer arrives on each `step()`.
   * @default 0.5
   */
  arrivalChance?: number
  /**
   * No arrivals while this many customers wait (across queues).
   * @default 3
   */
  maxWaiting?: number
  /**
   * How long a waiting customer waits before abandoning (checked on `step()`), drawn from `[min, max]` ms.
   * @default [120000, 300000]
   */
  patienceMs?: readonly [number, number]
  /**
   * Delay before a customer replies to an agent, drawn from `[min, max]` ms.
   * @default [1500, 4000]
   */
  replyDelayMs?: readonly [number, number]
  /**
   * Delay before a customer reads an agent's message.
   * @default 800
   */
  readDelayMs?: number
  /**
   * Chance that a customer shows typing before replying.
   * @default 0.7
   */
  typingChance?: number
  /**
   * Replies before the customer says goodbye, drawn from `[min, max]`.
   * @default [2, 4]
   */
  exchanges?: readonly [number, number]
  /**
   * Delay after the goodbye before the customer leaves (closing the conversation).
   * @default 5000
   */
  leaveDelayMs?: number
  /**
   * A chatting customer left without any agent for this long leaves too (checked on `step()`).
   * @default 300000
   */
  idleLeaveMs?: number
  /**
   * Chance that a customer still around opens another page of the shop on each `step()` (agents in the
   * conversation get `webchat context`). Drawn from the seeded `context` stream, so it changes no other draw.
   * @default 0.3
   */
  browseChance?: number
}

export const DEFAULT_CUSTOMER_OPTIONS: Required<CustomerOptions> = {
  autoReply: true,
  arrivalChance: 0.5,
  maxWaiting: 3,
  patienceMs: [120_000, 300_000],
  replyDelayMs: [1500, 4000],
  readDelayMs: 800,
  typingChance: 0.7,
  exchanges: [2, 4],
  leaveDelayMs: 5000,
  idleLeaveMs: 300_000,
  browseChance: 0.3,
}
