import {
  type ConversationClient,
  type ConversationMessage,
  type ConversationWebsocketFrame,
  createMessageList,
  isPendingMessage,
  type MessageList,
  mergeMessages,
  removeMessages,
} from '@uc-conversation/core'
import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs'
import type { BackoffOptions } from './backoff'
import type { AgentSocket } from './connect-agent-socket'
import type { Freshness, LiveSource } from './freshness'
import { isPermanentError } from './internal/is-permanent'
import { type OutboxEntry, outboxOf } from './internal/outbox'
import { createSyncEngine, type FetchSource } from './internal/sync-engine'
import type { PollOptions } from './poll-delay'

/** A catch-up asks for messages since the last one seen minus this (clock skew, same-millisecond messages). */
export const DEFAULT_CATCH_UP_OVERLAP_MS = 10_000
/** Page size (`limit`) of `getConversationMessages`; a full page means there is more to load. */
export const DEFAULT_MESSAGES_PAGE_SIZE = 200
/**
 * After a `new message` event, wait this long for the message itself before loading it (the socket may
 * have lost it, or the agent is not a participant and gets events only).
 */
export const DEFAULT_GAP_CHECK_DELAY_MS = 1_500

export interface ConversationMessagesOptions extends PollOptions {
  /** The agent socket for live frames; without one the stream polls. */
  socket?: AgentSocket
  /**
   * Overlap of catch-up loads, in milliseconds.
   * @default DEFAULT_CATCH_UP_OVERLAP_MS
   */
  overlapMs?: number
  /**
   * `limit` of each `getConversationMessages` request.
   * @default DEFAULT_MESSAGES_PAGE_SIZE
   */
  pageSize?: number
  /**
   * Delay before a `new message` event without its message triggers a catch-up.
   * @default DEFAULT_GAP_CHECK_DELAY_MS
   */
  gapCheckDelayMs?: number
  /**
   * Backoff after failed loads (each load is already retried by the client; this is the next round).
   * @default DEFAULT_BACKOFF
   */
  retry?: BackoffOptions
  /** Scheduler for every timer (tests pass a virtual one). @default asyncScheduler */
  scheduler?: SchedulerLike
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
  /** `client_message_id`s of own messages that failed (see `deliveryStatus`). */
  failed: ReadonlySet<string>
  freshness: Freshness
}

const EMPTY: readonly ConversationMessage[] = Object.freeze([])
const NONE: ReadonlySet<string> = new Set()

/**
 * The complete, ordered message list of one conversation, live. Loads it through REST, merges socket frames as
 * they come, and after every socket (re)connect, on refocus and when a `new message` event announces a message
 * it has not seen, loads `getConversationMessages(since = last seen − overlap)` and merges again with core's
 * rules: every message exactly once, in order. Without a socket, or while it is down, it polls within the
 * client's budget (paused while the page is hidden). Own messages from {@link sendMessage} on the same socket
 * appear at once as pending. Errors only when a load fails for good (unknown conversation, bad credentials).
 */
