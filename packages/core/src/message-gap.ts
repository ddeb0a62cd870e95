import { eventPayloadField } from './event-payload-field'
import type { ConversationWebsocketFrame } from './frames'
import { type MessageList, parseDts } from './message-list'
import type { ConversationMessage, ConversationParticipant, ConversationSummary } from './types'

/**
 * One thing the server said that implies messages exist. Built from socket frames by {@link evidenceOf}.
 * - `summary`: a conversation summary (`new message`, `participant update`, `conversation closed`): how many
 *   messages the conversation has, and when its newest one was written (ISO, millisecond precision), with its body.
 * - `message`: an `updated message` or `read message` event naming one message by uuid, with its epoch.
 * - `participant`: a participant's `last_message_dts`: that participant wrote a message then.
 */
export type MessageEvidence =
  | {
      kind: 'summary'
      messageCount?: number
      lastMessageDts?: string
      lastMessageBody?: string
    }
  | { kind: 'message'; conversationMessageUuid: string; messageEpoch?: number; messageDts?: string }
  | { kind: 'participant'; participantArn?: string; lastMessageDts?: string }

/** What a caller knows about a list beyond its messages; all from server answers, never from the clock. */
export interface GapContext {
  /**
   * A server epoch through which the list is complete: a load returned everything up to it, or a summary's
   * `message_count` matched the list with its newest message present. Undefined while no load has completed,
   * in which case a gap shown only by a count means loading from the start.
   */
  completeThrough?: number | undefined
  /**
   * How many messages the server counts in `message_count` but never returns (learned after a load that
   * should have brought them, e.g. messages pruned from its history). Keeps such a count from asking for the
   * same load again and again.
   * @default 0
   */
  uncounted?: number | undefined
}

/** Where a load for a gap without a time of its own starts: after what is known to be complete. */
const fromComplete = (context: GapContext): number => {
  const c = context.completeThrough!
  return Number.isFinite(c) && c > 0 ? c : 0
}

/**
 * A summary's last body matches a message's when either is empty or one begins with the other (a server may
 * shorten the preview), so only a different message in the same millisecond counts as missing.
 */
const sameBody = (summary: unknown, body: unknown): boolean => {
  if (!summary || !body || typeof summary !== 'string' || typeof body !== 'string') return true
  const a = summary.trim()
  const b = body.trim()
  return a.startsWith(b) || b.startsWith(a)
}

/** True when the list has a server message in the millisecond `t` (by `arn`, with `body`, when given). */
const hasMessageAt = (list: MessageList, t: number, body: unknown, arn?: string): boolean =>
  list
    .inMillisecond(t)
    .some(
      (m) => (arn === undefined || m.author_conversation_participant_arn === arn) && sameBody(body, m.body),
    )

/**
 * @internal What a summary says of `list`: its newest message's millisecond `t` and whether the list `has` that message
 * (told apart from others of that millisecond by its body), and how many server messages it counts, less
 * {@link GapContext.uncounted} (`want`: undefined without a usable `message_count`).
 */
export const summaryFacts = (
  list: MessageList,
  e: MessageEvidence & { kind: 'summary' },
  context: GapContext,
) => {
  const count = e.messageCount
  const t = parseDts(e.lastMessageDts)
  return {
    t,
    has: t !== undefined && hasMessageAt(list, t, e.lastMessageBody),
    want: Number.isSafeInteger(count) && count! >= 0 ? count! - (context.uncounted ?? 0) : undefined,
  }
}

/**
 * Whether `list` accounts for one piece of server `evidence` and, if not, the server epoch (milliseconds) a
 * catch-up must load from (inclusive: messages at that epoch are wanted too). Undefined when nothing is
 * missing. Pure: the answer follows from the evidence and the list, never from the clock or from how long ago
 * anything happened, so a gap of any age, in a conversation of any pace, is found.
 * - A summary whose newest message (`last_message_dts`, told apart from others of that millisecond by its body) is
 *   not in the list: load from that millisecond. A `message_count` above the server messages the list holds (less
 *   {@link GapContext.uncounted}): load from {@link GapContext.completeThrough} (from 0 before any complete load).
 * - An `updated message` / `read message` for a uuid the list lacks: from its `message_epoch` (else
 *   `message_dts`, else as for a count).
 * - A participant's `last_message_dts` with no message of theirs in that millisecond: from it.
 * The earliest of these wins when a summary shows more than one.
 */
