import { advanceCatchUp, type CatchUpCursor, type CatchUpWarning, startCatchUp } from './catch-up-cursor'
import type { ConversationWebsocketFrame } from './frames'
import { exhaust, type LiveState, MAX_LIVE_PENDING } from './live-state'
import { completeThroughOf, evidenceOf, type GapContext, gapSince, type MessageEvidence } from './message-gap'
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

/**
 * What a live message list knows: its messages and what the server's answers prove about them. Pure data, the
 * message stream's counterpart of {@link LiveState} (same `pending` and `exhausted` rules and bounds), moved on
 * only by the `liveMessages…` functions. A load here is a catch-up from an epoch whose pages merge into the
 * list as they come, not an answer that replaces it, so what it covers travels with the load
 * ({@link LiveMessagesLoad}) and evidence too many to keep is folded into the earliest epoch it asks for.
 */
export interface LiveMessages
  extends GapContext,
    Pick<LiveState<MessageList, ConversationWebsocketFrame, MessageEvidence>, 'pending' | 'exhausted'> {
  readonly list: MessageList
  readonly completeThrough: number | undefined
  readonly uncounted: number
  /** A load from the server completed (or the list was seeded): loads no longer start from 0 as a rule. */
  readonly loaded: boolean
  /** The earliest gap of evidence beyond `pending`'s bound (at most {@link MAX_LIVE_PENDING} are kept). */
  readonly folded: number | undefined
  /** The next load starts from 0: a count the proven-complete point cannot explain. */
  readonly fromStart: boolean
  /** What the API could not deliver (oldest first, at most {@link MAX_MESSAGE_WARNINGS}). */
  readonly warnings: readonly CatchUpWarning[]
}

/** One load in flight: its pages and what it was started to cover. */
export interface LiveMessagesLoad {
  /** The epoch it loads from. */
  readonly from: number
  /** Where the list was proven complete when it started: a load from there or before is contiguous with it. */
  readonly base: number
  readonly covering: readonly MessageEvidence[]
  readonly folded: number | undefined
  /** Where the paging stands: request `cursor.since` / `cursor.limit` next, until `cursor.done`. */
  readonly cursor: CatchUpCursor
}

/** A transition's result: the new state and what changed in the list (to show, and to tell the outbox). */
export interface LiveMessagesStep {
  readonly state: LiveMessages
  readonly added: readonly ConversationMessage[]
  readonly updated: readonly ConversationMessage[]
  /** Evidence the list lacks waits: load (a targeted catch-up). */
  readonly gap?: boolean
}

const NONE: readonly never[] = Object.freeze([])

/** A transition's own copy of the state, written before it is returned (the input is never written). */
type Draft = { -readonly [K in keyof LiveMessages]: LiveMessages[K] }

const key = (e: MessageEvidence): string => JSON.stringify(e)
const gapOf = (state: LiveMessages, e: MessageEvidence) => gapSince(state.list, e, state)

/**
 * The one place `completeThrough` moves: only forward, to an epoch a load or a summary proved, and only to a
 * safe number (a server's 1e20 or NaN would stop every later catch-up).
 */
const advance = (draft: Draft, through: unknown) => {
  if (
    typeof through === 'number' &&
    through <= Number.MAX_SAFE_INTEGER &&
    !(through <= (draft.completeThrough ?? -Infinity))
  )
    draft.completeThrough = through
}

const earlier = (folded: number | undefined, gap: number | undefined) =>
  gap !== undefined && !(gap >= (folded ?? Infinity)) ? gap : folded

/** Merges messages (server pages, frames, own pending copies and echoes) into the list. */
export function liveMessagesMerged(
  state: LiveMessages,
  messages: Iterable<ConversationMessage>,
): LiveMessagesStep {
  const merged = mergeMessages(state.list, messages)
  return { ...merged, state: merged.list === state.list ? state : { ...state, list: merged.list } }
}

/** A list that knows nothing yet. */
export const createLiveMessages = (): LiveMessages => ({
  list: createMessageList(),
  loaded: false,
  completeThrough: undefined,
  uncounted: 0,
  pending: NONE,
  folded: undefined,
  exhausted: NONE,
  fromStart: false,
  warnings: NONE,
})

/**
 * Messages loaded before from the conversation's start (own pending copies left out): loaded, and complete
 * through the newest of them.
 */
export function liveMessagesSeeded(state: LiveMessages, seed: readonly ConversationMessage[]): LiveMessages {
  const server = seed.filter((m) => !isPendingMessage(m))
  const next: Draft = { ...liveMessagesMerged(state, server).state, loaded: true }
  for (const m of server) advance(next, m.message_epoch)
  return next
}

/** An own pending copy taken back (its send cancelled). */
export const liveMessagesRemoved = (state: LiveMessages, clientMessageId: string): LiveMessages => ({
  ...state,
  list: removeMessages(state.list, [clientMessageId]).list,
})

/**
 * One socket frame: a message with a server uuid merges; an `updated message` merges when the list knows the
 * message (one it lacks may be partial: its evidence loads it whole). The evidence the frame carries proves the
 * list complete up to a point, or asks for a load (`gap`) unless a load that covered it could not satisfy it.
 */
