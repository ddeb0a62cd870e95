import type { ConversationMessageTransportStatus, ConversationMessageTransportStatusValue } from './types'

/**
 * How far each transport status is along a message's way to one participant; a merge keeps the furthest, so a
 * late `updated message` never moves `read` back to `sent`. The provider hand-offs (`SENT_TO_TWILIO`,
 * `SENT_TO_PINPOINT`) rank after `sending` (the provider has it) and before `sent` (the provider reports it
 * delivered). Provider errors rank after the hand-off and before `sent`: an error replaces a hand-off, but a
 * later `sent` or `read` (a provider retry that got through) replaces the error, and an error reported after
 * `sent` does not undo the delivery. Statuses not listed here (a future value) rank below `accepted`.
 */
export const TRANSPORT_STATUS_RANK: Readonly<Record<ConversationMessageTransportStatusValue, number>> =
  /* @__PURE__ */ Object.freeze({
    accepted: 1,
    scheduled: 2,
    queued: 3,
    sending: 4,
    SENT_TO_TWILIO: 5,
    SENT_TO_PINPOINT: 5,
    TWILIO_CREDENTIALS_MISSING: 6,
    TWILIO_ERROR: 6,
    PINPOINT_ERROR: 6,
    sent: 7,
    read: 8,
  })

/** The rank of a status in {@link TRANSPORT_STATUS_RANK}; 0 for a missing or unknown one. */
export const transportStatusRank = (status: unknown): number =>
  typeof status === 'string' && Object.hasOwn(TRANSPORT_STATUS_RANK, status)
    ? TRANSPORT_STATUS_RANK[status as ConversationMessageTransportStatusValue]
    : 0

const isObject = (s: unknown): s is ConversationMessageTransportStatus => !!s && typeof s === 'object'
// Any entry (not only an object) has an ARN: the empty string when it names none.
const arnOf = (s: ConversationMessageTransportStatus | undefined) =>
  String(s?.conversation_participant_arn ?? '')

/**
 * True when `next` may replace `current`: `current` is not a status, or `next` is further along, or as far and
 * later in a fixed string order (equal ranks, two unknown values or two provider errors: a fixed order keeps merges
 * order-independent). Either way its status differs, so a copy equal to `current` never replaces it.
 */
const supersedes = (next: ConversationMessageTransportStatus, current: unknown): boolean => {
  if (!isObject(current)) return true
  const by = transportStatusRank(next.status) - transportStatusRank(current.status)
  return by ? by > 0 : String(next.status ?? '') > String(current.status ?? '')
}

/**
 * The transport statuses of two copies of one message, per participant the one further along. Entries keep the
 * order of `current`; participants only `next` knows are appended. Returns `current` itself when `next` adds
 * nothing, so merging a copy again changes nothing.
 */
export function mergeTransportStatuses(
  current: readonly ConversationMessageTransportStatus[] | undefined,
  next: readonly ConversationMessageTransportStatus[] | undefined,
): ConversationMessageTransportStatus[] | undefined {
  if (!Array.isArray(next)) return current as ConversationMessageTransportStatus[] | undefined
  if (!Array.isArray(current)) return next as ConversationMessageTransportStatus[]
  let out = current as ConversationMessageTransportStatus[]
  for (const entry of next) {
    if (!isObject(entry)) continue
    const at = out.findIndex((s) => arnOf(s) === arnOf(entry))
    // A participant not in the list (at -1: no entry there) is appended; `current` is copied at the first change.
    if (supersedes(entry, out[at])) {
      if (out === current) out = [...current]
      out[at < 0 ? out.length : at] = entry
    }
  }
  return out
}
