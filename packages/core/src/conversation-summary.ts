import type { ConversationSummary } from './types'

/**
 * Where a summary stands in its conversation's history, from what the server said: its last message's time
 * (`last_message_dts`, the server's clock) and then `message_count`. Absent or unparsable values are unknown.
 */
const positionOf = (
  summary: ConversationSummary,
): { time: number | undefined; count: number | undefined } => {
  const time = summary.last_message_dts === undefined ? Number.NaN : Date.parse(summary.last_message_dts)
  const count = summary.message_count
  return {
    time: Number.isFinite(time) ? time : undefined,
    count: typeof count === 'number' && Number.isFinite(count) ? count : undefined,
  }
}

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
  const a = positionOf(previous)
  const b = positionOf(incoming)
  if (a.time !== undefined && b.time !== undefined && a.time !== b.time) return b.time > a.time ? 1 : -1
  if (a.time === undefined && b.time !== undefined) return 1
  if (a.count !== undefined && b.count !== undefined && a.count !== b.count) return b.count > a.count ? 1 : -1
  return 0
}

const same = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b))

/** Copies the defined fields of `from` over `onto` (an explicit `undefined` never erases a known value). */
const overlay = (onto: ConversationSummary, from: ConversationSummary): ConversationSummary => {
  const out: Record<string, unknown> = { ...onto }
  for (const [key, value] of Object.entries(from)) if (value !== undefined) out[key] = value
  return out as ConversationSummary
}

/**
 * The fields of a summary that describe its last message (and so its place in the history). They come from the
 * newest summary only: an older one's copies describe an older message and never fill in what is not known of the
 * newer one (a count dropped on reading would otherwise come back stale and make the next summary look newer).
 */
const POSITION_FIELDS = [
  'last_message_dts',
  'message_count',
  'last_conversation_message_body',
  'last_conversation_participant_arn',
  'last_conversation_participant_name',
] as const

const aboutTheConversation = (summary: ConversationSummary): ConversationSummary => {
  const out: Record<string, unknown> = { ...summary }
  for (const key of POSITION_FIELDS) delete out[key]
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
  let next: ConversationSummary
  if (!previous) {
    if (incoming.closed !== true || incoming.unread_messages === false) return incoming
    next = overlay({}, incoming)
  } else {
    const order = compareConversationSummaries(previous, incoming)
    if (order < 0) next = overlay(aboutTheConversation(incoming), previous)
    else {
      // About a newer message: what described the older one (its count, body, author) goes with it. A summary
      // without a readable time that is not newer, beside a known time, cannot say which message its count and
      // body describe: they are not taken (the count would later make a summary of the read message look newer).
      const unplaced =
        order === 0 && positionOf(incoming).time === undefined && positionOf(previous).time !== undefined
      next = overlay(
        order > 0 ? aboutTheConversation(previous) : previous,
        unplaced ? aboutTheConversation(incoming) : incoming,
      )
      // Not about a newer message: a read conversation stays read, whatever the event says.
      if (order === 0 && previous.unread_messages === false) next.unread_messages = false
      // A readable time is never replaced by an unreadable one.
      if (positionOf(next).time === undefined && positionOf(previous).time !== undefined)
        next.last_message_dts = previous.last_message_dts
    }
    if (previous.closed === true) next.closed = true
  }
  if (next.closed === true) next.unread_messages = false
  if (!previous) return next
  const keys = new Set([...Object.keys(previous), ...Object.keys(next)]) as Set<keyof ConversationSummary>
  for (const key of keys) if (!same(previous[key], next[key])) return next
  return previous
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
  const read = message.message_dts === undefined ? Number.NaN : Date.parse(message.message_dts)
  const known = positionOf(summary).time
  if (Number.isFinite(read) && (known === undefined || read > known)) {
    const { message_count: _stale, ...rest } = summary
    return { ...rest, last_message_dts: message.message_dts, unread_messages: false }
  }
  return summary.unread_messages === false ? summary : { ...summary, unread_messages: false }
}
