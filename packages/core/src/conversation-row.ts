import { mergeConversationSummary } from './conversation-summary'
import type { ConversationWebsocketFrame } from './frames'
import { sameOr } from './overlay'
import { applyParticipantEvent, mergeParticipants } from './participants'
import type { ConversationSummary } from './types'

/**
 * One conversation's row (a list's row, a cached detail) with what a summary and a socket frame say of it, the
 * rule every layer applies: the summary (an event's, a reload's, a response's) merged with
 * `mergeConversationSummary` (read state and `closed` only move forward; an older summary never undoes newer
 * data), its participants merged with the row's by `mergeParticipants` (a stale list never brings back someone
 * who left, nor drops anyone), then a `participant join` / `participant left` frame's participant
 * (`applyParticipantEvent`, which counts even without a summary). `summary` must be the row's conversation (the
 * caller matched it, e.g. by the frame's `conversation_uuid`). Pure. Returns `row` itself when nothing changed in
 * content, and `undefined` when there is neither a row nor a summary (a join or left alone makes no row).
 */
export function applyConversationRow<T extends ConversationSummary>(
  row: T | undefined,
  summary: ConversationSummary | undefined,
  frame?: ConversationWebsocketFrame,
): T | undefined {
  if (!row && !summary) return undefined
  const merged = (summary ? mergeConversationSummary(row, summary) : row) as T
  let participants = mergeParticipants(row?.participants, summary?.participants)
  if (frame) participants = applyParticipantEvent(participants, frame)
  const next =
    participants === merged.participants || (!participants.length && !merged.participants)
      ? merged
      : { ...merged, participants: participants as T['participants'] }
  return row ? sameOr(row, next) : next
}