export function liveMessagesFrame(state: LiveMessages, frame: ConversationWebsocketFrame): LiveMessagesStep {
  const { list } = state
  let step: LiveMessagesStep = { state, added: NONE, updated: NONE }
  if (frame.type === 'message') {
    if (frame.message.conversation_message_uuid) step = liveMessagesMerged(state, [frame.message])
  } else if (frame.type === 'event' && frame.event_type === 'updated message') {
    const m = frame.event_updated_message
    if (
      m?.conversation_message_uuid !== undefined &&
      (list.get(m.conversation_message_uuid) ||
        (m.client_message_id !== undefined && list.getByClientMessageId(m.client_message_id)))
    )
      step = liveMessagesMerged(state, [m])
  }
  const next: Draft = { ...step.state }
  let gap = false
  for (const e of evidenceOf(frame)) {
    advance(next, completeThroughOf(next.list, e, next))
    const from = gapOf(next, e)
    if (from === undefined || next.exhausted.includes(key(e))) continue
    if (next.pending.length < MAX_LIVE_PENDING) next.pending = [...next.pending, e]
    else next.folded = earlier(next.folded, from)
    gap = true
  }
  return { ...step, state: next, gap }
}

/**
 * A load starts, for `source`: from 0 for the first one (or after a count the proven-complete point cannot
 * explain); for a `gap`, from the earliest gap of the evidence it covers (no load when that came meanwhile);
 * otherwise from the proven-complete point or an earlier gap. `load` is undefined when there is nothing to load.
 */
export function liveMessagesLoadStarted(
  state: LiveMessages,
  source: 'initial' | 'catch-up' | 'poll' | 'gap',
  pageSize: number,
): { state: LiveMessages; load?: LiveMessagesLoad } {
  const { pending: covering, folded } = state
  const base = state.completeThrough ?? 0
  // Every gap is a finite epoch: none at all leaves a targeted catch-up (`gap`) nothing to load.
  let from = source === 'gap' ? Infinity : base
  for (const gap of [folded, ...covering.map((e) => gapOf(state, e))])
    if (gap !== undefined && gap < from) from = gap
  if (source === 'initial' || !state.loaded || state.fromStart) from = 0
  const next = { ...state, pending: NONE, folded: undefined, fromStart: false }
  // The message came meanwhile (a reordered frame): nothing to load.
  if (from === Infinity) return { state: next }
  return { state: next, load: { from, base, covering, folded, cursor: startCatchUp(from, { pageSize }) } }
}

/** One page of the load came (`conversation_messages` as it came): merged, and the cursor moves on. */
export function liveMessagesPage(
  state: LiveMessages,
  load: LiveMessagesLoad,
  page: unknown,
): LiveMessagesStep & { load: LiveMessagesLoad } {
  const step = liveMessagesMerged(state, Array.isArray(page) ? page : NONE)
  const { cursor, warning } = advanceCatchUp(load.cursor, page)
  const { warnings } = step.state
  return {
    ...step,
    state:
      !warning || warnings.some((w) => w.kind === warning.kind && w.epoch === warning.epoch)
        ? step.state
        : { ...step.state, warnings: Object.freeze([...warnings, warning].slice(-MAX_MESSAGE_WARNINGS)) },
    load: { ...load, cursor },
  }
}

/**
 * The load's last page came: a contiguous load proves the list complete up to its newest message. Evidence it
 * covered that the list still lacks is learned as exhausted, except a count still short after a load from the
 * proven-complete point: the server has a message before it (written with an earlier epoch), so one load from
 * the start (`gap`) settles it first; after a load from 0 the shortfall is learned as `uncounted`.
 */
export function liveMessagesLoaded(state: LiveMessages, load: LiveMessagesLoad): LiveMessagesStep {
  const { from, base } = load
  const contiguous = from <= base
  const next: Draft = { ...state, loaded: true }
  // Everything from `from` to the newest message is in; with what was complete before, up to there.
  if (contiguous) {
    advance(next, base)
    advance(next, load.cursor.highest)
  }
  let gap = false
  for (const e of load.covering) {
    advance(next, completeThroughOf(next.list, e, next))
    if (gapOf(next, e) === undefined) continue
    if (contiguous && e.kind === 'summary' && typeof e.messageCount === 'number') {
      if (from > 0) {
        next.fromStart = gap = true
        next.pending = [...next.pending, e]
        continue
      }
      // Everything the server counted then has been loaded: the rest it counts but does not return.
      const uncounted = e.messageCount - next.list.serverCount
      if (uncounted > next.uncounted) next.uncounted = uncounted
      if (gapOf(next, e) === undefined) continue
    }
    next.exhausted = exhaust(next.exhausted, key(e))
  }
  return { state: next, added: NONE, updated: NONE, gap }
}

/** The load failed or was abandoned: what it covered waits again, and a reload from 0 stays one. */
export function liveMessagesLoadFailed(state: LiveMessages, load: LiveMessagesLoad): LiveMessages {
  const restored = [...load.covering, ...state.pending]
  let folded = earlier(state.folded, load.folded)
  for (const e of restored.slice(MAX_LIVE_PENDING)) folded = earlier(folded, gapOf(state, e))
  return {
    ...state,
    pending: restored.slice(0, MAX_LIVE_PENDING),
    folded,
    fromStart: state.fromStart || (load.from === 0 && state.loaded),
  }
}