export function conversationMessages(
  client: ConversationClient,
  conversationUuid: string,
  options: ConversationMessagesOptions = {},
): Observable<ConversationMessagesState> {
  const scheduler = options.scheduler ?? asyncScheduler
  const overlapMs = options.overlapMs ?? DEFAULT_CATCH_UP_OVERLAP_MS
  const pageSize = options.pageSize ?? DEFAULT_MESSAGES_PAGE_SIZE
  const gapCheckDelayMs = options.gapCheckDelayMs ?? DEFAULT_GAP_CHECK_DELAY_MS
  const socket = options.socket

  return new Observable<ConversationMessagesState>((subscriber) => {
    let list = createMessageList()
    let loaded = false
    /** Newest server epoch merged. */
    let maxEpoch = Number.NEGATIVE_INFINITY
    /** Up to here nothing is missing: the next catch-up starts from it. */
    let syncedEpoch = Number.NEGATIVE_INFINITY
    /** Live frames advance `syncedEpoch` only once a load has completed on the current connection. */
    let inSync = false
    let failed = NONE
    let gapTimer: Subscription | undefined
    let gapEpoch = Number.NEGATIVE_INFINITY
    const outbox = socket ? outboxOf(socket) : undefined

    const emit = (
      source: LiveSource,
      added: readonly ConversationMessage[],
      updated: readonly ConversationMessage[],
    ) =>
      subscriber.next({ conversationUuid, list, added, updated, source, failed, freshness: engine.freshness })

    const merge = (messages: Iterable<ConversationMessage>, source: LiveSource) => {
      const result = mergeMessages(list, messages)
      if (result.list === list) return
      list = result.list
      for (const changed of [result.added, result.updated])
        for (const m of changed) {
          if (isPendingMessage(m)) continue
          const epoch = m.message_epoch
          if (typeof epoch === 'number' && epoch > maxEpoch) maxEpoch = epoch
          if (m.client_message_id !== undefined) outbox?.confirm(m)
        }
      if (inSync) syncedEpoch = maxEpoch
      if (loaded) emit(source, result.added, result.updated)
    }

    const load = async (signal: AbortSignal, source: FetchSource, connection: number | undefined) => {
      let since = loaded && Number.isFinite(syncedEpoch) ? Math.max(0, syncedEpoch - overlapMs) : 0
      const emitAs: LiveSource = loaded ? source : 'initial'
      let highest = Number.NEGATIVE_INFINITY
      for (;;) {
        const response = await client.getConversationMessages(conversationUuid, since, {
          limit: pageSize,
          signal,
        })
        const page = response?.conversation_messages ?? []
        merge(page, emitAs)
        let pageMax = since
        for (const m of page)
          if (typeof m.message_epoch === 'number' && m.message_epoch > pageMax) pageMax = m.message_epoch
        if (pageMax > highest) highest = pageMax
        if (page.length < pageSize) break
        // A full page: more may follow. Starting a millisecond early works whether the server reads `since` as
        // inclusive or exclusive; same-millisecond messages at the border come twice and dedupe.
        since = pageMax - 1 > since ? pageMax - 1 : pageMax
      }
      if (highest > syncedEpoch) syncedEpoch = highest
      if (connection !== undefined && connection === engine.openConnection()) {
        inSync = true
        syncedEpoch = Math.max(syncedEpoch, maxEpoch)
      }
    }

    const engine = createSyncEngine({
      client,
      socket,
      scheduler,
      retry: options.retry,
      pollIntervalMs: options.pollIntervalMs,
      pollBudgetShare: options.pollBudgetShare,
      fetch: load,
      onLoaded: (_source, freshnessChanged) => {
        if (!loaded) {
          loaded = true
          emit('initial', list.toArray(), EMPTY)
        } else if (freshnessChanged) emit('status', EMPTY, EMPTY)
      },
      onFreshness: () => emit('status', EMPTY, EMPTY),
      onError: (error) => subscriber.error(error),
      isPermanent: isPermanentError,
    })

    const onFrame = (frame: ConversationWebsocketFrame) => {
      // A pushed message without a server uuid cannot be deduplicated against the REST copy: skip it.
      if (frame.type === 'message') {
        if (frame.message.conversation_message_uuid) merge([frame.message], 'socket')
      } else if (frame.type === 'event') {
        if (frame.event_type === 'updated message' && frame.event_updated_message?.conversation_message_uuid)
          merge([frame.event_updated_message], 'socket')
        else if (frame.event_type === 'new message') {
          const dts = frame.event_new_message?.last_message_dts
          const epoch = dts ? Date.parse(dts) : Number.NaN
          if (!(epoch > maxEpoch) || gapTimer) return
          gapEpoch = epoch
          gapTimer = scheduler.schedule(() => {
            gapTimer = undefined
            if (gapEpoch > maxEpoch) engine.request('catch-up')
          }, gapCheckDelayMs)
        }
      }
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
        if (before === list && wasFailed && loaded) emit('outbox', EMPTY, EMPTY)
      } else if (entry.status === 'sent' && entry.echo) merge([entry.echo], 'outbox')
      else if (entry.status === 'cancelled') {
        const current = list.getByClientMessageId(entry.clientMessageId)
        if (current && isPendingMessage(current)) {
          list = removeMessages(list, [entry.clientMessageId]).list
          if (loaded) emit('outbox', EMPTY, EMPTY)
        } else if (wasFailed && loaded) emit('outbox', EMPTY, EMPTY)
      } else if (entry.status === 'failed' && !wasFailed && loaded) emit('outbox', EMPTY, EMPTY)
    }

    const subscriptions: Subscription[] = []
    if (socket) {
      // Frames first: nothing that arrives while the initial load runs is lost.
      subscriptions.push(
        socket.conversation(conversationUuid).subscribe({ next: onFrame, error: () => {} }),
        socket.state$.subscribe((state) => {
          if (state.status !== 'open') inSync = false
        }),
      )
    }
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
    engine.start()
    return () => {
      engine.stop()
      gapTimer?.unsubscribe()
      for (const s of subscriptions) s.unsubscribe()
    }
  })
}
