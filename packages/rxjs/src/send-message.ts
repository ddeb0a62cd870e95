import type { ConversationMessage } from '@uc-conversation/core'
import { Observable } from 'rxjs'
import type { AgentSocket } from './agent-socket/agent-socket'
import type { Defaults } from './internal/defaults'
import { type OutboxEntry, outboxOf } from './internal/outbox'

/** How long a sent message may wait for its echo before it counts as failed. */
const TIMEOUT_MS = 20_000

/**
 * Defaults of {@link SendMessageOptions} (frozen). `sendMessage` reads the constant itself, so an app that does
 * not import this object does not ship it.
 */
export const DEFAULT_SEND: Defaults<Pick<SendMessageOptions, 'timeoutMs'>> = /* @__PURE__ */ Object.freeze({
  timeoutMs: TIMEOUT_MS,
})

/** What an agent sends; the same `client_message_id` again retries a failed message without a duplicate. */
export interface OutgoingChatMessage {
  body: string
  /** @default a fresh id from core's `newClientMessageId()` */
  client_message_id?: string | undefined
  media_urls?: string[] | undefined
  /** Keys from {@link uploadAttachment}. */
  upload_keys?: string[] | undefined
}

export interface SendMessageOptions {
  /**
   * Milliseconds without an echo after which the message is `failed`.
   * @default DEFAULT_SEND.timeoutMs (20,000)
   */
  timeoutMs?: number | undefined
  /**
   * Longest `body` (UTF-16 code units); a longer one errors with a `ConversationValidationError` naming `body`
   * before anything is written.
   * @default the socket outbox's `maxBodyLength`, else core's DEFAULT_MAX_BODY_LENGTH (20,000: the emulator's
   * limit, an **assumption**, UltraCart publishes none)
   */
  maxBodyLength?: number | undefined
  /**
   * The message may already have been written by another writer (a tab that led before this one): the server is
   * asked first, paging from `afterEpoch` (the newest `message_epoch` known before it was first sent), and it is
   * written only if not found.
   * @default undefined (a new message)
   */
  handedOver?: { afterEpoch: number } | undefined
}

/** Progress of one own message. */
export interface SendMessageState {
  status: 'pending' | 'sent'
  clientMessageId: string
  /** The pending copy, then the server's echo (with `conversation_message_uuid` and `message_epoch`). */
  message: ConversationMessage
}

/**
 * Sends a chat message over the agent socket. Emits `pending` at once (the message also appears in every
 * {@link conversationMessages} stream of this socket), then `sent` with the server's echo and completes. Errors
 * with a `ConversationTimeoutError` after `timeoutMs` without an echo: the message then stays in the list as
 * failed until it is retried (subscribe again with the same `client_message_id`) or discarded
 * ({@link discardMessage}). Written while the socket is down, it goes out on the next connection; after a
 * reconnect the server is asked first whether an earlier write arrived, so a retry never duplicates.
 * Unsubscribing before the echo withdraws the pending copy (a frame already written may still arrive).
 */
export function sendMessage(
  socket: AgentSocket,
  conversationUuid: string,
  message: OutgoingChatMessage,
  options: SendMessageOptions = {},
): Observable<SendMessageState> {
  return new Observable<SendMessageState>((subscriber) => {
    const outbox = outboxOf(socket)
    // Submitting first: an invalid message throws here, before anything needs tearing down.
    const entry = outbox.submit(conversationUuid, message, {
      ...options,
      timeoutMs: options.timeoutMs ?? TIMEOUT_MS,
    })
    const { clientMessageId } = entry
    const report = (e: OutboxEntry) => {
      if (e.status === 'sent') {
        subscriber.next({ status: 'sent', clientMessageId, message: e.echo ?? e.message })
        subscriber.complete()
      } else if (e.status === 'failed') subscriber.error(e.error)
      else if (e.status === 'cancelled') subscriber.complete()
    }
    // Delivered before: report it, post nothing.
    if (entry.status === 'sent') return report(entry)
    // Added first, it ends before the release below (which may cancel the entry) runs.
    subscriber.add(outbox.changes.subscribe((e) => e === entry && report(e)))
    subscriber.next({ status: 'pending', clientMessageId, message: entry.message })
    return () => outbox.release(entry)
  })
}

/**
 * Removes a failed message from the socket's outbox and from the lists that show it, or withdraws a pending one
 * (such as one restored from `outboxStorage`): a frame already written may still arrive. False when unknown.
 */
export const discardMessage = (socket: AgentSocket, clientMessageId: string): boolean =>
  outboxOf(socket).discard(clientMessageId)
