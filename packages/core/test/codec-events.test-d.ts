import { describe, expectTypeOf, it } from 'vitest'
import type {
  ConversationEventAddCoupon,
  ConversationEventAddItem,
  ConversationEventWebchatContext,
  ConversationParticipant,
  ConversationSummary,
  ConversationWebchatQueueStatusQueueEntry,
  ConversationWebsocketFrame,
  EventFrameOf,
  EventType,
} from '../src'

describe('event frames users can switch on', () => {
  it('each new event type narrows to its typed payload', () => {
    expectTypeOf<EventFrameOf<'participant join'>['event_participant_join']>().toEqualTypeOf<
      ConversationSummary | undefined
    >()
    expectTypeOf<EventFrameOf<'participant join'>['event_participant_join_participant']>().toEqualTypeOf<
      ConversationParticipant | undefined
    >()
    expectTypeOf<EventFrameOf<'participant left'>['event_participant_left_participant']>().toEqualTypeOf<
      ConversationParticipant | undefined
    >()
    expectTypeOf<EventFrameOf<'add coupon'>['event_add_coupon']>().toEqualTypeOf<
      ConversationEventAddCoupon | undefined
    >()
    expectTypeOf<EventFrameOf<'add item'>['event_add_item']>().toEqualTypeOf<
      ConversationEventAddItem | undefined
    >()
    expectTypeOf<EventFrameOf<'webchat context'>['event_webchat_context']>().toEqualTypeOf<
      ConversationEventWebchatContext | undefined
    >()
    expectTypeOf<EventFrameOf<'engage customer'>['event_engage_customer']>().toEqualTypeOf<
      ConversationWebchatQueueStatusQueueEntry | undefined
    >()
    expectTypeOf<EventFrameOf<'queue new member'>['event_queue_new_member']>().toEqualTypeOf<
      ConversationWebchatQueueStatusQueueEntry | undefined
    >()
  })

  it('a switch over event_type covers the 18 types exhaustively', () => {
    const label = (frame: ConversationWebsocketFrame): string => {
      if (frame.type !== 'event') return frame.type
      switch (frame.event_type) {
        case 'queue position':
        case 'webchat start conversation':
        case 'conversation closed':
        case 'new conversation':
        case 'new message':
        case 'updated message':
        case 'queue status update':
        case 'rrweb':
        case 'participant update':
        case 'read message':
        case 'typing':
          return frame.event_type
        case 'participant join':
          return frame.event_participant_join_participant?.conversation_participant_arn ?? ''
        case 'participant left':
          return frame.event_participant_left_participant?.left_dts ?? ''
        case 'add coupon':
          return frame.event_add_coupon?.coupon_code ?? ''
        case 'add item':
          return String(frame.event_add_item?.items?.length)
        case 'webchat context':
          return frame.event_webchat_context?.url ?? ''
        case 'engage customer':
          return frame.event_engage_customer?.conversation_webchat_queue_uuid ?? ''
        case 'queue new member':
          return frame.event_queue_new_member?.conversation_participant_arn ?? ''
        default: {
          const none: never = frame
          return none
        }
      }
    }
    expectTypeOf(label).returns.toBeString()
    expectTypeOf<EventType>().toEqualTypeOf<
      | 'queue position'
      | 'webchat start conversation'
      | 'conversation closed'
      | 'new conversation'
      | 'new message'
      | 'updated message'
      | 'queue status update'
      | 'rrweb'
      | 'participant update'
      | 'participant join'
      | 'participant left'
      | 'read message'
      | 'typing'
      | 'add coupon'
      | 'add item'
      | 'webchat context'
      | 'engage customer'
      | 'queue new member'
    >()
  })
})
