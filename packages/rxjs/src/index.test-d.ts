import type {
  ConversationClient,
  ConversationMessage,
  ConversationSummary,
  ConversationWebchatQueueStatus,
  EventFrameOf,
  MessageList,
} from '@uc-conversation/core'
import type { Observable } from 'rxjs'
import { describe, expectTypeOf, it } from 'vitest'
import WebSocket from 'ws'
import {
  type AgentKeepAliveStatus,
  type AgentSocket,
  type AgentSocketState,
  agentKeepAlive,
  type ConnectionHealth,
  connectAgentSocket,
  connectionHealth,
  conversationList,
  conversationMessages,
  DEFAULT_BACKOFF,
  DEFAULT_KEEP_ALIVE,
  type DeliveryStatus,
  deliveryStatus,
  type Freshness,
  type LiveSource,
  queueStatuses,
  reduceConversationList,
  type SendMessageState,
  sendMessage,
  sendTyping,
  type Typist,
  typing,
  type UploadState,
  uploadAttachment,
  type WebSocketCtorLike,
} from './index'

declare const client: ConversationClient
declare const socket: AgentSocket

describe('public types', () => {
  it('accepts the WebSocket of ws and of the DOM', () => {
    expectTypeOf(WebSocket).toExtend<WebSocketCtorLike>()
    expectTypeOf(globalThis.WebSocket).toExtend<WebSocketCtorLike>()
    connectAgentSocket(client, { WebSocketCtor: WebSocket })
    // @ts-expect-error not a WebSocket constructor
    connectAgentSocket(client, { WebSocketCtor: Map })
  })

  it('types the socket', () => {
    expectTypeOf(socket.state$).toEqualTypeOf<Observable<AgentSocketState>>()
    expectTypeOf(socket.events('typing')).toEqualTypeOf<Observable<EventFrameOf<'typing'>>>()
    expectTypeOf(socket.events('queue status update', 'c')).toEqualTypeOf<
      Observable<EventFrameOf<'queue status update'>>
    >()
    // @ts-expect-error unknown event type
    socket.events('nope')
    const state = socket.state
    if (state.status === 'reconnecting') expectTypeOf(state.retryAt).toBeNumber()
    if (state.status === 'closed') expectTypeOf(state.reason).toEqualTypeOf<'idle' | 'error'>()
    expectTypeOf(socket.send).returns.toBeBoolean()
  })

  it('types the streams', () => {
    expectTypeOf(agentKeepAlive(client)).toEqualTypeOf<Observable<AgentKeepAliveStatus>>()
    const messages = conversationMessages(client, 'c', { socket })
    messages.subscribe((s) => {
      expectTypeOf(s.list).toEqualTypeOf<MessageList>()
      expectTypeOf(s.added).toEqualTypeOf<readonly ConversationMessage[]>()
      expectTypeOf(s.source).toEqualTypeOf<LiveSource>()
      expectTypeOf(s.freshness).toEqualTypeOf<Freshness>()
      expectTypeOf(deliveryStatus(s.list.last!, s.failed)).toEqualTypeOf<DeliveryStatus>()
    })
    queueStatuses(client).subscribe((s) =>
      expectTypeOf(s.statuses).toEqualTypeOf<readonly ConversationWebchatQueueStatus[]>(),
    )
    conversationList(client, { medium: 'sms' }).subscribe((s) =>
      expectTypeOf(s.conversations).toEqualTypeOf<readonly ConversationSummary[]>(),
    )
    // @ts-expect-error not a medium
    conversationList(client, { medium: 'email' })
    expectTypeOf(sendMessage(socket, 'c', { body: 'hi' })).toEqualTypeOf<Observable<SendMessageState>>()
    // @ts-expect-error body is required
    sendMessage(socket, 'c', { upload_keys: ['k'] })
    expectTypeOf(typing(socket, 'c')).toEqualTypeOf<Observable<readonly Typist[]>>()
    expectTypeOf(sendTyping).parameter(2).toEqualTypeOf<Observable<string>>()
    expectTypeOf(connectionHealth(socket)).toEqualTypeOf<Observable<ConnectionHealth>>()
    expectTypeOf(uploadAttachment(client, new Blob())).toEqualTypeOf<Observable<UploadState>>()
    expectTypeOf(reduceConversationList).returns.toEqualTypeOf<readonly ConversationSummary[]>()
  })

  it('exports defaults as read-only objects, one per feature', () => {
    expectTypeOf(DEFAULT_KEEP_ALIVE.intervalMs).toBeNumber()
    expectTypeOf(DEFAULT_KEEP_ALIVE).toEqualTypeOf<Readonly<{ intervalMs: number; catchUpAfterMs: number }>>()
    expectTypeOf(DEFAULT_BACKOFF.maxDelayMs).toBeNumber()
  })
})
