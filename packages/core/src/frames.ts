import type { ConversationMessage, ConversationSummary, ConversationWebchatQueueStatus } from './types'

/** Frame types of the push channel (`ConversationWebsocketMessage.type`). */
export type FrameType = 'message' | 'event' | 'ping' | 'check queue position'

export interface ConversationEventQueuePosition {
  available?: boolean
  /** -1 when not found. */
  position?: number
}

export interface ConversationEventReadMessage {
  conversation_message_uuid?: string
  message_dts?: string
  message_epoch?: number
}

export interface ConversationEventTyping {
  author_conversation_participant_arn?: string
  author_conversation_participant_name?: string
  /** The text typed so far. */
  value?: string
}

export interface ConversationEventRRWeb {
  type?: 'init' | 'events'
  data?: string
  data_part?: number
  data_total_parts?: number
  data_sha256?: string
  data_total_sha256?: string
  event_index?: number
}

/**
 * Each published `event_type` with the payload field it carries.
 * `typing` is not in the published enum although `event_typing` is a published payload: **assumption**,
 * typing travels as `event_type: 'typing'`.
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
  typing: { event_typing?: ConversationEventTyping }
}

export type EventType = keyof EventPayloads

/** Every event type this codec knows, in the order of the fact sheet. */
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
  'read message',
  'typing',
]

/** The payload field of each event type. */
export const EVENT_PAYLOAD_FIELD: { readonly [K in EventType]: keyof EventPayloads[K] } = {
  'queue position': 'event_queue_position',
  'webchat start conversation': 'event_new_conversation',
  'conversation closed': 'event_conversation_closed',
  'new conversation': 'event_new_conversation',
  'new message': 'event_new_message',
  'updated message': 'event_updated_message',
  'queue status update': 'event_queue_status_update',
  rrweb: 'event_rrweb',
  'participant update': 'event_participant_update',
  'read message': 'event_read_message',
  typing: 'event_typing',
}

/** A chat message in either direction. */
export interface MessageFrame {
  type: 'message'
  conversation_uuid?: string
  message: ConversationMessage
}

/** One event; `event_type` narrows the payload field. */
export type EventFrame = {
  [K in EventType]: { type: 'event'; event_type: K; conversation_uuid?: string } & EventPayloads[K]
}[EventType]

/** Narrow an event frame by its `event_type`. */
export type EventFrameOf<K extends EventType> = Extract<EventFrame, { event_type: K }>

export interface PingFrame {
  type: 'ping'
}

export interface CheckQueuePositionFrame {
  type: 'check queue position'
  conversation_uuid?: string
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
  media_urls?: string[]
  upload_keys?: string[]
}
