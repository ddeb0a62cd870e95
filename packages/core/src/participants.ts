import { dtsTime as timeOf } from './dts-time'
import { eventParticipantField } from './event-payload-field'
import type { ConversationWebsocketFrame } from './frames'
import { overlay, sameOr } from './overlay'
import type { ConversationParticipant } from './types'

type Participants = readonly ConversationParticipant[]

const EMPTY: Participants = /* @__PURE__ */ Object.freeze([])

/** The record's `conversation_participant_arn` when it is a non-empty string (and the record an object). */
const keyOf = (p: unknown): string | undefined => {
  const arn = (p as ConversationParticipant | null | undefined)?.conversation_participant_arn
  return typeof arn === 'string' && arn ? arn : undefined
}

/** Ascending order of two strings (code units, as `sort()` without a comparator). */
const textOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Whether a participant is in the conversation now: never left, or joined again after leaving (a
 * `left_dts` older than `joined_dts`).
 */
export const isParticipantPresent = (p: ConversationParticipant): boolean =>
  p.left_dts == null || timeOf(p.left_dts) < timeOf(p.joined_dts)

/**
 * When the record's last change happened by its own times, doubled, plus 1 for a leave: a leave at the instant of a
 * join is later (times are whole milliseconds, so the mark never outweighs a millisecond).
 */
const rankOf = (p: ConversationParticipant): number => {
  const joined = timeOf(p.joined_dts)
  const left = timeOf(p.left_dts)
  return left >= joined && left > -Infinity ? left * 2 + 1 : joined * 2
}

/**
 * Total order of two records of one participant (the sign only). The text decides ties of time, so that which
 * record wins never depends on the order they arrived in. Two unknown times subtract to `NaN`: a tie.
 */
const compareRecords = (a: ConversationParticipant, b: ConversationParticipant): number =>
  rankOf(a) - rankOf(b) || textOrder(JSON.stringify(a), JSON.stringify(b))

/** The later of two times; equal instants written differently are told apart by their text. */
const latest = (a: unknown, b: unknown): unknown =>
  a == null ? b : b == null || (timeOf(a) - timeOf(b) || textOrder(String(a), String(b))) >= 0 ? a : b

/**
 * Two records of one participant as one: the later record's fields, the earlier one's filling only what the
 * later lacks; the latest join, and the latest leave unless a later join followed it (so a stale join never
 * brings back a participant who left, and a rejoin does).
 */
const mergeRecords = (a: ConversationParticipant, b: ConversationParticipant): ConversationParticipant => {
  const out: Record<string, unknown> = compareRecords(a, b) <= 0 ? overlay(a, b) : overlay(b, a)
  const joined = latest(a.joined_dts, b.joined_dts)
  const left = latest(a.left_dts, b.left_dts)
  if (joined !== undefined) out.joined_dts = joined
  if (left !== undefined && timeOf(left) >= timeOf(joined)) out.left_dts = left
  else delete out.left_dts
  return out
}

/** When a record joined for the list's order: an unknown join sorts last. */
const joinOf = (p: ConversationParticipant): number => timeOf(p.joined_dts, Infinity)

// Join order, then ARN (two unknown joins subtract to `NaN`: a tie): the array a list shows does not depend on
// the order the events came in.
const byJoin = (a: ConversationParticipant, b: ConversationParticipant): number =>
  joinOf(a) - joinOf(b) || textOrder(keyOf(a)!, keyOf(b)!)

/**
 * Merges participant records (from a join or left event, a summary, a reload) into a conversation's
 * participants. Pure, idempotent and order-independent: records are matched by `conversation_participant_arn`
 * (records without one are ignored); of two records of one participant the later by its own `joined_dts` /
 * `left_dts` wins, and a `left_dts` stays unless a later `joined_dts` follows it; the result is in join order.
 * Participants only `current` knows are kept (the API never removes one; leaving sets `left_dts`). Returns
 * `current` itself when nothing changed. Non-array input counts as empty.
 */
export function mergeParticipants(
  current: Participants | undefined,
  incoming: readonly (ConversationParticipant | undefined)[] | undefined,
): Participants {
  const base: Participants = Array.isArray(current) ? current : EMPTY
  // (Empty `incoming`: the loops below change nothing and return `base`.)
  if (!Array.isArray(incoming)) return base
  const byKey = new Map<string, ConversationParticipant>()
  const unkeyed: ConversationParticipant[] = []
  for (const p of base) {
    const key = keyOf(p)
    if (key === undefined) unkeyed.push(p)
    else {
      const known = byKey.get(key)
      byKey.set(key, known ? mergeRecords(known, p) : p)
    }
  }
  let changed = false
  for (const p of incoming) {
    const key = keyOf(p)
    if (key === undefined) continue
    const known = byKey.get(key)
    // A newcomer is merged with itself too: a stale left_dts it carries goes, as it would on the next merge.
    const next = mergeRecords(known ?? p!, p!)
    if (known && sameOr(known, next) === known) continue
    byKey.set(key, next)
    changed = true
  }
  // Unkeyed records cannot be matched to any event; they stay, after the keyed ones.
  return changed ? [...[...byKey.values()].sort(byJoin), ...unkeyed] : base
}

/**
 * Applies a `participant join` or `participant left` frame's participant to a conversation's participants with
 * {@link mergeParticipants}; other frames return `participants` itself.
 */
export function applyParticipantEvent(
  participants: Participants | undefined,
  frame: ConversationWebsocketFrame,
): Participants {
  const field = frame.type === 'event' ? eventParticipantField(frame.event_type) : undefined
  const participant =
    field && (frame as unknown as Record<string, ConversationParticipant | undefined>)[field]
  return mergeParticipants(participants, participant ? [participant] : undefined)
}
