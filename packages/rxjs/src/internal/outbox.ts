import {
  type ConversationClient,
  type ConversationMessage,
  ConversationTimeoutError,
  ConversationValidationError,
  encodeMessageFrame,
  isPermanentError,
  newClientMessageId,
  type OutgoingMessage,
} from '@uc-conversation/core'
import {
  BehaviorSubject,
  distinctUntilChanged,
  type Observable,
  type SchedulerLike,
  Subject,
  type Subscription,
} from 'rxjs'
import type { AgentSocket } from '../agent-socket/agent-socket'
import { backoffDelay } from '../backoff'
import type { OutboxStorage } from '../outbox-storage'
import { createEntry, type OutboxEntry } from './outbox-entry'
import type { attachOutboxPersistence } from './outbox-persistence'
import { findDelivered, type LoadPage } from './outbox-verify'
import { SharedPages } from './shared-pages'

/**
 * Milliseconds without the echo of a write after which the server is asked whether it has the message: a lost
 * echo then still ends in `sent`, and a write lost on a connection that stays up makes the socket reconnect
 * (after which it is written again) instead of waiting for the send timeout.
 */
export const DEFAULT_ECHO_CHECK_MS = 5_000

/** How many delivered ids, and how many conversations' newest server epochs, an outbox remembers. */
const MEMORY = 1000

/** Sets `key` as the newest of `map`, forgetting the oldest beyond {@link MEMORY}. */
const remember = <V>(map: Map<string, V>, key: string, value: V) => {
  map.delete(key)
  map.set(key, value)
  if (map.size > MEMORY) map.delete(map.keys().next().value!)
}

/**
 * @internal The key under which a storage made by `persistentOutbox` (or an adapter) carries the code that
 * persists an outbox: only apps that import a storage ship it.
 */
export const PERSISTENCE: unique symbol = Symbol('outbox persistence')

/** @internal An {@link OutboxStorage} that can persist an outbox. */
export type PersistingOutboxStorage = OutboxStorage & {
  readonly [PERSISTENCE]?: typeof attachOutboxPersistence | undefined
}

/** What an {@link Outbox} needs beside its socket. */
export interface OutboxDeps {
  /** Asks the server whether an earlier write arrived. */
  client: ConversationClient
  /** Deadlines and retry timers. */
  scheduler: SchedulerLike
  /**
   * Where unsent messages survive a closed tab: made by `webStorageOutbox`, `indexedDbOutbox` or
   * `persistentOutbox`. @default none (in memory only)
   */
  storage?: OutboxStorage | undefined
  /**
   * Milliseconds without an echo after which the server is asked whether a write arrived.
   * @default 5,000
   */
  echoCheckMs?: number | undefined
  /**
   * Longest body accepted by `sendMessage` (which can override it per call).
   * @default DEFAULT_MAX_BODY_LENGTH of core
   */
  maxBodyLength?: number | undefined
}

export type { OutboxEntry } from './outbox-entry'

/** Options of {@link Outbox.submit}. */
export interface SubmitOptions {
  timeoutMs: number
  maxBodyLength?: number | undefined
  /** See `SendMessageOptions.handedOver`. */
  handedOver?: { afterEpoch: number } | undefined
}

/**
 * The own messages of one socket that are pending or failed. While anything is pending it keeps the socket
 * connected, writes each message on the next open connection, and after a reconnect asks the server whether an
 * earlier write arrived before writing again (same `client_message_id`, so never twice). With a storage it
 * keeps unsent messages across sessions: restored ones are checked against the server, then delivered once.
 */
export class Outbox {
  /** Every status change of an entry. */
  readonly changes = new Subject<OutboxEntry>()
  readonly #entries = new Map<string, OutboxEntry>()
  readonly #count = new BehaviorSubject(0)
  /** Unsent messages (pending + failed): at once, then every change. For a "leave the page?" warning. */
  readonly unsent$: Observable<number> = this.#count.pipe(distinctUntilChanged())
  #subscriptions: Subscription[] = []
  readonly #verifying = new Map<string, AbortController>()
  #retryTimer: Subscription | undefined
  #verifyFailures = 0
  /**
   * The last connection seen open (0: none, as connections count from 1): a 1009 close refers to what was
   * written on it.
   */
  #lastOpen = 0
  /** Recently delivered ids, so that sending one again reports `sent` instead of posting a duplicate. */
  readonly #delivered = new Map<string, OutboxEntry>()
  /** Newest server `message_epoch` seen per conversation. */
  readonly #newest = new Map<string, number>()
  /** Saves the unsent entries (none without a storage). */
  readonly #persist: (() => void) | undefined

