import type { ConversationSchemas } from '@uc-conversation/core'
import type { ConversationRecord } from './state'

const POSITIVE =
  /\b(thanks?|thank you|great|perfect|wonderful|awesome|love|nice|solves?|helpful|excellent)\b/gi
const NEGATIVE =
  /\b(late|damaged|broken|twice|wrong|not work|does not work|doesn't work|angry|refund|problem|never arrived|disappointed)\b/gi

/**
 * The customer's mood, as UltraCart's `sentiment` reports it: a word count over what the customer wrote
 * (positive and negative words; neither is neutral, as many of both is mixed). Undefined before they wrote.
 */
export function sentimentOf(c: ConversationRecord): ConversationSchemas['ConversationSentiment'] | undefined {
  const customers = new Set(c.participants.filter((p) => p.role === 'customer').map((p) => p.arn))
  const said = c.messages.filter((m) => customers.has(m.author_conversation_participant_arn ?? ''))
  const last = said.at(-1)
  if (!last) return undefined
  let positive = 0
  let negative = 0
  for (const m of said) {
    positive += m.body?.match(POSITIVE)?.length ?? 0
    negative += m.body?.match(NEGATIVE)?.length ?? 0
  }
  const total = positive + negative
  const sentiment =
    total === 0 ? 'NEUTRAL' : positive === negative ? 'MIXED' : positive > negative ? 'POSITIVE' : 'NEGATIVE'
  const share = (n: number) => Math.round((n / Math.max(total, 1)) * 100) / 100
  return {
    sentiment,
    positive: share(positive),
    negative: share(negative),
    neutral: total === 0 ? 1 : 0,
    mixed: sentiment === 'MIXED' ? 1 : 0,
    ...(last.message_dts ? { last_detect_sentiment: last.message_dts } : {}),
  }
}
