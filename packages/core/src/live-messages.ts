import { advanceCatchUp, type CatchUpCursor, type CatchUpWarning, startCatchUp } from './catch-up-cursor'
import type { ConversationWebsocketFrame } from './frames'
import {
  createLiveState,
  type LiveRules,
  type LiveState,
  liveFrame,
  liveLoaded,
  liveLoadFailed,
  liveLoadStarted,
  NONE,
} from './live-state'
import { evidenceOf, type GapContext, gapSince, type MessageEvidence, summaryFacts } from './message-gap'
import {
  createMessageList,
  isPendingMessage,
  type MessageList,
  mergeMessages,
  removeMessages,
} from './message-list'
import type { ConversationMessage } from './types'

/** How many catch-up warnings a message stream keeps (the oldest go first). */
export const MAX_MESSAGE_WARNINGS = 20

/** A message list and what the server's answers prove about it (see {@link GapContext}). */
export interface LiveMessagesValue extends GapContext {
  readonly list: MessageList
  /** A load from the server completed (or the list was seeded): loads no longer start from 0 as a rule. */
  readonly loaded?: boolean | undefined
  /** The next load starts from 0: a count the proven-complete point cannot explain. */
  readonly fromStart?: boolean | undefined
  /** What the API could not deliver (oldest first, at most {@link MAX_MESSAGE_WARNINGS}). */
  readonly warnings: readonly CatchUpWarning[]
}

/**
 * The message stream's live state: core's {@link LiveState} (the same evidence, `pending`, `covering` and
 * `exhausted` rules as every other live collection), whose value is the list with its proven-complete point. A
 * load here is a catch-up from an epoch whose pages merge into the list as they come; frames merge at once, so
 * none is kept for replay (`during` stays undefined).
 */
export interface LiveMessages
  extends LiveState<LiveMessagesValue, ConversationWebsocketFrame, MessageEvidence> {
  readonly value: LiveMessagesValue
  /** The load in flight, if any. */
  readonly load?: LiveMessagesLoad | undefined
}

/** One load in flight: where it started and where its paging stands. */
export interface LiveMessagesLoad {
  /** The epoch it loads from. */
  readonly from: number
  /** Where the list was proven complete when it started: a load from there or before is contiguous with it. */
  readonly base: number
  /** Request `cursor.since` / `cursor.limit` next, until `cursor.done`. */
  readonly cursor: CatchUpCursor
}

/** A transition's result: the new state and what changed in the list (to show, and to tell the outbox). */
export interface LiveMessagesStep {
  readonly state: LiveMessages
  readonly added: readonly ConversationMessage[]
  readonly updated: readonly ConversationMessage[]
}

const gapOf = (value: LiveMessagesValue, e: MessageEvidence) => gapSince(value.list, e, value)

/**
 * The one place `completeThrough` moves: only forward, to an epoch a load or a summary proved, and only to a
 * safe number (a server's 1e20 or NaN would stop every later catch-up).
 */
const advance = (value: LiveMessagesValue, through: number | undefined): LiveMessagesValue =>
  // Comparisons with undefined or NaN are false: an unknown `through` never moves it, an unknown point is passed.
  through! <= Number.MAX_SAFE_INTEGER && !(through! <= value.completeThrough!)
    ? { ...value, completeThrough: through }
    : value

/**
 * `value` with the proof `e` gives, if any (a summary the list matches: complete up to its newest message). Frames
 * come reordered: in the newest message's own millisecond, one the server sent after the summary could stand in
 * for an earlier message that is missing, so there only the newest itself counts.
 */
const proven = (value: LiveMessagesValue, e: MessageEvidence) => {
  if (e.kind !== 'summary') return value
  // `completeThroughOf`'s proof, made stricter: `has` puts a message in `t`, so this count implies its count.
  const { t, has, want } = summaryFacts(value.list, e, value)
  return has && value.list.serverCountThrough(t! - 1) + 1 >= want! ? advance(value, t) : value
}

/**
 * The message rules of the live state: a frame's messages merge before it reaches them (so the stream knows what
 * changed), the rule itself takes the proof a summary gives; evidence lacks while `gapSince` names a gap.
 */
const rules: LiveRules<LiveMessagesValue, ConversationWebsocketFrame, MessageEvidence> = {
  apply: (value, frame) => evidenceOf(frame).reduce(proven, value),
  evidence: (_value, frame) => evidenceOf(frame),
  lacks: (value, e) => gapOf(value, e) !== undefined,
  key: JSON.stringify,
}

const withValue = (state: LiveMessages, value: LiveMessagesValue): LiveMessages => ({ ...state, value })

/** Merges messages (server pages, frames, own pending copies and echoes) into the list. */
export function liveMessagesMerged(
  state: LiveMessages,
  messages: Iterable<ConversationMessage>,
): LiveMessagesStep {
  const { list, added, updated } = mergeMessages(state.value.list, messages)
  // Every chat message passes here: no new state when nothing changed, no spread of the merge result.
  return {
    added,
    updated,
    state: list === state.value.list ? state : withValue(state, { ...state.value, list }),
  }
}

