import {
  advanceCatchUp,
  type CatchUpWarning,
  type ConversationClient,
  type ConversationMessage,
  type ConversationWebsocketFrame,
  completeThroughOf,
  createMessageList,
  evidenceOf,
  type GapContext,
  gapSince,
  isPendingMessage,
  isPermanentError,
  MAX_PAGE_SIZE,
  type MessageEvidence,
  type MessageList,
  mergeMessages,
  removeMessages,
  startCatchUp,
} from '@uc-conversation/core'
import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs'
import type { AgentSocket } from './agent-socket/agent-socket'
import type { BackoffOptions } from './backoff'
import type { Freshness, LiveSource, LiveWarning } from './freshness'
import type { Defaults } from './internal/defaults'
import { type OutboxEntry, outboxOf } from './internal/outbox'
import { createSyncEngine, type FetchSource } from './internal/sync-engine'
import { checkRevalidateMs, type RevalidateOptions } from './poll-delay'

/** Defaults of {@link ConversationMessagesOptions} (frozen). */
export const DEFAULT_MESSAGES: Defaults<Pick<ConversationMessagesOptions, 'pageSize'>> = Object.freeze({
  /**
   * Page size (`limit`) of `getConversationMessages`; a full page means there is more to load. A page filled by
   * one millisecond is asked again with the API's largest page (`MAX_PAGE_SIZE`).
   */
  pageSize: MAX_PAGE_SIZE,
})
/** How many warnings a stream keeps (the oldest go first). */
export const MAX_MESSAGE_WARNINGS = 20

/** Evidence a completed load could not satisfy is remembered (up to this many) so it does not load again. */
const MAX_EXHAUSTED = 500
/** Evidence waiting for a load (e.g. while REST fails and the socket is up) beyond this is folded into one epoch. */
const MAX_PENDING = 1_000

export interface ConversationMessagesOptions extends RevalidateOptions {
  /** The agent socket for live frames; without one the stream polls. */
  socket?: AgentSocket | undefined
  /**
   * @deprecated Ignored: catch-ups start where the server's own answers show the list complete, never at a
   * window before the newest message.
   */
  overlapMs?: number | undefined
  /**
   * `limit` of each `getConversationMessages` request; anything but an integer from 1 to the API's
   * `MAX_PAGE_SIZE` (200) is taken as 200.
   * @default DEFAULT_MESSAGES.pageSize (200)
   */
  pageSize?: number | undefined
  /**
   * @deprecated Ignored: evidence of a missing message triggers its catch-up at once.
   */
  gapCheckDelayMs?: number | undefined
  /**
   * Backoff after failed loads (each load is already retried by the client; this is the next round).
   * @default DEFAULT_BACKOFF
   */
  retry?: BackoffOptions | undefined
  /** Scheduler for every timer (tests pass a virtual one). @default asyncScheduler */
  scheduler?: SchedulerLike | undefined
  /**
   * Messages loaded before from the conversation's start (`getConversationMessages` from 0, all pages: e.g.
   * prefetched on the server and hydrated). The stream emits them at once and its first load is a catch-up
   * from the newest of them (when the socket opens, or at once without one), not a reload from 0. Own pending
   * copies among them are left out (the outbox has them). A list that does not start at the conversation's
   * start (`getConversation`'s latest messages) must not be given: the messages before it would never load.
   * @default none: the stream starts with a load from 0
   */
  initial?: readonly ConversationMessage[] | undefined
}

/** One emission of {@link conversationMessages}. */
export interface ConversationMessagesState {
  conversationUuid: string
  /** Every message once, in order, own pending and failed ones included (`isPendingMessage`). */
  list: MessageList
  /** New messages since the previous emission (the whole list on the first). */
  added: readonly ConversationMessage[]
  /** Messages replaced by a newer copy since the previous emission (statuses, echoes). */
  updated: readonly ConversationMessage[]
  /** What caused this emission. */
  source: LiveSource
  /**
   * False until the first load from the server succeeded: the list then holds only the agent's own pending or
   * failed messages, shown at once however long the history takes (a console says "loading earlier messages").
   */
  loaded: boolean
  /** `client_message_id`s of own messages that failed (see `deliveryStatus`). */
  failed: ReadonlySet<string>
  freshness: Freshness
  /**
   * What the API could not deliver (oldest first, at most 20): e.g. more messages in
   * one millisecond than its largest page, where messages beyond the page may be missing. Empty as a rule.
   */
  warnings: readonly CatchUpWarning[]
  /**
   * Why the stream is `behind` for longer than a request takes: the load it needs waits for the client's
   * hourly budget. Absent otherwise. A console says so instead of showing a hole as if nothing were missing.
   */
  warning?: LiveWarning | undefined
}

