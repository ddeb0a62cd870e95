import type {
  ConversationClient,
  ConversationWebsocketFrame,
  EventFrameOf,
  EventType,
  MessageFrame,
} from '@uc-conversation/core'
import type { Observable } from 'rxjs'
import type { Outbox } from '../internal/outbox'

/** The connection's state, for UIs and for streams that catch up after every (re)connect. */
export type AgentSocketState =
  /** Fetching a JWT and opening the socket. `attempt` is 0 for the first try after a success. */
  | { status: 'connecting'; attempt: number }
  /** Open; `connection` counts the opens of this socket object (1, 2, ...). */
  | { status: 'open'; connection: number; openedAt: number }
  /** Waiting `retryAt` (epoch ms) before attempt number `attempt`. */
  | {
      status: 'reconnecting'
      attempt: number
      retryAt: number
      /** The close code of the lost socket, when it was closed by the server or the network. */
      closeCode?: number
      /** Why the last socket or attempt was lost. */
      reason?: AgentSocketDropReason
      error?: unknown
    }
  /**
   * `idle`: nobody subscribes (or never did); `error`: a permanent failure (bad credentials, no WebSocket),
   * also delivered as an error to the frame subscribers. A new subscriber starts over.
   */
  | { status: 'closed'; reason: 'idle' | 'error'; error?: unknown }

/**
 * Why a socket or an attempt was lost. `too-big`: closed with 1009, message too big (a frame sent
 * was larger than the server accepts: the sender must not write it again as is). `auth`: closed with
 * 4001 (JWT refused or expired). `closed`: closed with any other code. `silent`: no answer to
 * a ping in time, or silence past the silence limit. `open-timeout`: did not open in `connectTimeoutMs`.
 * `failed`: the authorization request or the socket constructor failed (`error` says why).
 */
export type AgentSocketDropReason = 'too-big' | 'auth' | 'closed' | 'silent' | 'open-timeout' | 'failed'

/**
 * What the heartbeat knows of the server: `unknown` until a ping is answered (or found unanswered twice);
 * `answered`: a ping frame came back after a ping, so an unanswered ping means a dead socket; `unanswered`: a
 * socket went silent after a ping and its replacement opened and did the same, so the server does not answer
 * pings and only `silenceLimitMs` of silence counts as death.
 */
export type PingReplies = 'unknown' | 'answered' | 'unanswered'

/** A frame the codec refused (`invalid`) or does not know (`unknown`), as core's `decodeFrame` said so; the stream goes on. */
export interface RejectedFrame {
  kind: 'invalid' | 'unknown'
  reason: string
  raw: string | undefined
}

/** The agent behind the socket: the non-secret part of `agent_auth`. */
export interface AgentIdentity {
  conversation_participant_arn?: string | undefined
  conversation_participant_name?: string | undefined
  merchant_id?: string | undefined
}
/** One agent websocket, connected while anything subscribes to its frames. */
export interface AgentSocket {
  /** The current state at once, then every change. Subscribing does not connect. */
  readonly state$: Observable<AgentSocketState>
  /** The current state. */
  readonly state: AgentSocketState
  /**
   * Every decoded frame except pings. Subscribing connects (lazily, shared); the socket closes `lingerMs` after
   * the last subscriber of this or any stream derived from it leaves. Errors only on a permanent failure.
   */
  readonly frames$: Observable<ConversationWebsocketFrame>
  /** Chat message frames (either direction, echoes included). Connects like `frames$`. */
  readonly messages$: Observable<MessageFrame>
  /** Frames the codec refused or does not know. Does not connect. */
  readonly rejected$: Observable<RejectedFrame>
  /** Events of one type, optionally of one conversation, typed by `event_type`. Connects like `frames$`. */
  events<K extends EventType>(type: K, conversationUuid?: string): Observable<EventFrameOf<K>>
  /** Message and event frames of one conversation. Connects like `frames$`. */
  conversation(conversationUuid: string): Observable<ConversationWebsocketFrame>
  /** Sends an encoded frame (core's `encode*Frame`) if the socket is open; returns whether it was sent. */
  send(frame: string): boolean
  /** Drops the current socket (or the backoff wait) and connects again now, if anything subscribes. */
  reconnect(): void
  /** The agent of the last authorization, once one succeeded. */
  readonly agent: AgentIdentity | undefined
  /** The client the socket authorizes with (and that its outbox and streams use). */
  readonly client: ConversationClient
  /** What the heartbeat has learnt of the server's ping answers; kept for the life of this object. */
  readonly pingReplies: PingReplies
  /**
   * The socket's own messages on their way (pending or failed), as `sendMessage` and `conversationMessages`
   * use them; one per socket, made on first use (at once when `outboxStorage` is given, to deliver what an
   * earlier session left).
   */
  readonly outbox: Outbox
}
