import { dtsTime } from './dts-time'
import { overlay, sameOr } from './overlay'
import type { ConversationSummary } from './types'

/** The server time of a summary's last message (`last_message_dts`); absent or unreadable: -Infinity. */
const timeOf = (summary: ConversationSummary): number => dtsTime(summary.last_message_dts)

/** A summary's `message_count`; absent or not a finite number: `NaN`, which no comparison orders. */
const countOf = ({ message_count: count }: ConversationSummary): number =>
  Number.isFinite(count) ? count! : Number.NaN

/**
 * Compares the histories two summaries describe: > 0 when `incoming` is about a newer message than `previous`,
 * < 0 when it is about an older one, 0 when it is about the same one or the server's evidence cannot tell.
 * Only server data counts (never the local clock): a known time beats an unknown one; equal times are told
 * apart by `message_count`, which also decides when `incoming` has no readable time.
 */
export function compareConversationSummaries(
  previous: ConversationSummary,
  incoming: ConversationSummary,
): number {
  const a = timeOf(previous)
  const b = timeOf(incoming)
  // A known `b` (an unknown time is -Infinity) differing from `a`, known or not, decides; else the counts (`NaN`,
  // when one is unknown, is a tie).
  return Math.sign(b > -Infinity && a !== b ? b - a : countOf(incoming) - countOf(previous)) || 0
}

/**
 * A summary without the fields that describe the conversation as of its last message (and so its place in the
 * history): `last_message_dts`, `message_count`, the `last_conversation_*` body, participant ARN and name, and
 * `customer_first_message_unresponded_to_dts`. They come from the newest summary only: an older one's copies describe
 * an older message and never fill in what is not known of the newer one (a count dropped on reading would otherwise
 * come back stale and make the next summary look newer). The newest one's absence counts: the server leaves out the
 * customer's unanswered time once an agent replied, so a newer summary without it means nobody waits.
 */
const aboutTheConversation = (summary: ConversationSummary): ConversationSummary => {
  const out: Record<string, unknown> = { ...summary }
  for (const key in out)
    if (/^(last_(message_dts$|conversation_)|message_count$|customer_first_message_unresponded)/.test(key))
      delete out[key]
  return out as ConversationSummary
}

/**
 * Merges what the client knows of a conversation (`previous`, undefined for a newcomer) with a summary the
 * server sent later (a socket event, a reload, a response), so that its state only moves forward:
 * - a summary about an older message than the one known never undoes newer data (the known fields stay; it
 *   only fills fields the client did not know, and never those that describe its older last message);
 * - once read (`unread_messages: false`), a conversation becomes unread again only with a summary about a
 *   newer message (`last_message_dts`, then `message_count`; server time only);
 * - `closed` never goes back to `false`, and a closed conversation has no unread state (`unread_messages` is
 *   `false`).
 * Pure. Returns `previous` itself when nothing changed, so caches keep the object's identity.
 */
export function mergeConversationSummary(
  previous: ConversationSummary | undefined,
  incoming: ConversationSummary,
): ConversationSummary {
  const known = previous ?? {}
  const knownTime = timeOf(known)
  const order = compareConversationSummaries(known, incoming)
  // A summary without a readable time that is not newer, beside a known time, cannot say which message its count
  // and body describe: they are not taken (the count would later make a summary of the read message look newer).
  // (Not newer and without a readable time: its unknown time, -Infinity, is below a known one.)
  const unplaced = !order && timeOf(incoming) < knownTime
  // Of two summaries about different messages, what described the older one (its count, body, author) goes with it.
  const next =
    order < 0
      ? overlay(aboutTheConversation(incoming), known)
      : order > 0
        ? overlay(aboutTheConversation(known), incoming)
        : overlay(known, unplaced ? aboutTheConversation(incoming) : incoming)
  // Not about a newer message: a read conversation stays read, whatever the event says.
  if (!order && known.unread_messages === false) next.unread_messages = false
  // A readable time is never replaced by an unreadable one (`next`'s time, when readable, is never older than the
  // known one: so it is below that only when unreadable).
  if (timeOf(next) < knownTime) next.last_message_dts = known.last_message_dts
  if (known.closed === true) next.closed = true
  if (next.closed === true) next.unread_messages = false
  // What the caller holds (for a newcomer: what the server sent) stays when nothing changed.
  return sameOr(previous ?? incoming, next)
}

/**
 * The summary once the agent has read its conversation up to `message` (a server message): no unread state. When
 * the message is newer than the summary's last one (the row had not yet heard of it), the summary takes the
 * message's server time as its position and forgets its `message_count`, which described the older message: the
 * server's own summary of that message, however late it comes, is then about the same message and cannot bring the
 * unread marker back, while a summary of any later message still can. Pure; returns `summary` itself when it is
 * already read at or past that message.
 */
export function readConversationSummary(
  summary: ConversationSummary,
  message: { message_dts?: string | undefined },
): ConversationSummary {
  // An unreadable message time (-Infinity) is never newer.
  if (dtsTime(message.message_dts) > timeOf(summary)) {
    const { message_count: _stale, ...rest } = summary
    return { ...rest, last_message_dts: message.message_dts, unread_messages: false }
  }
  return summary.unread_messages === false ? summary : { ...summary, unread_messages: false }
}
