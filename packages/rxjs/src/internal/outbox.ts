import {
  type ConversationClient,
  type ConversationMessage,
  ConversationTimeoutError,
  encodeMessageFrame,
  type OutgoingMessage,
} from '@uc-conversation/core'
import { type SchedulerLike, Subject, type Subscription } from 'rxjs'
import { backoffDelay } from '../backoff'
import { type AgentSocket, socketInternals } from '../connect-agent-socket'
import type { OutboxStorage } from '../outbox-storage'
import { isPermanentError } from './is-permanent'

/**
 * How far before a message's local send time a verification looks (generous: the server's clock decides
 * `message_epoch`, and the agent's may be off).
 */
const VERIFY_LOOKBACK_MS = 5 * 60_000

/** How many delivered ids an outbox remembers. */
const DELIVERED_MEMORY = 1000

/** One own message on its way: the pending copy shown in lists, and what it takes to deliver it. */
export interface OutboxEntry {
  readonly conversationUuid: string
  readonly clientMessageId: string
  /** The pending copy (no `conversation_message_uuid`); ordered by the local send time until echoed. */
  readonly message: ConversationMessage
  status: 'pending' | 'sent' | 'failed' | 'cancelled'
  /** The server's copy, once echoed. */
  echo?: ConversationMessage
  error?: unknown
  /** @internal */ frame: string
  /** @internal The connection it was last written to. */ transmittedOn: number | undefined
  /** @internal Written to some socket once: before writing again, ask the server whether it arrived. */
  transmitted: boolean
  /** @internal */ sentAt: number
  /** @internal */ deadline: Subscription | undefined
  /** @internal */ watchers: number
}

/**
 * The own messages of one socket that are pending or failed. While anything is pending it keeps the socket
 * connected, writes each message on the next open connection, and after a reconnect asks the server whether an
 * earlier write arrived before writing again (same `client_message_id`, so never twice).
 */
/** What an {@link Outbox} needs beside its socket. */
export interface OutboxDeps {
  /** Asks the server whether an earlier write arrived. */
  client: ConversationClient
  /** Deadlines and retry timers. */
  scheduler: SchedulerLike
  /** Where unsent messages survive a closed tab. @default none (in memory only) */
  storage?: OutboxStorage
}

export class Outbox {
  readonly changes = new Subject<OutboxEntry>()
  private readonly entries = new Map<string, OutboxEntry>()
  private pending = 0
  private subscriptions: Subscription[] = []
  private verifying = new Map<string, AbortController>()
  private retryTimer: Subscription | undefined
  private verifyFailures = 0
  /** Recently delivered ids, so that sending one again reports `sent` instead of posting a duplicate. */
  private readonly delivered = new Map<string, OutboxEntry>()

  constructor(
    private readonly socket: AgentSocket,
    private readonly deps: OutboxDeps,
  ) {}

  /** Pending and failed entries of one conversation. */
  of(conversationUuid: string): OutboxEntry[] {
    const out: OutboxEntry[] = []
    for (const entry of this.entries.values())
      if (entry.conversationUuid === conversationUuid) out.push(entry)
    return out
  }

  get(clientMessageId: string): OutboxEntry | undefined {
    return this.entries.get(clientMessageId)
  }

  /** Queues a message, or re-queues a failed one with the same id. */
  submit(conversationUuid: string, message: OutgoingMessage, timeoutMs: number): OutboxEntry {
    const { scheduler } = this.deps
    const cid = message.client_message_id
    const done = this.delivered.get(cid)
    if (done && done.conversationUuid === conversationUuid) return done
    let entry = this.entries.get(cid)
    if (entry && entry.conversationUuid === conversationUuid && entry.status === 'pending') {
      entry.watchers++
      return entry
    }
    const frame = encodeMessageFrame(conversationUuid, message)
    const agent = this.socket.agent
    entry = {
      conversationUuid,
      clientMessageId: cid,
      message: entry?.message ?? {
        ...message,
        type: 'message',
        author_conversation_participant_arn: agent?.conversation_participant_arn,
        author_conversation_participant_name: agent?.conversation_participant_name,
        message_dts: new Date(scheduler.now()).toISOString(),
      },
      status: 'pending',
      frame,
      transmittedOn: undefined,
      transmitted: entry?.transmitted ?? false,
      sentAt: entry?.sentAt ?? scheduler.now(),
      deadline: undefined,
      watchers: 1,
    }
    const queued = entry
    queued.deadline = scheduler.schedule(
      () => this.settle(queued, 'failed', new ConversationTimeoutError(timeoutMs)),
      timeoutMs,
    )
    this.entries.set(cid, queued)
    this.changes.next(queued)
    // Starting subscribes to the socket's state, which flushes at once when open.
    if (this.pending++ === 0) this.start()
    else if (this.socket.state.status === 'open') this.flush(this.socket.state.connection)
    return queued
  }

  /** A subscriber of `sendMessage` left: a still pending entry is dropped (its frame may already be out). */
  release(entry: OutboxEntry): void {
    if (--entry.watchers > 0 || entry.status !== 'pending') return
    this.settle(entry, 'cancelled')
  }

