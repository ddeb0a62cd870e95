import { eventPayloadField } from './event-payload-field'
import type {
  ConversationEventAddCoupon,
  ConversationEventAddItem,
  ConversationEventQueuePosition,
  ConversationEventReadMessage,
  ConversationEventRRWeb,
  ConversationEventTyping,
  ConversationEventWebchatContext,
  ConversationMessage,
  ConversationParticipant,
  ConversationSummary,
  ConversationWebchatQueueStatus,
  ConversationWebchatQueueStatusQueueEntry,
} from './types'

/** Frame types of the push channel (`ConversationWebsocketMessage.type`). */
export type FrameType = 'message' | 'event' | 'ping' | 'check queue position'

/**
 * Each `event_type` of today's API with the payload fields it carries. Join and left carry two: the
 * conversation's summary and the participant who joined or left.
 */
export interface EventPayloads {
  'queue position': { event_queue_position?: ConversationEventQueuePosition }
  'webchat start conversation': { event_new_conversation?: ConversationSummary }
  'conversation closed': { event_conversation_closed?: ConversationSummary }
  'new conversation': { event_new_conversation?: ConversationSummary }
  'new message': { event_new_message?: ConversationSummary }
  'updated message': { event_updated_message?: ConversationMessage }
  'queue status update': { event_queue_status_update?: ConversationWebchatQueueStatus }
  rrweb: { event_rrweb?: ConversationEventRRWeb }
  'participant update': { event_participant_update?: ConversationSummary }
  'read message': { event_read_message?: ConversationEventReadMessage }
  'participant join': {
    event_participant_join?: ConversationSummary
    event_participant_join_participant?: ConversationParticipant
  }
  'participant left': {
    event_participant_left?: ConversationSummary
    event_participant_left_participant?: ConversationParticipant
  }
  typing: { event_typing?: ConversationEventTyping }
  'add coupon': { event_add_coupon?: ConversationEventAddCoupon }
  'add item': { event_add_item?: ConversationEventAddItem }
  'webchat context': { event_webchat_context?: ConversationEventWebchatContext }
  /** A waiting customer an agent engaged (takes them out of the queue's waiting entries). */
  'engage customer': { event_engage_customer?: ConversationWebchatQueueStatusQueueEntry }
  /** A customer who started waiting in a queue. */
  'queue new member': { event_queue_new_member?: ConversationWebchatQueueStatusQueueEntry }
}

export type EventType = keyof EventPayloads

/** Every event type this codec knows (the 18 of the spec's `event_type` enum), in the spec's order. */
export const EVENT_TYPES: readonly EventType[] = [
  'queue position',
  'webchat start conversation',
  'conversation closed',
  'new conversation',
  'new message',
  'updated message',
  'queue status update',
  'rrweb',
  'participant update',
  'participant join',
  'participant left',
  'read message',
  'typing',
  'add coupon',
  'add item',
  'webchat context',
  'engage customer',
  'queue new member',
]

/**
 * The main payload field of each event type (for join and left: the conversation's summary): `event_` and the type in
 * snake case, except `webchat start conversation`, which carries `event_new_conversation`.
 */
export const EVENT_PAYLOAD_FIELD: { readonly [K in EventType]: keyof EventPayloads[K] } =
  /* @__PURE__ */ Object.fromEntries(
    /* @__PURE__ */ EVENT_TYPES.map((type) => [type, eventPayloadField(type)]),
  ) as never

/** The participant field of the two events that carry one besides their summary. */
export const EVENT_PARTICIPANT_FIELD = {
  'participant join': 'event_participant_join_participant',
  'participant left': 'event_participant_left_participant',
} as const satisfies { readonly [K in 'participant join' | 'participant left']: keyof EventPayloads[K] }

/** A chat message in either direction. */
export interface MessageFrame {
  type: 'message'
  conversation_uuid?: string
  conversation_arn?: string
  message: ConversationMessage
}

/** One event; `event_type` narrows the payload field. */
export type EventFrame = {
  [K in EventType]: {
    type: 'event'
    event_type: K
    conversation_uuid?: string
    conversation_arn?: string
  } & EventPayloads[K]
}[EventType]

/** Narrow an event frame by its `event_type`. */
export type EventFrameOf<K extends EventType> = Extract<EventFrame, { event_type: K }>

export interface PingFrame {
  type: 'ping'
}

export interface CheckQueuePositionFrame {
  type: 'check queue position'
  conversation_uuid?: string
  conversation_arn?: string
}

/** A decoded, well-formed `ConversationWebsocketMessage`. */
export type ConversationWebsocketFrame = MessageFrame | EventFrame | PingFrame | CheckQueuePositionFrame

/** Outcome of {@link decodeFrame}: never an exception. */
export type DecodedFrame =
  | { ok: true; frame: ConversationWebsocketFrame }
  | {
      ok: false
      /**
       * `invalid`: not JSON, not an object, or a known type with a malformed payload.
       * `unknown`: well-formed JSON object of a type or event this codec does not know (forward compatible).
       */
      kind: 'invalid' | 'unknown'
      reason: string
      /** The raw text (or `undefined` for non-text data). */
      raw: string | undefined
    }

/** What an agent sends in a chat message frame (**assumption**, see the fact sheet). */
export interface OutgoingMessage {
  body: string
  client_message_id: string
  media_urls?: string[] | undefined
  upload_keys?: string[] | undefined
}