const EMPTY: readonly ConversationMessage[] = Object.freeze([])
const NONE: ReadonlySet<string> = new Set()
const NO_WARNINGS: readonly CatchUpWarning[] = Object.freeze([])

const evidenceKey = (e: MessageEvidence): string => JSON.stringify(e)

/**
 * The complete, ordered message list of one conversation, live. Loads it through REST, merges socket frames as
 * they come, and loads again (`getConversationMessages`, paged by core's catch-up cursor) whenever the server
 * says something the list cannot account for: a `new message` summary whose count or newest message it lacks,
 * an `updated message` / `read message` for an unknown uuid, a participant's `last_message_dts` (core's
 * `gapSince`), at once, however busy the conversation and however old the gap. After every socket
 * (re)connect and on refocus it loads from the point up to which the server's answers prove the list complete
 * (usually its newest message: one request for a quiet conversation). Without a socket, or while it is down,
 * it polls within the client's budget (paused while the page is hidden). Own messages from {@link sendMessage}
 * on the same socket appear at once as pending. Numbers from the server never end it; it errors only when a
 * load fails for good (unknown conversation, bad credentials).
 */
export function conversationMessages(
  client: ConversationClient,
  conversationUuid: string,
  options: ConversationMessagesOptions = {},
): Observable<ConversationMessagesState> {
  checkRevalidateMs(options.revalidateMs)
  const scheduler = options.scheduler ?? asyncScheduler
  const pageSize = options.pageSize ?? DEFAULT_MESSAGES.pageSize
  const socket = options.socket

  return new Observable<ConversationMessagesState>((subscriber) => {
    let list = createMessageList()
    let loaded = false
    let failed = NONE
    let warnings = NO_WARNINGS
    let warned = false
    /** Something was emitted: own pending messages before the first load count. */
    let shown = false
    /** What the server's answers prove about the list (see core's GapContext). */
    const context: GapContext = { completeThrough: undefined, uncounted: 0 }
    /** Evidence the list did not account for when it came, not yet covered by a load. */
    let pending: MessageEvidence[] = []
    /** The earliest gap of evidence folded away to bound `pending`. */
    let folded: number | undefined
    /** Evidence a load that covered it could not satisfy: not worth another load. */
    const exhausted = new Set<string>()
    /** The next load starts from the beginning (a count the proven-complete point cannot explain). */
    let fromStart = false
    const outbox = socket ? outboxOf(socket) : undefined

    const emit = (
      source: LiveSource,
      added: readonly ConversationMessage[],
      updated: readonly ConversationMessage[],
    ) => {
      warned = false
      shown = true
      subscriber.next({
        conversationUuid,
        list,
        added,
        updated,
        source,
        loaded,
        failed,
        freshness: engine.freshness,
        warnings,
        ...(engine.warning && { warning: engine.warning }),
      })
    }

    const merge = (messages: Iterable<ConversationMessage>, source: LiveSource) => {
      const result = mergeMessages(list, messages)
      if (result.list === list) return
      list = result.list
      // Every server message tells the outbox how far the server's history goes (the point a later "did my
      // write arrive" check starts from), and settles an own message it echoes.
      if (outbox)
        for (const changed of [result.added, result.updated])
          for (const m of changed) if (!isPendingMessage(m)) outbox.confirm(m, conversationUuid)
      // Own messages show at once, before the history has loaded.
      if (loaded || source === 'outbox') emit(source, result.added, result.updated)
    }

    const warn = (warning: CatchUpWarning) => {
      if (warnings.some((w) => w.kind === warning.kind && w.epoch === warning.epoch)) return
      warnings = Object.freeze([...warnings, warning].slice(-MAX_MESSAGE_WARNINGS))
      warned = true
    }

    /** Records what one frame says; a gap the list cannot account for loads at once. */
    const consider = (evidence: readonly MessageEvidence[]) => {
      let gap = false
      for (const e of evidence) {
        // A summary the list matches proves it complete up to the newest message: the next catch-up starts there.
        const through = completeThroughOf(list, e, context)
        if (through !== undefined) context.completeThrough = through
        const from = gapSince(list, e, context)
        if (from === undefined || exhausted.has(evidenceKey(e))) continue
        if (pending.length >= MAX_PENDING) {
          if (!(from >= (folded ?? Number.POSITIVE_INFINITY))) folded = from
        } else pending.push(e)
        gap = true
      }
      if (gap) engine.request('gap')
    }

    /**
     * After a load from `from` that covered `covering`: what it could not bring is learned, not asked for again.
     * A count still short after a load from the proven-complete point means the server has a message before it
     * (one written with an earlier epoch): one load from the start settles it before the shortfall is learned.
     */
    const settle = (covering: readonly MessageEvidence[], contiguous: boolean, from: number) => {
      for (const e of covering) {
        // A summary the load has now satisfied proves the list complete up to its newest message.
        const through = completeThroughOf(list, e, context)
        if (through !== undefined && !(through <= (context.completeThrough ?? Number.NEGATIVE_INFINITY)))
          context.completeThrough = through
        if (gapSince(list, e, context) === undefined) continue
        if (contiguous && e.kind === 'summary' && typeof e.messageCount === 'number') {
          if (from > 0) {
            fromStart = true
            pending.push(e)
            engine.request('gap')
            continue
          }
          // Everything the server counted then has been loaded: the rest it counts but does not return.
          const uncounted = e.messageCount - list.serverCount
          if (uncounted > (context.uncounted ?? 0)) context.uncounted = uncounted
          if (gapSince(list, e, context) === undefined) continue
        }
        exhausted.add(evidenceKey(e))
        if (exhausted.size > MAX_EXHAUSTED) exhausted.delete(exhausted.values().next().value!)
      }
    }

    const load = async (signal: AbortSignal, source: FetchSource) => {
      const covering = pending
      const fold = folded
      pending = []
      folded = undefined
      const gaps: number[] = fold === undefined ? [] : [fold]
      for (const e of covering) {
        const from = gapSince(list, e, context)
        if (from !== undefined) gaps.push(from)
      }
      const completeThrough = context.completeThrough ?? 0
      let from: number
      if (source === 'initial' || !loaded || fromStart) from = 0
      else if (source === 'gap') {
        // The message came meanwhile (a reordered frame): nothing to load.
        if (!gaps.length) return
        from = Math.min(...gaps)
      } else from = Math.min(completeThrough, ...gaps)
      fromStart = false
      const contiguous = from <= completeThrough
      const emitAs: LiveSource = !loaded ? 'initial' : source === 'gap' ? 'catch-up' : source
      let cursor = startCatchUp(from, { pageSize })
      // A page asked for on an open connection is shared with the outbox's delivery check, which after a
      // reconnect asks for the same one (only through the socket's own client: another one may have its own
      // budget or credentials).
      const connection = engine.openConnection()
      const pages = outbox && socket?.client === client ? outbox.pages : undefined
      try {
        while (!cursor.done) {
          const response = pages
            ? await pages.load(conversationUuid, cursor.since, cursor.limit, signal, connection)
            : await client.getConversationMessages(conversationUuid, cursor.since, {
                limit: cursor.limit,
                signal,
              })
          const page = response?.conversation_messages
          merge(Array.isArray(page) ? page : EMPTY, emitAs)
          const step = advanceCatchUp(cursor, page)
          if (step.warning) warn(step.warning)
          cursor = step.cursor
        }
      } catch (error) {
        // Not covered after all: the retry (or the next load) takes it up again.
        const restored = [...covering, ...pending]
        pending = restored.slice(0, MAX_PENDING)
        for (const g of [fold, ...restored.slice(MAX_PENDING).map((e) => gapSince(list, e, context))])
          if (g !== undefined && !(g >= (folded ?? Number.POSITIVE_INFINITY))) folded = g
        if (from === 0 && loaded) fromStart = true
        throw error
      }
      // Everything from `from` to the newest message is in; with what was complete before, up to there.
      if (contiguous && cursor.highest !== undefined && cursor.highest <= Number.MAX_SAFE_INTEGER)
        context.completeThrough = Math.max(completeThrough, cursor.highest)
      else if (contiguous && context.completeThrough === undefined) context.completeThrough = completeThrough
      settle(covering, contiguous, from)
    }

    const engine = createSyncEngine({
      client,
      socket,
      scheduler,
      retry: options.retry,
      pollIntervalMs: options.pollIntervalMs,
      pollBudgetShare: options.pollBudgetShare,
      // Some losses leave no evidence (a lost message of a millisecond whose count a later one makes up): a
      // catch-up from the proven-complete point every revalidateMs while the socket is up bounds them.
      revalidate: options,
      fetch: load,
      onLoaded: (_source, freshnessChanged) => {
        if (!loaded) {
          loaded = true
          emit('initial', list.toArray(), EMPTY)
        } else if (freshnessChanged || warned) emit('status', EMPTY, EMPTY)
      },
      onFreshness: () => emit('status', EMPTY, EMPTY),
      onError: (error) => subscriber.error(error),
      isPermanent: isPermanentError,
    })

    const onFrame = (frame: ConversationWebsocketFrame) => {
      // A pushed message without a server uuid cannot be deduplicated against the REST copy: skip it.
      if (frame.type === 'message') {
        if (frame.message.conversation_message_uuid) merge([frame.message], 'socket')
        return
      }
      if (frame.type !== 'event') return
      if (frame.event_type === 'updated message') {
        const m = frame.event_updated_message
        // An update of a message the list lacks may be partial: the evidence loads the whole message instead.
        const known =
          m?.conversation_message_uuid !== undefined &&
          (list.get(m.conversation_message_uuid) !== undefined ||
            (m.client_message_id !== undefined &&
              list.getByClientMessageId(m.client_message_id) !== undefined))
        if (known) merge([m], 'socket')
      }
      consider(evidenceOf(frame))
    }

    const onOutbox = (entry: OutboxEntry) => {
      if (entry.conversationUuid !== conversationUuid) return
      const wasFailed = failed.has(entry.clientMessageId)
      if ((entry.status === 'failed') !== wasFailed) {
        const next = new Set(failed)
        if (wasFailed) next.delete(entry.clientMessageId)
        else next.add(entry.clientMessageId)
        failed = next
      }
      if (entry.status === 'pending') {
        const before = list
        merge([entry.message], 'outbox')
        if (before === list && wasFailed && shown) emit('outbox', EMPTY, EMPTY)
      } else if (entry.status === 'sent' && entry.echo) merge([entry.echo], 'outbox')
      else if (entry.status === 'cancelled') {
        const current = list.getByClientMessageId(entry.clientMessageId)
        if (current && isPendingMessage(current)) {
          list = removeMessages(list, [entry.clientMessageId]).list
          if (shown) emit('outbox', EMPTY, EMPTY)
        } else if (wasFailed && shown) emit('outbox', EMPTY, EMPTY)
      } else if (entry.status === 'failed' && !wasFailed && shown) emit('outbox', EMPTY, EMPTY)
    }

    const subscriptions: Subscription[] = []
    if (socket)
      // Frames first: nothing that arrives while the initial load runs is lost.
      subscriptions.push(socket.conversation(conversationUuid).subscribe({ next: onFrame, error: () => {} }))
    if (outbox) {
      const entries = outbox.of(conversationUuid)
      const failedIds = entries.filter((e) => e.status === 'failed').map((e) => e.clientMessageId)
      if (failedIds.length) failed = new Set(failedIds)
      merge(
        entries.map((e) => e.message),
        'outbox',
      )
      subscriptions.push(outbox.changes.subscribe(onOutbox))
    }
    const seeded = options.initial !== undefined
    if (seeded) {
      // Everything from 0 to the newest seeded message was loaded contiguously: the catch-up starts there.
      const seed = options.initial!.filter((m) => !isPendingMessage(m))
      merge(seed, 'initial')
      for (const { message_epoch: epoch } of seed)
        if (typeof epoch === 'number' && !(epoch <= (context.completeThrough ?? -1)))
          context.completeThrough = epoch
      loaded = true
    }
    engine.start(seeded)
    if (seeded) emit('initial', list.toArray(), EMPTY)
    return () => {
      engine.stop()
      for (const s of subscriptions) s.unsubscribe()
    }
  })
}
