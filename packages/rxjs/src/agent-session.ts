import type {
  ConversationClient,
  ConversationMedium,
  ConversationMessage,
  ConversationSummary,
  ConversationWebchatQueueStatus,
  ConversationWebsocketFrame,
} from '@uc-conversation/core'
import {
  applyOwnRead,
  ConversationValidationError,
  encodeMessageFrame,
  type OutgoingMessage,
} from '@uc-conversation/core'
import { markReadConversation } from '@uc-conversation/core/operations'
import {
  BehaviorSubject,
  combineLatest,
  defer,
  EMPTY,
  finalize,
  firstValueFrom,
  fromEvent,
  map,
  NEVER,
  type Observable,
  of,
  ReplaySubject,
  type SchedulerLike,
  Subject,
  share,
  switchMap,
  takeUntil,
} from 'rxjs'
import { type AgentKeepAliveOptions, type AgentKeepAliveStatus, agentKeepAlive } from './agent-keep-alive'
import type { AgentIdentity, AgentSocket, AgentSocketState } from './agent-socket/agent-socket'
import { type ConnectionHealth, connectionHealth } from './connection-health'
import { type ConversationListState, conversationList } from './conversation-list'
import { type ConversationMessagesState, conversationMessages } from './conversation-messages'
import type { Outbox } from './internal/outbox'
import { markRead } from './mark-read'
import type { PollOptions } from './poll-delay'
import { type QueueStatusesState, queueStatuses } from './queue-statuses'
import {
  discardMessage,
  type OutgoingChatMessage,
  type SendMessageOptions,
  type SendMessageState,
  sendMessage,
} from './send-message'
import type { SessionCollection, SessionCollectionContext } from './session-collection'
import { type SendTypingOptions, sendTyping, type Typist, typing } from './typing'

/** Options of {@link createAgentSession}: the polling of its collections while the socket is down or absent. */
export interface AgentSessionOptions extends PollOptions {
  /**
   * The client for REST calls.
   * @default the socket's client (or the client the session was created with)
   */
  client?: ConversationClient | undefined
  /** The clock and timers of the collections and the keepalive (a virtual one in tests and benches). @default asyncScheduler */
  scheduler?: SchedulerLike | undefined
  /**
   * Shares the session with the other tabs of one agent (`acrossTabs({ name: \`agent:${login}\` })`): one tab
   * leads and alone connects (socket, keepalive, polling, request budget), the others follow it. The connection
   * is then given as a function, called each time this tab becomes leader. Streams and hooks behave the same in
   * every tab.
   * @default undefined (not shared: this session connects by itself)
   */
  share?: SessionSharing | undefined
}

/** How a session is shared: given the way to make the real session, returns the one every member uses. */
export type SessionSharing = (create: () => AgentSession) => AgentSession

/** Options of {@link AgentSession.typing}. */
export interface SessionTypingOptions {
  /** Typists disappear after this long without an update. @default DEFAULT_TYPING.expiryMs (5,000) */
  expiryMs?: number | undefined
}

/** Filters of {@link AgentSession.conversations}. */
export interface ConversationListFiltersOf {
  medium?: ConversationMedium | undefined
  limit?: number | undefined
}

/**
 * Everything one agent's connection owns, as fields: the client (and with it the rate budget), the socket, its
 * outbox and the live collections. Each collection runs once per session and key however many subscribe (the
 * latest state is replayed to a late subscriber) and stops when its last subscriber leaves; `close()` ends them
 * all and releases the socket.
 */