  /** Forgets a failed message. */
  discard(clientMessageId: string): boolean {
    const entry = this.entries.get(clientMessageId)
    if (!entry || entry.status === 'pending') return false
    this.entries.delete(clientMessageId)
    entry.status = 'cancelled'
    this.changes.next(entry)
    return true
  }

  /** The server has a message: a pending or failed entry with its `client_message_id` is sent. */
  confirm(message: ConversationMessage): void {
    const cid = message.client_message_id
    if (cid === undefined || message.conversation_message_uuid === undefined) return
    const entry = this.entries.get(cid)
    if (entry && entry.status !== 'sent') {
      entry.echo = message
      this.settle(entry, 'sent')
    }
  }

  private settle(entry: OutboxEntry, status: 'sent' | 'failed' | 'cancelled', error?: unknown) {
    if (entry.status !== 'pending' && !(status === 'sent' && entry.status === 'failed')) return
    const wasPending = entry.status === 'pending'
    entry.deadline?.unsubscribe()
    entry.deadline = undefined
    entry.status = status
    if (error !== undefined) entry.error = error
    // A failed entry stays (shown as failed, retryable); the others leave.
    if (status !== 'failed') this.entries.delete(entry.clientMessageId)
    if (status === 'sent') {
      this.delivered.set(entry.clientMessageId, entry)
      if (this.delivered.size > DELIVERED_MEMORY) this.delivered.delete(this.delivered.keys().next().value!)
    }
    if (wasPending && --this.pending === 0) this.stop()
    this.changes.next(entry)
  }

  private start() {
    // Subscribing to the socket's messages keeps it connected while anything is pending.
    this.subscriptions = [
      this.socket.messages$.subscribe({
        next: (frame) => this.confirm(frame.message),
        error: () => {},
      }),
      this.socket.state$.subscribe((state) => {
        if (state.status === 'open') this.flush(state.connection)
      }),
    ]
  }

  private stop() {
    for (const s of this.subscriptions) s.unsubscribe()
    this.subscriptions = []
    for (const controller of this.verifying.values()) controller.abort()
    this.verifying.clear()
    this.retryTimer?.unsubscribe()
    this.retryTimer = undefined
  }

  private flush(connection: number) {
    const toVerify = new Map<string, OutboxEntry[]>()
    for (const entry of this.entries.values()) {
      if (entry.status !== 'pending' || entry.transmittedOn === connection) continue
      if (!entry.transmitted) {
        if (!this.socket.send(entry.frame)) return
        entry.transmitted = true
        entry.transmittedOn = connection
      } else {
        const list = toVerify.get(entry.conversationUuid)
        if (list) list.push(entry)
        else toVerify.set(entry.conversationUuid, [entry])
      }
    }
    for (const [uuid, entries] of toVerify) this.verify(uuid, entries, connection)
  }

  /** Asks the server which of these earlier writes arrived; writes the others again. */
  private verify(conversationUuid: string, entries: OutboxEntry[], connection: number) {
    if (this.verifying.has(conversationUuid)) return
    const { client, scheduler } = this.deps
    const controller = new AbortController()
    this.verifying.set(conversationUuid, controller)
    const since = Math.max(0, Math.min(...entries.map((e) => e.sentAt)) - VERIFY_LOOKBACK_MS)
    const done = () => {
      if (this.verifying.get(conversationUuid) === controller) this.verifying.delete(conversationUuid)
    }
    client.getConversationMessages(conversationUuid, since, { signal: controller.signal }).then(
      (response) => {
        if (controller.signal.aborted) return
        done()
        this.verifyFailures = 0
        for (const m of response?.conversation_messages ?? []) this.confirm(m)
        const state = this.socket.state
        if (state.status !== 'open' || state.connection !== connection) return
        for (const entry of entries) {
          if (entry.status !== 'pending' || entry.transmittedOn === connection) continue
          if (!this.socket.send(entry.frame)) return
          entry.transmittedOn = connection
        }
        // Entries queued meanwhile.
        this.flush(connection)
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        done()
        if (isPermanentError(error)) {
          for (const entry of entries) this.settle(entry, 'failed', error)
          return
        }
        this.retryTimer?.unsubscribe()
        this.retryTimer = scheduler.schedule(
          () => {
            this.retryTimer = undefined
            const state = this.socket.state
            if (state.status === 'open') this.flush(state.connection)
          },
          backoffDelay(this.verifyFailures++),
        )
      },
    )
  }
}

const outboxes = new WeakMap<AgentSocket, Outbox>()

/** @internal The outbox of a socket (one per socket, made on first use). */
export const outboxOf = (socket: AgentSocket): Outbox => {
  let outbox = outboxes.get(socket)
  if (!outbox) {
    const internals = socketInternals(socket)
    if (!internals) throw new TypeError('Not a socket of connectAgentSocket')
    outbox = new Outbox(socket, internals)
    outboxes.set(socket, outbox)
  }
  return outbox
}
