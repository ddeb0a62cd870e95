import type { ConversationMessage, ConversationWebsocketFrame } from '@uc-conversation/core'

/** A customer who just arrived. */
export interface ArrivedCustomer {
  conversationUuid: string
  arn: string
  name: string
  email: string
  queue: string
}

/** A simulated customer's state (JSON-safe; part of snapshots). */
export interface SimulatedCustomer {
  conversationUuid: string
  arn: string
  name: string
  email?: string
  queueName: string
  /** `waiting` in the queue, `chatting` once an agent joined, `done` after the goodbye, `gone` after leaving. */
  phase: 'waiting' | 'chatting' | 'done' | 'gone'
  joinMs: number
  patienceMs: number
  repliesLeft: number
  /** Last time an agent was in the conversation (for idle leaving). */
  lastAgentMs: number
}

/** What one {@link CustomerControl.step} did. */
export interface StepResult {
  arrived: string[]
  abandoned: string[]
  left: string[]
}

/**
 * Simulated webchat customers. Spontaneous behaviour (arrivals, abandoning, leaving when left alone) happens on
 * {@link CustomerControl.step}; reactions to agents (read, typing, reply, goodbye) are scheduled on the clock.
 */
export interface CustomerControl {
  /** A customer joins a queue with a question (random where not given). */
  arrive(input?: { queue?: string; name?: string; email?: string; question?: string }): ArrivedCustomer
  /**
   * The customer of a conversation posts a message, with files uploaded under `options.uploadKeys` attached
   * (they appear in `media_urls`); undefined when the conversation is closed.
   */
  say(
    conversationUuid: string,
    body: string,
    options?: { uploadKeys?: readonly string[] },
  ): ConversationMessage | undefined
  /** The customer shows what they have typed so far (`''` to stop). */
  typing(conversationUuid: string, value: string): void
  /**
   * The customer opens another page of the shop (a random one when not given); the agents in the conversation
   * get `webchat context`. No-op once the conversation is closed.
   */
  browse(conversationUuid: string, page?: { url: string; title: string }): void
  /**
   * The customer puts a catalogue item (`TSHIRT`, `HOODIE`, `MUG`, `BOTTLE`, `CAP`, `GIFTCARD`) in their cart; the
   * agents in the conversation get `webchat context`.
   * @param quantity @default 1
   */
  addToCart(conversationUuid: string, merchantItemId: string, quantity?: number): void
  /** The customer reads every message so far (statuses become `read`, agents get `read message`). */
  read(conversationUuid: string): void
  /** The customer leaves (abandons when still waiting); the conversation closes. */
  leave(conversationUuid: string): void
  /** One tick of spontaneous behaviour. */
  step(): StepResult
  /** Runs {@link CustomerControl.step} every `intervalMs` on the clock. */
  start(intervalMs: number): void
  stop(): void
  readonly running: boolean
  /** The simulated customers still around. */
  list(): SimulatedCustomer[]
  /** Frames the customer side of a conversation received (newest 500). */
  frames(conversationUuid: string): ConversationWebsocketFrame[]
}