  /**
   * @internal Message pages of this socket's conversations, shared by identical requests on one connection: after
   * a reconnect a conversation's catch-up answers this outbox's delivery check too.
   */
  readonly pages: SharedPages

  readonly #socket: AgentSocket
  readonly #deps: OutboxDeps

  constructor(socket: AgentSocket, deps: OutboxDeps) {
    this.#socket = socket
    this.#deps = deps
    this.pages = new SharedPages(deps.client)
    const storage = deps.storage as PersistingOutboxStorage | undefined
    if (storage) {
      const attach = storage[PERSISTENCE]
      // A bare `{ load, save }` would be ignored: the code that uses it comes with `persistentOutbox`.
      if (!attach)
        throw new ConversationValidationError(
          'outboxStorage',
          'made by webStorageOutbox, indexedDbOutbox or persistentOutbox()',
        )
      this.#persist = attach(storage, this.#entries, this.#delivered, socket, this.changes, this.#count, () =>
        this.#activate(),
      )
    }
  }

  /** Unsent messages now (pending + failed). */
  get unsent(): number {
    return this.#entries.size
  }

  /** Pending and failed entries of one conversation. */
  of(conversationUuid: string): OutboxEntry[] {
    return [...this.#entries.values()].filter((entry) => entry.conversationUuid === conversationUuid)
  }

  get(clientMessageId: string): OutboxEntry | undefined {
    return this.#entries.get(clientMessageId)
  }

  /**
   * Queues a message (with a new `client_message_id` when it has none), or re-queues a failed one with the same
   * id. Throws a `ConversationValidationError`
   * (before anything is written) when the message is invalid or its body too long.
   */
  submit(
    conversationUuid: string,
    outgoing: Omit<OutgoingMessage, 'client_message_id'> & { client_message_id?: string | undefined },
    options: SubmitOptions,
  ): OutboxEntry {
    // The one place a message's id is made when the caller brings none.
    const message = { ...outgoing, client_message_id: outgoing.client_message_id ?? newClientMessageId() }
    const frame = this.validate(conversationUuid, message, options.maxBodyLength)
    const cid = message.client_message_id
    const done = this.#delivered.get(cid)
    if (done?.conversationUuid === conversationUuid) return done
    let entry = this.#entries.get(cid)
    if (entry?.conversationUuid === conversationUuid) {
      entry.subs++
      // A restored entry has no send timeout until a sender adopts it.
      if (entry.status === 'pending' && entry.due) return entry
      if (entry.status !== 'pending') {
        // A retry: the earlier write may have arrived, so it is checked before writing again.
        entry.status = 'pending'
        entry.error = undefined
        entry.on = undefined
      }
    } else {
      entry = createEntry(conversationUuid, message, frame, this.#socket.agent, {
        afterEpoch: options.handedOver?.afterEpoch ?? this.#newest.get(conversationUuid) ?? 0,
        // Handed over by another writer, it may have been written: the server is asked before writing.
        transmitted: options.handedOver !== undefined,
        queuedAt: new Date(this.#deps.scheduler.now()).toISOString(),
      })
      this.#entries.set(cid, entry)
    }
    entry.due = this.#deps.scheduler.schedule(
      () => this.#settle(entry, 'failed', new ConversationTimeoutError(options.timeoutMs)),
      options.timeoutMs,
    )
    this.#changed(entry)
    this.#activate()
    return entry
  }

  /**
   * The frame `submit` would write; throws the `ConversationValidationError` it would throw (an empty or too
   * long body, a bad id), so a composer can refuse a reply and keep its text before anything is queued.
   */
  validate(conversationUuid: string, message: OutgoingMessage, maxBodyLength?: number | undefined): string {
    return encodeMessageFrame(conversationUuid, message, {
      maxBodyLength: maxBodyLength ?? this.#deps.maxBodyLength,
    })
  }

  /** A subscriber of `sendMessage` left: a still pending entry is dropped (its frame may already be out). */
  release(entry: OutboxEntry): void {
    if (--entry.subs > 0 || entry.status !== 'pending') return
    this.#settle(entry, 'cancelled')
  }

  /**
   * Forgets a failed message, or withdraws a pending one (e.g. restored from storage, with nobody sending it):
   * its senders complete, and a frame already written may still arrive.
   */
  discard(clientMessageId: string): boolean {
    const entry = this.#entries.get(clientMessageId)
    if (entry) this.#settle(entry, 'cancelled')
    return !!entry
  }

  /**
   * The server has a message: a pending or failed entry with its `client_message_id` is sent. With the
   * conversation's uuid, its `message_epoch` also moves where later checks start.
   */
  confirm(message: ConversationMessage, conversationUuid?: string): void {
    if (message.conversation_message_uuid === undefined) return
    // Keys are strings: a message without an id finds nothing. An entry held is pending or failed, never sent.
    const entry = this.#entries.get(message.client_message_id as string)
    this.#noteEpoch(conversationUuid ?? entry?.conversationUuid, message.message_epoch)
    if (entry) {
      entry.echo = message
      this.#settle(entry, 'sent')
    }
  }

  #noteEpoch(conversationUuid: string | undefined, epoch: unknown) {
    // Only a safe integer (a number, then) is an epoch.
    if (conversationUuid === undefined || !Number.isSafeInteger(epoch)) return
    // None known compares false too.
    if (!((this.#newest.get(conversationUuid) as number) >= (epoch as number)))
      remember(this.#newest, conversationUuid, epoch as number)
  }

  #settle(entry: OutboxEntry, status: 'sent' | 'failed' | 'cancelled', error?: unknown) {
    // Pending ends any way; a failed entry can still be sent (a late echo) or discarded.
    if (entry.status !== 'pending' && (entry.status !== 'failed' || status === 'failed')) return
    // Their fields stay as they are: a settled entry's are read again only after a retry, which sets them anew.
    entry.due?.unsubscribe()
    entry.check?.unsubscribe()
    entry.status = status
    if (error !== undefined) entry.error = error
    // A failed entry stays (shown as failed, retryable); the others leave.
    if (status !== 'failed') this.#entries.delete(entry.clientMessageId)
    if (status === 'sent') remember(this.#delivered, entry.clientMessageId, entry)
    this.#changed(entry)
    if (!this.#hasPending()) this.#stop()
  }

  /** Publishes a change: to subscribers, the unsent count and the storage. */
  #changed(entry: OutboxEntry) {
    this.#count.next(this.#entries.size)
    this.#persist?.()
    this.changes.next(entry)
  }

  #hasPending() {
    for (const entry of this.#entries.values()) if (entry.status === 'pending') return true
    return false
  }

  /** Starts (subscribing to the socket, which flushes at once when open) or flushes when already started. */
  #activate() {
    if (!this.#hasPending()) return
    if (this.#subscriptions.length === 0) this.#start()
    else this.#flush(this.#currentConnection())
  }

  #start() {
    // Subscribing to the socket's messages keeps it connected while anything is pending.
    this.#subscriptions = [
      this.#socket.messages$.subscribe({
        next: (frame) => this.confirm(frame.message, frame.conversation_uuid),
        error: () => {},
      }),
      this.#socket.state$.subscribe((state) => {
        if (state.status === 'open') {
          this.#lastOpen = state.connection
          this.#flush(state.connection)
        } else if (state.status === 'reconnecting' && state.reason === 'too-big') this.#refuseTooBig()
      }),
    ]
  }

  #stop() {
    for (const s of this.#subscriptions) s.unsubscribe()
    this.#subscriptions = []
    for (const controller of this.#verifying.values()) controller.abort()
    this.#verifying.clear()
    this.#retryTimer?.unsubscribe()
    this.#retryTimer = undefined
  }

  /**
   * The server closed with 1009: a frame written on the last connection was too big for it. Writing it again
   * would only close the next connection too, so the largest unconfirmed message written there fails.
   */
  #refuseTooBig() {
    let culprit: OutboxEntry | undefined
    for (const entry of this.#entries.values())
      if (
        entry.status === 'pending' &&
        entry.on === this.#lastOpen &&
        (!culprit || entry.frame.length > culprit.frame.length)
      )
        culprit = entry
    if (!culprit) return
    culprit.out = false
    this.#settle(
      culprit,
      'failed',
      new ConversationValidationError(
        'body',
        "within the server's frame size limit (it closed the socket with 1009)",
      ),
    )
  }

  #write(entry: OutboxEntry, connection: number): boolean {
    if (!this.#socket.send(entry.frame)) return false
    const first = !entry.out
    entry.out = true
    entry.on = connection
    entry.late = false
    entry.check?.unsubscribe()
    // Fires only for this write of a pending entry: a settle or the next write cancels it.
    entry.check = this.#deps.scheduler.schedule(() => {
      entry.late = true
      if (this.#currentConnection() === connection) this.#flush(connection)
    }, this.#deps.echoCheckMs ?? DEFAULT_ECHO_CHECK_MS)
    if (first) this.#persist?.()
    return true
  }

  /** Writes what is due on the open connection (none: nothing to do), and asks about what may have arrived. */
  #flush(connection: number | undefined) {
    if (connection === undefined) return
    const toVerify = new Map<string, OutboxEntry[]>()
    for (const entry of this.#entries.values()) {
      if (entry.status !== 'pending' || (entry.on === connection && !entry.late)) continue
      if (!entry.out) {
        if (!this.#write(entry, connection)) return
      } else {
        const list = toVerify.get(entry.conversationUuid)
        if (list) list.push(entry)
        else toVerify.set(entry.conversationUuid, [entry])
      }
    }
    for (const [uuid, entries] of toVerify) this.#verify(uuid, entries)
  }

  /** Asks the server which of these earlier writes arrived; the others may be written again. */
  #verify(conversationUuid: string, entries: OutboxEntry[]) {
    if (this.#verifying.has(conversationUuid)) return
    const controller = new AbortController()
    this.#verifying.set(conversationUuid, controller)
    const afterEpoch = Math.min(...entries.map((e) => e.afterEpoch))
    const ids = entries.map((e) => e.clientMessageId)
    const connection = this.#currentConnection()
    const load: LoadPage = (uuid, since, limit, signal) =>
      this.pages.load(uuid, since, limit, signal, connection)
    findDelivered(load, conversationUuid, afterEpoch, ids, controller.signal).then(
      (found) => {
        if (controller.signal.aborted) return
        // Not aborted, the check is still this conversation's (stop() aborts every one it forgets).
        this.#verifying.delete(conversationUuid)
        this.#verifyFailures = 0
        for (const m of found) this.confirm(m, conversationUuid)
        const current = this.#currentConnection()
        let cleared = false
        let lostOnLive = false
        for (const entry of entries) {
          if (entry.status !== 'pending') continue
          entry.late = false
          if (current === undefined || entry.on !== current) {
            // Not on the server, and nothing of it in flight (its connection is gone, or none is open: a restored
            // entry records none): safe to write again.
            entry.out = false
            cleared = true
          } else lostOnLive = true
        }
        if (cleared) this.#persist?.()
        // Written on the open connection, late and not on the server: that connection loses frames. A new
        // one ends whatever of it is still in flight; there the message is checked again, then rewritten.
        if (lostOnLive) this.#socket.reconnect()
        else this.#flush(current)
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        this.#verifying.delete(conversationUuid)
        if (isPermanentError(error)) {
          for (const entry of entries) this.#settle(entry, 'failed', error)
          return
        }
        this.#retryTimer?.unsubscribe()
        this.#retryTimer = this.#deps.scheduler.schedule(
          () => {
            this.#retryTimer = undefined
            this.#flush(this.#currentConnection())
          },
          backoffDelay(this.#verifyFailures++),
        )
      },
    )
  }

  #currentConnection() {
    const state = this.#socket.state
    return state.status === 'open' ? state.connection : undefined
  }
}

/** @internal The outbox of a socket (its `outbox` field; kept for the stream helpers that import it). */
export const outboxOf = (socket: AgentSocket): Outbox => socket.outbox
