import { readConversationSummary } from './conversation-summary'
import type { ConversationSummary } from './types'

/**
 * The one rule for the agent's own read (the session's lists and react-query's cache both apply it): the summary
 * with the read up to `message` applied (core's `readConversationSummary`), unless the summary is about a later
 * message (a customer wrote since: its unread marker stands). A `read message` frame marks only up to `message`
 * on the server; a REST `markReadConversation` marks everything the server had when it ran, which may or may not
 * include a message the client heard of meanwhile: the marker stays until the server's next summary says it is
 * read (`mergeConversationSummary` takes that), rather than be cleared on a guess that nothing would bring back.
 * The server sends the reader no event of its own read, so a session applies it to every summary it shows until
 * the server's answers have it. Pure; returns `summary` itself when nothing changes, or when `message` has no
 * server time (nothing to compare with).
 */
export function applyOwnRead(
  summary: ConversationSummary,
  message: { message_dts?: string | undefined },
): ConversationSummary {
  const last = Date.parse(summary.last_message_dts ?? '')
  const read = Date.parse(message.message_dts ?? '')
  return Number.isNaN(read) || last > read ? summary : readConversationSummary(summary, message)
}