/** A list that knows nothing yet. */
export const createLiveMessages = (): LiveMessages =>
  createLiveState({ list: createMessageList(), warnings: NONE }) as LiveMessages

/** An own pending copy taken back (its send cancelled); a copy the server echoed stays. */
export function liveMessagesRemoved(state: LiveMessages, clientMessageId: string): LiveMessages {
  const { list } = state.value
  const own = list.getByClientMessageId(clientMessageId)
  return own && isPendingMessage(own)
    ? withValue(state, { ...state.value, list: removeMessages(list, [clientMessageId]).list })
    : state
}

/**
 * One socket frame: a message with a server uuid merges, and so does an `updated message` of a message the list
 * has (one it lacks may be partial: its evidence loads it whole). Then the live state takes the frame's
 * evidence: proof that the list is complete up to a point, or a gap to load (`pending` grows: load).
 */
export function liveMessagesFrame(state: LiveMessages, frame: ConversationWebsocketFrame): LiveMessagesStep {
  const update = frame.type === 'event' && frame.event_type === 'updated message'
  const m = update ? frame.event_updated_message : frame.type === 'message' ? frame.message : undefined
  let step = liveMessagesMerged(state, m?.conversation_message_uuid ? [m] : NONE)
  if (update && step.added.length) step = liveMessagesMerged(state, NONE)
  return { ...step, state: liveFrame(step.state, frame, rules) as LiveMessages }
}

/**
 * A load starts, for `source`, covering the evidence heard so far: from 0 for the first one (or after a count
 * the proven-complete point cannot explain); for a `gap`, from the earliest gap of that evidence (no load, no
 * `load`, when the list has it all by now); otherwise from the proven-complete point or an earlier gap.
 */
export function liveMessagesLoadStarted(
  state: LiveMessages,
  source: 'initial' | 'catch-up' | 'poll' | 'gap',
  pageSize: number,
): LiveMessages {
  const { value } = state
  const next = { ...liveLoadStarted(state), during: undefined } as LiveMessages
  const base = value.completeThrough ?? 0
  // Every gap is a finite epoch: none at all leaves a targeted catch-up nothing to load.
  let from = source === 'gap' ? Infinity : base
  for (const e of next.covering) from = Math.min(from, gapOf(value, e) ?? from)
  if (source === 'initial' || !value.loaded || value.fromStart) from = 0
  // The messages came meanwhile (reordered frames): nothing to load.
  if (from === Infinity) return liveLoaded(next, value, rules) as LiveMessages
  return { ...next, load: { from, base, cursor: startCatchUp(from, { pageSize }) } }
}

/** The load failed or was abandoned: what it covered waits again (a reload from 0 stays one). */
export const liveMessagesLoadFailed = (state: LiveMessages): LiveMessages => ({
  ...(liveLoadFailed(state) as LiveMessages),
  load: undefined,
})

/** One page of the load in flight came (`conversation_messages` as it came): merged, and the cursor moves on. */
export function liveMessagesPage(state: LiveMessages, page: unknown): LiveMessagesStep {
  const step = liveMessagesMerged(state, Array.isArray(page) ? page : NONE)
  const { cursor, warning } = advanceCatchUp(state.load!.cursor, page)
  let { value } = step.state
  if (warning && !value.warnings.some((w) => w.kind === warning.kind && w.epoch === warning.epoch))
    value = { ...value, warnings: Object.freeze([...value.warnings, warning].slice(-MAX_MESSAGE_WARNINGS)) }
  return { ...step, state: { ...step.state, value, load: { ...state.load!, cursor } } }
}

/**
 * The load's last page came: a contiguous load proves the list complete up to its newest message, and the live
 * state settles the evidence it covered. A count still short after a load from the proven-complete point means
 * the server has a message before it (written with an earlier epoch): it waits again (`pending`: load) for one
 * load from the start; after a load from 0 the shortfall is learned as `uncounted` (counted, never returned).
 */
export function liveMessagesLoaded(state: LiveMessages): LiveMessages {
  const { from, base, cursor } = state.load!
  const contiguous = from <= base
  let value: LiveMessagesValue = { ...state.value, loaded: true }
  // Everything from `from` to the newest message is in; with what was complete before, up to there.
  if (contiguous) value = advance(advance(value, base), cursor.highest)
  const again: MessageEvidence[] = []
  for (const e of state.covering) {
    value = proven(value, e)
    // Only a summary has a count.
    const count = (e as { messageCount?: unknown }).messageCount
    if (!contiguous || typeof count !== 'number' || gapOf(value, e) === undefined) continue
    const uncounted = count - value.list.serverCount
    if (from > 0) again.push(e)
    else if (uncounted > (value.uncounted ?? 0)) value = { ...value, uncounted }
  }
  return liveLoaded(
    { ...state, pending: [...state.pending, ...again] },
    { ...value, fromStart: again.length > 0 || (from > 0 && value.fromStart) },
    rules,
  ) as LiveMessages
}
