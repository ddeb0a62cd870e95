import type { ConversationWebsocketFrame } from './frames'
import type { ConversationParticipant } from './types'

type Participants = readonly ConversationParticipant[]

const EMPTY: Participants = /* @__PURE__ */ Object.freeze([])

const keyOf = (p: ConversationParticipant): string | undefined => {
  const arn = p.conversation_participant_arn
  return typeof arn === 'string' && arn !== '' ? arn : undefined
}

const timeOf = (dts: unknown): number => {
  const t = typeof dts === 'string' ? Date.parse(dts) : Number.NaN
  return Number.isFinite(t) ? t : Number.NEGATIVE_INFINITY
}

/**
 * Whether a participant is in the conversation now: never left, or joined again after leaving (a
 * `left_dts` older than `joined_dts`).
 */
export const isParticipantPresent = (p: ConversationParticipant): boolean =>
  p.left_dts == null || timeOf(p.left_dts) < timeOf(p.joined_dts)

/** When the record's last change happened by its own times; a leave at the instant of a join is later. */
const rankOf = (p: ConversationParticipant): [number, number] => {
  const joined = timeOf(p.joined_dts)
  const left = timeOf(p.left_dts)
  return left >= joined && left > Number.NEGATIVE_INFINITY ? [left, 1] : [joined, 0]
}

/**
 * Total order of two records of one participant. The text decides ties of time, so that which record
 * wins never depends on the order they arrived in.
 */
const compareRecords = (a: ConversationParticipant, b: ConversationParticipant): number => {
  const [ta, la] = rankOf(a)
  const [tb, lb] = rankOf(b)
  if (ta !== tb) return ta < tb ? -1 : 1
  if (la !== lb) return la - lb
  const ja = JSON.stringify(a)
  const jb = JSON.stringify(b)
  return ja < jb ? -1 : ja > jb ? 1 : 0
}

/** The later of two times; equal instants written differently are told apart by their text. */
const latest = (a: unknown, b: unknown): unknown => {
  if (a == null) return b
  if (b == null) return a
  const ta = timeOf(a)
  const tb = timeOf(b)
  if (ta !== tb) return ta > tb ? a : b
  return String(a) >= String(b) ? a : b
}

/**
 * Two records of one participant as one: the later record's fields, the earlier one's filling only what the
 * later lacks; the latest join, and the latest leave unless a later join followed it (so a stale join never
 * brings back a participant who left, and a rejoin does).
 */
const mergeRecords = (a: ConversationParticipant, b: ConversationParticipant): ConversationParticipant => {
  const [older, newer] = compareRecords(a, b) <= 0 ? [a, b] : [b, a]
  const out: Record<string, unknown> = { ...older }
  for (const [key, value] of Object.entries(newer)) if (value !== undefined) out[key] = value
  const joined = latest(a.joined_dts, b.joined_dts)
  const left = latest(a.left_dts, b.left_dts)
  if (joined !== undefined) out.joined_dts = joined
  if (left !== undefined && timeOf(left) >= timeOf(joined)) out.left_dts = left
  else delete out.left_dts
  return out as ConversationParticipant
}

const sameRecord = (a: ConversationParticipant, b: ConversationParticipant): boolean =>
  a === b || JSON.stringify(a) === JSON.stringify(b)

// Join order, then ARN: the array a list shows does not depend on the order the events came in.
const byJoin = (a: ConversationParticipant, b: ConversationParticipant): number => {
  const ta = timeOf(a.joined_dts)
  const tb = timeOf(b.joined_dts)
  if (ta !== tb) return ta > tb || ta === Number.NEGATIVE_INFINITY ? 1 : -1
  const ka = keyOf(a) ?? ''
  const kb = keyOf(b) ?? ''
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

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
  if (!Array.isArray(incoming) || incoming.length === 0) return base
  const byKey = new Map<string, ConversationParticipant>()
  const unkeyed: ConversationParticipant[] = []
  for (const p of base) {
    const key = typeof p === 'object' && p !== null ? keyOf(p) : undefined
    if (key === undefined) unkeyed.push(p)
    else {
      const known = byKey.get(key)
      byKey.set(key, known ? mergeRecords(known, p) : p)
    }
  }
  let changed = false
  for (const p of incoming) {
    const key = typeof p === 'object' && p !== null ? keyOf(p) : undefined
    if (key === undefined) continue
    const known = byKey.get(key)
    // A newcomer is merged with itself too: a stale left_dts it carries goes, as it would on the next merge.
    const next = mergeRecords(known ?? p, p)
    if (known && sameRecord(known, next)) continue
    byKey.set(key, next)
    changed = true
  }
  if (!changed) return base
  const result = [...byKey.values()].sort(byJoin)
  // Unkeyed records cannot be matched to any event; they stay, after the keyed ones.
  return unkeyed.length ? [...result, ...unkeyed] : result
}

/**
 * Applies a `participant join` or `participant left` frame's participant to a conversation's participants with
 * {@link mergeParticipants}; other frames return `participants` itself.
 */
export function applyParticipantEvent(
  participants: Participants | undefined,
  frame: ConversationWebsocketFrame,
): Participants {
  const base: Participants = Array.isArray(participants) ? participants : EMPTY
  if (frame.type !== 'event') return base
  const participant =
    frame.event_type === 'participant join'
      ? frame.event_participant_join_participant
      : frame.event_type === 'participant left'
        ? frame.event_participant_left_participant
        : undefined
  return participant ? mergeParticipants(base, [participant]) : base
}