export interface AgentSession {
  readonly client: ConversationClient
  /** Absent when the session was created with a client only. */
  readonly socket: AgentSocket | undefined
  /** The agent's own messages that are pending or failed: the one store of a send's state. */
  readonly outbox: Outbox | undefined
  /** The socket, keepalive (while {@link AgentSession.keepAlive} runs), requests and network, for a banner. */
  readonly health$: Observable<ConnectionHealth>
  /** True once {@link AgentSession.close} ran. */
  readonly closed: boolean
  /**
   * Whether the session works over an agent socket: sending, typing, participants and context need one; without
   * one the collections poll.
   */
  readonly realtime: boolean
  /** The agent behind the socket, once an authorization succeeded (in every tab of a shared session). */
  readonly agent: AgentIdentity | undefined
  /** The socket's state at once, then every change (`closed`/`idle` without one). Subscribing does not connect. */
  readonly socketState$: Observable<AgentSocketState>
  /** Every frame the socket receives, while subscribed (none without a socket). Subscribing connects. */
  readonly frames$: Observable<ConversationWebsocketFrame>
  /** How many of the agent's messages have not reached the server (pending and failed, restored ones too). */
  readonly unsent$: Observable<number>
  /** The messages of one conversation; `initial` seeds the stream only when this call starts it. */
  messages(
    conversationUuid: string,
    initial?: readonly ConversationMessage[] | undefined,
  ): Observable<ConversationMessagesState>
  /**
   * Runs a collection defined outside the session (see `defineSessionCollection`), e.g. rxjs's
   * `conversationParticipantsOf` and `conversationContextOf`: once per session, name and `args` (compared as
   * JSON), shared and replayed like the session's own collections, stopped when its last subscriber leaves and
   * ended by {@link AgentSession.close}. Throws what the definition's `open` throws (e.g. a
   * `ConversationValidationError` for a bad argument); `EMPTY` once the session is closed.
   */
  collection<A extends unknown[], T>(definition: SessionCollection<A, T>, ...args: A): Observable<T>
  /** The newest conversations, with the agent's own reads applied at once. */
  conversations(
    filters?: ConversationListFiltersOf,
    initial?: readonly ConversationSummary[] | undefined,
  ): Observable<ConversationListState>
  queueStatuses(
    initial?: readonly ConversationWebchatQueueStatus[] | undefined,
  ): Observable<QueueStatusesState>
  /** Keeps the agent alive (one schedule per options); its status also feeds {@link AgentSession.health$}. */
  keepAlive(options?: Omit<AgentKeepAliveOptions, 'scheduler'>): Observable<AgentKeepAliveStatus>
  /** Who is typing in the conversation now (others only), and what. */
  typing(conversationUuid: string, options?: SessionTypingOptions): Observable<readonly Typist[]>
  /**
   * Reports the agent's composer text (throttled, see rxjs's `sendTyping`) while subscribed; emits each value
   * that went out.
   */
  sendTyping(
    conversationUuid: string,
    values: Observable<string>,
    options?: Omit<SendTypingOptions, 'scheduler'>,
  ): Observable<string>
  /**
   * The frame a send would write; throws the `ConversationValidationError` it would throw (an empty or too long
   * body, a bad id), so a composer can refuse a reply and keep its text before anything is queued.
   */
  validate(conversationUuid: string, message: OutgoingMessage, maxBodyLength?: number | undefined): string
  /** Forgets a failed message or withdraws a pending one (see rxjs's `discardMessage`); false when unknown. */
  discard(clientMessageId: string): boolean
  /** Tries the socket again now instead of waiting for the backoff (a "Retry now" button); no-op without one. */
  reconnect(): void
  /** Sends a chat message through the outbox (see rxjs's `sendMessage`). */
  send(
    conversationUuid: string,
    message: OutgoingChatMessage,
    options?: SendMessageOptions,
  ): Observable<SendMessageState>
  /**
   * Marks the conversation read up to `message`: a `read message` frame while the socket is open, else
   * `markReadConversation` over REST. The session's own conversation lists show it read at once (the server
   * tells the reader nothing). Resolves once the mark went out; rejects when the REST call failed or `signal`
   * aborted it.
   */
  markRead(conversationUuid: string, message: ConversationMessage, signal?: AbortSignal): Promise<void>
  /** Ends every collection, stops the keepalive and releases the socket (closing it when the session owns it). */
  close(): void
}

/**
 * The session of one agent connection, over its socket (or, given only a client, polling: sending and typing
 * then need a socket). Nothing connects until something subscribes. Collections it does not own (participants,
 * the customer's context, your own) run on it through {@link AgentSession.collection}, so an app bundles only
 * those it uses.
 *
 * ```ts
 * const session = createAgentSession(connectAgentSocket(client))
 * session.messages(conversationUuid).subscribe(({ list }) => render(list.toArray()))
 * // later
 * session.close()
 * ```
 */