export function gapSince(
  list: MessageList,
  evidence: MessageEvidence,
  context: GapContext = {},
): number | undefined {
  switch (evidence?.kind) {
    case 'summary': {
      const { t, has, want } = summaryFacts(list, evidence, context)
      // The count alone cannot tell two messages of one millisecond apart: the newest one must be there itself.
      const last = has ? undefined : t
      return want! > list.serverCount ? Math.min(fromComplete(context), last ?? Infinity) : last
    }
    case 'message': {
      const uuid = evidence.conversationMessageUuid
      if (typeof uuid !== 'string' || !uuid || list.get(uuid)) return undefined
      const epoch = evidence.messageEpoch!
      return Number.isFinite(epoch) ? epoch : (parseDts(evidence.messageDts) ?? fromComplete(context))
    }
    case 'participant': {
      const t = parseDts(evidence.lastMessageDts)
      if (t === undefined) return undefined
      const arn = typeof evidence.participantArn === 'string' ? evidence.participantArn : undefined
      return hasMessageAt(list, t, undefined, arn) ? undefined : t
    }
    default:
      return undefined
  }
}

/**
 * The server epoch through which `list` is now known complete, if `evidence` proves it: a summary whose newest
 * message the list holds, with at least as many server messages up to that millisecond as its `message_count`
 * (less {@link GapContext.uncounted}), so messages that came after the summary do not hide the proof. A caller
 * advances its {@link GapContext.completeThrough} to it, so the next catch-up starts there.
 */
export function completeThroughOf(
  list: MessageList,
  evidence: MessageEvidence,
  context: GapContext = {},
): number | undefined {
  if (evidence?.kind !== 'summary') return undefined
  const { t, has, want } = summaryFacts(list, evidence, context)
  return has && want !== undefined && list.serverCountThrough(t!) >= want ? t : undefined
}

const summaryEvidence = (s: ConversationSummary | undefined): MessageEvidence[] => {
  // A primitive has none of these fields: only null and undefined need the guard.
  if (!s) return []
  const out: MessageEvidence[] = []
  if (s.message_count !== undefined || s.last_message_dts !== undefined)
    out.push({
      kind: 'summary',
      messageCount: s.message_count,
      lastMessageDts: s.last_message_dts,
      lastMessageBody: s.last_conversation_message_body,
    })
  if (Array.isArray(s.participants))
    for (const p of s.participants as (ConversationParticipant | undefined)[])
      if (typeof p?.last_message_dts === 'string')
        out.push({
          kind: 'participant',
          participantArn: p.conversation_participant_arn,
          lastMessageDts: p.last_message_dts,
        })
  return out
}

/**
 * The evidence of messages one socket frame carries: `new message`, `participant update` and
 * `conversation closed` summaries, `updated message` and `read message` events (none for other frames).
 */
export function evidenceOf(frame: ConversationWebsocketFrame): MessageEvidence[] {
  if (frame?.type !== 'event') return []
  const type = frame.event_type
  const payload = (frame as Record<string, unknown>)[eventPayloadField(type)] as
    | ConversationMessage
    | undefined
  if (type === 'new message' || type === 'participant update' || type === 'conversation closed')
    return summaryEvidence(payload as ConversationSummary)
  if (
    (type !== 'updated message' && type !== 'read message') ||
    typeof payload?.conversation_message_uuid !== 'string'
  )
    return []
  return [
    {
      kind: 'message',
      conversationMessageUuid: payload.conversation_message_uuid,
      messageEpoch: payload.message_epoch,
      messageDts: payload.message_dts,
    },
  ]
}
