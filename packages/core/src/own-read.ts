import { readConversationSummary } from './conversation-summary'
import type { ConversationSummary } from './types'

/**
 * A summary with the agent's own read up to `message` applied, unless the summary is about a later message (a
 * customer wrote since: the server's unread marker stands). The server sends the reader no event of its own
 * read, so a session applies it to every summary it shows until the server's answers have it. Pure; returns
 * `summary` itself when nothing changes, or when `message` has no server time (nothing to compare with).
 */
export function applyOwnRead(
  summary: ConversationSummary,
  message: { message_dts?: string | undefined },
): ConversationSummary {
  const last = Date.parse(summary.last_message_dts ?? '')
  const read = Date.parse(message.message_dts ?? '')
  return Number.isNaN(read) || last > read ? summary : readConversationSummary(summary, message)
}
