import {
  type CatchUpWarning,
  type ConversationClient,
  type ConversationMessage,
  createLiveMessages,
  isLiveBehind,
  isPendingMessage,
  type LiveMessagesStep,
  liveMessagesFrame,
  liveMessagesLoaded,
  liveMessagesLoadFailed,
  liveMessagesLoadStarted,
  liveMessagesMerged,
  liveMessagesPage,
  liveMessagesRemoved,
  MAX_PAGE_SIZE,
  type MessageList,
} from '@uc-conversation/core'
import { asyncScheduler, Observable, type SchedulerLike } from 'rxjs'
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
  /**
   * `client_message_id`s of own messages that failed (see `deliveryStatus`), frozen: a new array only when it
   * changes, plain data as it is (the react-query cache holds this very array; it crosses tabs and dehydrates).
   */
  failed: readonly string[]
  freshness: Freshness
  /**
   * What the API could not deliver (oldest first, at most 20: core's `MAX_MESSAGE_WARNINGS`): e.g. more messages in
   * one millisecond than its largest page, where messages beyond the page may be missing. Empty as a rule.
   */
  warnings: readonly CatchUpWarning[]
  /**
   * Why the stream is `behind` for longer than a request takes: the load it needs waits for the client's
   * hourly budget. Absent otherwise. A console says so instead of showing a hole as if nothing were missing.
   */
  warning?: LiveWarning | undefined
}

const EMPTY: readonly never[] = Object.freeze([])

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
    /** The list and what the server's answers prove about it: core's reducer; this closure only does the I/O. */
    let state = createLiveMessages()
    /** `client_message_id`s of own failed messages (the outbox's). */
    let failed: readonly string[] = EMPTY
    /** The last emission (`loaded` there: the first load has been shown). */
    let told: ConversationMessagesState | undefined
    const outbox = socket ? outboxOf(socket) : undefined

    const emit = (
      source: LiveSource,
      added: readonly ConversationMessage[] = EMPTY,
      updated: readonly ConversationMessage[] = EMPTY,
      loaded = !!told?.loaded,
    ) => {
      told = {
        conversationUuid,
        list: state.value.list,
        added,
        updated,
        source,
        loaded,
        failed,
        freshness: engine.freshness,
        warnings: state.value.warnings,
        ...(engine.warning && { warning: engine.warning }),
      }
      subscriber.next(told)
    }

    /** Takes a transition's state, shows what it changed and loads when it asks to. */
    const apply = (step: LiveMessagesStep, source: LiveSource) => {
      const before = state
      state = step.state
      if (state.value.list !== before.value.list) {
        // Every server message tells the outbox how far the server's history goes (the point a later "did my
        // write arrive" check starts from), and settles an own message it echoes.
        if (outbox)
          for (const changed of [step.added, step.updated])
            for (const m of changed) if (!isPendingMessage(m)) outbox.confirm(m, conversationUuid)
        // Own messages show at once, before the history has loaded.
        if (told?.loaded || source === 'outbox') emit(source, step.added, step.updated)
      }
      // New evidence the list lacks waits (only a frame brings it): a targeted catch-up.
      if (state.pending !== before.pending) engine.request('gap')
    }

    const load = async (signal: AbortSignal, source: FetchSource) => {
      const emitAs: LiveSource = !state.value.loaded ? 'initial' : source === 'gap' ? 'catch-up' : source
      state = liveMessagesLoadStarted(state, source, pageSize)
      // A page asked for on an open connection is shared with the outbox's delivery check, which after a
      // reconnect asks for the same one (only through the socket's own client: another one may have its own
      // budget or credentials).
      const connection = engine.openConnection()
      const pages = outbox && socket?.client === client ? outbox.pages : undefined
      try {
        while (state.load && !state.load.cursor.done) {
          const { since, limit } = state.load.cursor
          const response = pages
            ? await pages.load(conversationUuid, since, limit, signal, connection)
            : await client.getConversationMessages(conversationUuid, since, { limit, signal })
          // Abandoned for a load that supersedes it (and covers what it covered): the state is that one's.
          if (signal.aborted) return
          apply(liveMessagesPage(state, response?.conversation_messages), emitAs)
        }
      } catch (error) {
        // Not covered after all: the retry (or the next load) takes it up again.
        if (!signal.aborted) state = liveMessagesLoadFailed(state)
        throw error
      }
      if (!state.load) return
      state = liveMessagesLoaded(state)
      // Evidence it could not settle (or heard meanwhile) waits: a targeted catch-up.
      if (isLiveBehind(state)) engine.request('gap')
    }

    // Some losses leave no evidence (a lost message of a millisecond whose count a later one makes up): the
    // engine's catch-up from the proven-complete point every revalidateMs while the socket is up bounds them.
    const engine = createSyncEngine({
      ...options,
      client,
      scheduler,
      fetch: load,
      onLoaded: (_source, freshnessChanged) => {
        if (!told?.loaded) emit('initial', state.value.list.toArray(), EMPTY, true)
        else if (freshnessChanged || told.warnings !== state.value.warnings) emit('status')
      },
      onFreshness: () => emit('status'),
      onError: (error) => subscriber.error(error),
    })

    const onOutbox = (entry: OutboxEntry) => {
      const { clientMessageId: id, status } = entry
      if (entry.conversationUuid !== conversationUuid) return
      // A change of the failed set alone is shown too (once something was shown).
      let show = (status === 'failed') !== failed.includes(id)
      if (show) failed = Object.freeze(status === 'failed' ? [...failed, id] : failed.filter((f) => f !== id))
      const before = state.value.list
      if (status === 'pending') apply(liveMessagesMerged(state, [entry.message]), 'outbox')
      else if (status === 'sent') {
        show = false
        if (entry.echo) apply(liveMessagesMerged(state, [entry.echo]), 'outbox')
      } else if (status === 'cancelled') state = liveMessagesRemoved(state, id)
      if (told && (state.value.list === before ? show : status === 'cancelled')) emit('outbox')
    }

    if (socket)
      // Frames first: nothing that arrives while the initial load runs is lost.
      engine.listen(socket.conversation(conversationUuid), (frame) =>
        apply(liveMessagesFrame(state, frame), 'socket'),
      )
    if (outbox) {
      const entries = outbox.of(conversationUuid)
      failed = Object.freeze(entries.filter((e) => e.status === 'failed').map((e) => e.clientMessageId))
      apply(
        liveMessagesMerged(
          state,
          entries.map((e) => e.message),
        ),
        'outbox',
      )
      engine.listen(outbox.changes, onOutbox)
    }
    const seeded = options.initial !== undefined
    if (seeded) {
      // Loaded before from the conversation's start: the answer of a load from 0 (own pending copies are the
      // outbox's), complete through its newest message.
      state = liveMessagesLoadStarted(state, 'initial', pageSize)
      apply(
        liveMessagesPage(
          state,
          options.initial!.filter((m) => !isPendingMessage(m)),
        ),
        'initial',
      )
      state = liveMessagesLoaded(state)
    }
    engine.start(seeded)
    if (seeded) emit('initial', state.value.list.toArray(), EMPTY, true)
    return engine.stop
  })
}
