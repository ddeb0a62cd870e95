import { describe, expectTypeOf, it } from 'vitest'
import {
  type ConversationAgentAuthResponse,
  type ConversationClient,
  type ConversationMessage,
  type ConversationResponse,
  type ConversationStartResponse,
  type ConversationSummary,
  type ConversationsResponse,
  type ConversationWebsocketFrame,
  createConversationClient,
  type DecodedFrame,
  decodeFrame,
  type EventFrameOf,
  type MessageList,
  mergeMessages,
  paginateConversations,
} from '../src'

describe('public types', () => {
  const client = createConversationClient({ simpleKey: 'k' })

  it('operations are typed from the fact sheet', () => {
    expectTypeOf(client).toEqualTypeOf<ConversationClient>()
    expectTypeOf(client.getConversation('c')).resolves.toEqualTypeOf<ConversationResponse>()
    expectTypeOf(client.getConversations()).resolves.toEqualTypeOf<ConversationsResponse>()
    expectTypeOf(
      client.getAgentWebsocketAuthorization(),
    ).resolves.toEqualTypeOf<ConversationAgentAuthResponse>()
    expectTypeOf(client.startConversation({})).resolves.toEqualTypeOf<ConversationStartResponse>()
    expectTypeOf(client.joinConversation('c')).resolves.toBeVoid()
    expectTypeOf(client.getAgentKeepAlive()).resolves.toBeVoid()
    expectTypeOf<ConversationSummary>().not.toHaveProperty('messages')
  })

  it('rejects wrong input at compile time', () => {
    // @ts-expect-error unknown medium
    client.getConversations({ medium: 'email' })
    // @ts-expect-error agent_status outside the enum
    client.updateConversationWebchatQueueStatus('q', { agent_status: 'away' })
    // @ts-expect-error since is required
    client.getConversationMessages('c')
    // @ts-expect-error credentials are not readable from the client
    client.simpleKey
  })

  it('frames are discriminated unions on type and event_type', () => {
    const decoded = decodeFrame('')
    expectTypeOf(decoded).toEqualTypeOf<DecodedFrame>()
    if (decoded.ok) {
      expectTypeOf(decoded.frame).toEqualTypeOf<ConversationWebsocketFrame>()
      const frame = decoded.frame
      if (frame.type === 'event' && frame.event_type === 'updated message')
        expectTypeOf(frame.event_updated_message).toEqualTypeOf<ConversationMessage | undefined>()
      if (frame.type === 'message') expectTypeOf(frame.message).toEqualTypeOf<ConversationMessage>()
    }
    expectTypeOf<NonNullable<EventFrameOf<'typing'>['event_typing']>>().toHaveProperty('value')
  })

  it('merge and pagination results', () => {
    expectTypeOf(mergeMessages({} as MessageList, []).list).toEqualTypeOf<MessageList>()
    const pages = paginateConversations(client, { maxPages: 1 })
    expectTypeOf(pages).toMatchTypeOf<AsyncIterable<ConversationsResponse>>()
    expectTypeOf(pages.items()).toEqualTypeOf<AsyncIterable<ConversationSummary>>()
  })
})
