import type {
  ConversationClient,
  ConversationWebsocketFrame,
  EventFrameOf,
  EventType,
  MessageFrame,
} from '@uc-conversation/core'
import { BehaviorSubject, filter, Observable, Subject, type Subscription } from 'rxjs'
import { Outbox } from '../internal/outbox'
import type { AgentSocket, AgentSocketState, RejectedFrame } from './agent-socket'
import { Heartbeat } from './heartbeat'
import { agentSocketSettings, type ConnectAgentSocketOptions } from './options'
import { reconnector } from './reconnector'

/**
 * The agent websocket of UltraCart's Conversation API. Each connection fetches a fresh JWT with
 * `getAgentWebsocketAuthorization` (attempts that never opened may reuse theirs: `jwtReuses`); lost sockets are
 * replaced with exponential backoff and jitter (at once, with a new JWT, when the server closes with 4001, the JWT
 * refused); a silent socket is detected by the heartbeat and replaced. Nothing happens until something subscribes
 * to `frames$` (or a stream built on it).
 */
export function connectAgentSocket(
  client: ConversationClient,
  options: ConnectAgentSocketOptions = {},
): AgentSocket {
  const settings = agentSocketSettings(options)
  const { scheduler, lingerMs } = settings
  // Outlives each connection: whether the server answers pings is a fact about the server.
  const heartbeat = new Heartbeat(settings)
  const state = new BehaviorSubject<AgentSocketState>({ status: 'closed', reason: 'idle' })
  const rejected = new Subject<RejectedFrame>()
  let frames = new Subject<ConversationWebsocketFrame>()
  const link = reconnector(client, settings, heartbeat, {
    state: (next) => state.next(next),
    decoded: (decoded) => {
      if (!decoded.ok) rejected.next(decoded)
      else if (decoded.frame.type !== 'ping') frames.next(decoded.frame)
    },
    failed: (error) => {
      state.next({ status: 'closed', reason: 'error', error })
      const failed = frames
      frames = new Subject()
      failed.error(error)
    },
  })

  // Connected from the first subscriber to the end of the linger after the last one: the linger is this
  // object's one timer.
  let refCount = 0
  let lingerTimer: Subscription | undefined
  const stop = () => {
    link.stop()
    if (state.value.status !== 'closed') state.next({ status: 'closed', reason: 'idle' })
  }

  const frames$ = new Observable<ConversationWebsocketFrame>((subscriber) => {
    refCount++
    // Back within the linger: the link still runs (start() does nothing then).
    lingerTimer?.unsubscribe()
    link.start()
    // Subscribed with the subscriber itself: its end ends this subscription too.
    frames.subscribe(subscriber)
    // A permanent failure found while connecting: report it to this subscriber too, without looping.
    const current = state.value
    if (current.status === 'closed' && current.reason === 'error') subscriber.error(current.error)
    return () => {
      if (--refCount > 0) return
      if (lingerMs <= 0) stop()
      else lingerTimer = scheduler.schedule(stop, lingerMs)
    }
  })

  const socket: AgentSocket = {
    state$: state.asObservable(),
    get state() {
      return state.value
    },
    frames$,
    messages$: frames$.pipe(filter((f): f is MessageFrame => f.type === 'message')),
    rejected$: rejected.asObservable(),
    events: <K extends EventType>(type: K, conversationUuid?: string) =>
      frames$.pipe(
        filter(
          (f): f is EventFrameOf<K> =>
            f.type === 'event' &&
            f.event_type === type &&
            (conversationUuid === undefined || f.conversation_uuid === conversationUuid),
        ),
      ),
    conversation: (conversationUuid: string) =>
      frames$.pipe(
        filter(
          (f) => (f.type === 'message' || f.type === 'event') && f.conversation_uuid === conversationUuid,
        ),
      ),
    send: link.send,
    reconnect: link.reconnect,
    get agent() {
      return link.agent
    },
    client,
    get pingReplies() {
      return heartbeat.replies
    },
    get outbox() {
      outbox ??= new Outbox(socket, { client, scheduler, storage: options.outboxStorage })
      return outbox
    },
  }
  let outbox: Outbox | undefined
  if (options.outboxStorage) void socket.outbox
  return socket
}