export function createAgentSession(
  connection: AgentSocket | ConversationClient | (() => AgentSocket | ConversationClient),
  options: AgentSessionOptions = {},
): AgentSession {
  const { share: sharing, ...own } = options
  if (typeof connection === 'function') {
    const connect = connection
    if (sharing) return sharing(() => createAgentSession(connect(), own))
    connection = connect()
  } else if (sharing)
    throw new ConversationValidationError(
      'connection',
      'a function when the session is shared (only the leading tab connects)',
    )
  const socket = 'state$' in connection ? connection : undefined
  const client = options.client ?? (socket ? socket.client : (connection as ConversationClient))
  const needSocket = (what: string): AgentSocket => {
    if (socket) return socket
    throw new ConversationValidationError(
      'socket',
      `an agent socket for ${what} (this session has a client only)`,
    )
  }
  // Every stream reads these with `??` defaults, so an absent option may be passed as undefined.
  const { client: _client, ...poll } = own
  const closing = new Subject<void>()
  const streams = new Map<string, Observable<unknown>>()
  /** Own reads, newest per conversation: applied to every list state until the server's answer has them. */
  const reads = new BehaviorSubject<ReadonlyMap<string, ConversationMessage>>(new Map())
  const keepAlive$ = new BehaviorSubject<Observable<AgentKeepAliveStatus> | undefined>(undefined)
  let closed = false

  /** One running stream per key, shared and replayed; it leaves the map when its last subscriber does. */
  const shared = <T>(key: string, create: () => Observable<T>): Observable<T> => {
    if (closed) return EMPTY
    const known = streams.get(key)
    if (known) return known as Observable<T>
    const stream: Observable<T> = create().pipe(
      takeUntil(closing),
      finalize(() => {
        if (streams.get(key) === stream) streams.delete(key)
      }),
      share({ connector: () => new ReplaySubject<T>(1) }),
    )
    streams.set(key, stream)
    return stream
  }
  const live = socket ? { ...poll, socket } : poll
  const context: SessionCollectionContext = { client, socket, poll, needSocket }
  const withScheduler = <T extends object>(o: T): T => ({ ...o, scheduler: poll.scheduler })

  const session: AgentSession = {
    client,
    socket,
    outbox: socket?.outbox,
    health$: keepAlive$.pipe(
      // The banner follows whichever keepalive the app runs through the session.
      switchMap((keepAlive) => connectionHealth(socket, { client, keepAlive })),
      takeUntil(closing),
    ),
    get closed() {
      return closed
    },
    realtime: socket !== undefined,
    get agent() {
      return socket?.agent
    },
    socketState$: defer(() => socket?.state$ ?? of(NO_SOCKET)),
    frames$: defer(() => socket?.frames$ ?? EMPTY).pipe(takeUntil(closing)),
    unsent$: defer(() => socket?.outbox.unsent$ ?? of(0)),
    typing: (uuid, typingOptions = {}) =>
      shared(`t:${uuid}:${typingOptions.expiryMs}`, () =>
        typing(needSocket('typing'), uuid, withScheduler(typingOptions)),
      ),
    sendTyping: (uuid, values, typingOptions = {}) =>
      sendTyping(needSocket('typing'), uuid, values, withScheduler(typingOptions)).pipe(takeUntil(closing)),
    validate: (uuid, message, maxBodyLength) =>
      socket
        ? socket.outbox.validate(uuid, message, maxBodyLength)
        : encodeMessageFrame(uuid, message, { maxBodyLength }),
    discard: (clientMessageId) => (socket ? discardMessage(socket, clientMessageId) : false),
    reconnect: () => socket?.reconnect(),
    messages: (uuid, initial) =>
      shared(`m:${uuid}`, () => conversationMessages(client, uuid, { ...live, initial })),
    collection: (definition, ...args) =>
      shared(`x:${definition.name}:${JSON.stringify(args)}`, () => definition.open(context, ...args)),
    conversations: (filters = {}, initial) =>
      shared(`l:${filters.medium}:${filters.limit}`, () =>
        combineLatest([
          conversationList(client, { ...live, medium: filters.medium, limit: filters.limit, initial }),
          reads,
        ]).pipe(map(([state, own]) => withOwnReads(state, own))),
      ),
    queueStatuses: (initial) => shared('q', () => queueStatuses(client, { ...live, initial })),
    keepAlive: (keepAliveOptions = {}) =>
      shared(`k:${JSON.stringify(keepAliveOptions)}`, () => {
        const status$ = agentKeepAlive(client, withScheduler(keepAliveOptions))
        return defer(() => {
          keepAlive$.next(status$)
          return status$
        }).pipe(
          finalize(() => {
            if (keepAlive$.value === status$) keepAlive$.next(undefined)
          }),
        )
      }),
    send: (uuid, message, sendOptions) => sendMessage(needSocket('send'), uuid, message, sendOptions),
    markRead: async (uuid, message, signal) => {
      if (closed) return
      if (socket?.state.status === 'open' && message.conversation_message_uuid !== undefined) {
        signal?.throwIfAborted()
        // The frame waits for the next open if the socket drops first; the caller's abort ends that wait.
        const marked = await firstValueFrom(
          markRead(socket, uuid, of(message)).pipe(
            takeUntil(closing),
            takeUntil(signal ? fromEvent(signal, 'abort') : NEVER),
          ),
          { defaultValue: undefined },
        )
        if (!marked) return signal?.throwIfAborted()
      } else await client.call(markReadConversation, uuid, { signal })
      const before = reads.value.get(uuid)
      if (!closed && !((before?.message_epoch ?? -1) > (message.message_epoch ?? 0)))
        reads.next(new Map(reads.value).set(uuid, message))
    },
    close() {
      if (closed) return
      closed = true
      closing.next()
      closing.complete()
      streams.clear()
      reads.complete()
      keepAlive$.complete()
      // The socket connects only while something listens: with every collection ended it closes, except while
      // the outbox still holds pending sends (closing never loses a message).
    },
  }
  return session
}

const NO_SOCKET: AgentSocketState = { status: 'closed', reason: 'idle' }

/** A list state with the agent's own reads applied (core's `applyOwnRead`); the same state when none applied. */
const withOwnReads = (
  state: ConversationListState,
  reads: ReadonlyMap<string, ConversationMessage>,
): ConversationListState => {
  const before = state.conversations
  const conversations = before.map((c) => {
    const read = reads.get(c.conversation_uuid!)
    return read ? applyOwnRead(c, read) : c
  })
  return conversations.some((c, i) => c !== before[i]) ? { ...state, conversations } : state
}
