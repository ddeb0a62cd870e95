import { ConversationValidationError } from './errors'
import { eventPayloadField } from './event-payload-field'
import {
  type ConversationWebsocketFrame,
  type DecodedFrame,
  EVENT_PARTICIPANT_FIELD,
  EVENT_TYPES,
  type EventType,
  type OutgoingMessage,
} from './frames'
import { DEFAULT_MAX_BODY_LENGTH } from './limits'
import type { ConversationEventAddItem, ConversationEventReadMessage, ConversationSummary } from './types'
import { requireString } from './validate'

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const isOpt = (v: unknown, type: string) => v === undefined || v === null || typeof v === type
const isStringArray = (v: unknown) =>
  v === undefined || v === null || (Array.isArray(v) && v.every((s) => typeof s === 'string'))

/** What a field must be when present: a JSON primitive type, or a list of objects or of strings. */
type FieldRule = 'string' | 'number' | 'boolean' | 'objects' | 'strings'

const isString = (v: unknown) => typeof v === 'string'

/** The first field of `o` that breaks its rule, named with `what`; the fields not listed pass through. */
const fieldsProblem = (o: Json, what: string, rules: Record<string, FieldRule>): string | undefined => {
  // `for…in` over the rule table: no entries array per frame (every message frame passes here).
  for (const field in rules) {
    const rule = rules[field]!
    const v = o[field]
    const item = rule === 'objects' ? isObject : rule === 'strings' ? isString : undefined
    if (!(item ? v == null || (Array.isArray(v) && v.every(item)) : isOpt(v, rule)))
      return `${what}.${field} is not ${item ? `a list of ${rule}` : `a ${rule}`}`
  }
  return undefined
}

/** The fields of a message later layers rely on (identity, order, body, media); the rest passes through. */
const MESSAGE: Record<string, FieldRule> = {
  conversation_message_uuid: 'string',
  client_message_id: 'string',
  body: 'string',
  message_dts: 'string',
  message_epoch: 'number',
  media_urls: 'strings',
  upload_keys: 'strings',
  transport_statuses: 'objects',
}

/** Why the message at `what` is malformed, or `undefined`. */
const messageProblem = (m: unknown, what: string): string | undefined =>
  isObject(m) ? fieldsProblem(m, what, MESSAGE) : `${what} is not an object`

// Identity and order fields the live streams key on: a payload that breaks them is refused, never guessed at.
const SUMMARY: Record<string, FieldRule> = {
  conversation_uuid: 'string',
  last_message_dts: 'string',
  participants: 'objects',
}
const PARTICIPANT: Record<string, FieldRule> = {
  conversation_participant_arn: 'string',
  joined_dts: 'string',
  left_dts: 'string',
}
const QUEUE_ENTRY: Record<string, FieldRule> = {
  conversation_participant_arn: 'string',
  conversation_webchat_queue_uuid: 'string',
  queue_name: 'string',
  join_dts: 'string',
}
/** The events whose payload is a conversation's summary. */
const SUMMARY_EVENTS: readonly EventType[] = [
  'webchat start conversation',
  'conversation closed',
  'new conversation',
  'new message',
  'participant update',
  'participant join',
  'participant left',
]
/** The other events' payload rules (a summary's are {@link SUMMARY}). */
const PAYLOAD_RULES: { readonly [K in EventType]?: Record<string, FieldRule> } = {
  'queue status update': { queue_name: 'string', queue_entries: 'objects', agents: 'objects' },
  'add coupon': { coupon_code: 'string' },
  'add item': { items: 'objects' },
  'webchat context': { url: 'string', cart_id: 'string', ucacid: 'string' },
  'engage customer': QUEUE_ENTRY,
  'queue new member': QUEUE_ENTRY,
}

/** Why an event's payload fields are malformed, or `undefined`: absent payloads are allowed. */
const eventProblem = (f: Json, eventType: EventType): string | undefined => {
  const field = eventPayloadField(eventType)
  const payload = f[field]
  if (payload != null) {
    if (!isObject(payload)) return `${eventType} payload is not an object`
    if (eventType === 'updated message') return messageProblem(payload, field)
    const rules = SUMMARY_EVENTS.includes(eventType) ? SUMMARY : PAYLOAD_RULES[eventType]
    const problem = rules && fieldsProblem(payload, field, rules)
    if (problem) return problem
  }
  if (eventType !== 'participant join' && eventType !== 'participant left') return undefined
  const participantField = EVENT_PARTICIPANT_FIELD[eventType]
  const participant = f[participantField]
  if (participant == null) return undefined
  if (!isObject(participant)) return `${participantField} is not an object`
  return fieldsProblem(participant, participantField, PARTICIPANT)
}

let decoder: TextDecoder | undefined

const toText = (data: unknown): string | undefined => {
  if (typeof data === 'string') return data
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    decoder ??= new TextDecoder()
    return decoder.decode(data as ArrayBuffer)
  }
  return undefined
}

/**
 * Decodes one websocket frame (a string, `ArrayBuffer` or byte view such as a Node `Buffer`).
 * Never throws: malformed input comes back as `{ ok: false, kind: 'invalid' }`, frames of a type or
 * event this version does not know as `{ ok: false, kind: 'unknown' }`.
 */
export function decodeFrame(data: unknown): DecodedFrame {
  let raw: string | undefined
  try {
    raw = toText(data)
  } catch {
    raw = undefined
  }
  const fail = (kind: 'invalid' | 'unknown', reason: string): DecodedFrame => ({
    ok: false,
    kind,
    reason,
    raw,
  })
  if (raw === undefined) return fail('invalid', 'not text')
  let f: unknown
  try {
    f = JSON.parse(raw)
  } catch {
    return fail('invalid', 'not JSON')
  }
  if (!isObject(f)) return fail('invalid', 'not a JSON object')
  if (!isOpt(f.conversation_uuid, 'string')) return fail('invalid', 'conversation_uuid is not a string')
  if (!isOpt(f.conversation_arn, 'string')) return fail('invalid', 'conversation_arn is not a string')
  switch (f.type) {
    case 'ping':
    case 'check queue position':
      break
    case 'message': {
      const problem = messageProblem(f.message, 'message')
      if (problem) return fail('invalid', problem)
      break
    }
    case 'event': {
      const eventType = f.event_type
      if (typeof eventType !== 'string') return fail('invalid', 'event_type is not a string')
      if (!EVENT_TYPES.includes(eventType as EventType))
        return fail('unknown', `unknown event_type ${eventType}`)
      const problem = eventProblem(f, eventType as EventType)
      if (problem) return fail('invalid', problem)
      break
    }
    default:
      return typeof f.type === 'string'
        ? fail('unknown', `unknown type ${f.type}`)
        : fail('invalid', 'type is missing')
  }
  // The parsed object is the frame: no per-field copying.
  return { ok: true, frame: f as never }
}

/** A fresh `client_message_id` (RFC 4122 v4 where `crypto.randomUUID` exists). */
export const newClientMessageId = (): string =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`

/** Options of {@link checkOutgoingMessage} and {@link encodeMessageFrame}. */
export interface OutgoingMessageOptions {
  /**
   * Longest accepted `body` in UTF-16 code units (`string.length`).
   * @default DEFAULT_MAX_BODY_LENGTH
   */
  maxBodyLength?: number | undefined
}

/**
 * Checks a chat message before anything is sent: throws a `ConversationValidationError` naming the field
 * (`client_message_id`, `body`, `media_urls`, `upload_keys`, or `maxBodyLength` for a bad option).
 */
export function checkOutgoingMessage(message: OutgoingMessage, options: OutgoingMessageOptions = {}): void {
  const max = options.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH
  if (!Number.isSafeInteger(max) || max < 1)
    throw new ConversationValidationError('maxBodyLength', 'a positive integer')
  requireString(message?.client_message_id, 'client_message_id')
  if (typeof message.body !== 'string') throw new ConversationValidationError('body', 'a string')
  if (message.body.length > max)
    throw new ConversationValidationError('body', `at most ${max} characters (it has ${message.body.length})`)
  if (!isStringArray(message.media_urls))
    throw new ConversationValidationError('media_urls', 'a list of strings')
  if (!isStringArray(message.upload_keys))
    throw new ConversationValidationError('upload_keys', 'a list of strings')
}

/** The frame an agent sends to post a chat message (**assumption** of the fact sheet); checked first. */
export function encodeMessageFrame(
  conversationUuid: string,
  message: OutgoingMessage,
  options: OutgoingMessageOptions = {},
): string {
  requireString(conversationUuid, 'conversation_uuid')
  checkOutgoingMessage(message, options)
  return JSON.stringify({ type: 'message', conversation_uuid: conversationUuid, message })
}

/** An event frame an agent sends, its payload under the type's field; the caller has checked both. */
const eventFrame = <K extends 'typing' | 'read message' | 'add coupon' | 'add item'>(
  conversationUuid: string,
  eventType: K,
  payload: unknown,
): string =>
  JSON.stringify({
    type: 'event',
    event_type: eventType,
    conversation_uuid: conversationUuid,
    [eventPayloadField(eventType)]: payload,
  })

/** Keeps the socket alive. */
export const encodePingFrame = (): string => '{"type":"ping"}'

/** Tells the other participants what the agent has typed so far (**assumption**: `event_type: 'typing'`). */
export function encodeTypingFrame(conversationUuid: string, value: string): string {
  requireString(conversationUuid, 'conversation_uuid')
  if (typeof value !== 'string') throw new ConversationValidationError('value', 'a string')
  return eventFrame(conversationUuid, 'typing', { value })
}

/** Marks messages up to and including this one as read (**assumption**: a `read message` event). */
export function encodeReadFrame(
  conversationUuid: string,
  read: { [K in keyof ConversationEventReadMessage]?: ConversationEventReadMessage[K] | undefined },
): string {
  requireString(conversationUuid, 'conversation_uuid')
  requireString(read?.conversation_message_uuid, 'conversation_message_uuid')
  return eventFrame(conversationUuid, 'read message', read)
}

/**
 * Puts a coupon on the webchat customer's cart (**assumption**: an agent sends the `add coupon` event the others
 * receive, with only `coupon_code`; the server adds who sent it). Throws a `ConversationValidationError` naming
 * `conversation_uuid` or `coupon_code`.
 */
export function encodeAddCouponFrame(conversationUuid: string, couponCode: string): string {
  requireString(conversationUuid, 'conversation_uuid')
  requireString(couponCode, 'coupon_code')
  return eventFrame(conversationUuid, 'add coupon', { coupon_code: couponCode })
}

/**
 * Puts items (the spec's `CartItem`s, e.g. `{ item_id, quantity }`) in the webchat customer's cart
 * (**assumption**: an agent sends the `add item` event the others receive). Throws a
 * `ConversationValidationError` naming `conversation_uuid` or `items` (a non-empty list of objects).
 */
export function encodeAddItemFrame(
  conversationUuid: string,
  items: NonNullable<ConversationEventAddItem['items']>,
): string {
  requireString(conversationUuid, 'conversation_uuid')
  if (!Array.isArray(items) || items.length === 0 || !items.every(isObject))
    throw new ConversationValidationError('items', 'a non-empty list of cart items')
  return eventFrame(conversationUuid, 'add item', { items })
}

/** Asks for a waiting customer's queue position. */
export function encodeCheckQueuePositionFrame(conversationUuid: string): string {
  requireString(conversationUuid, 'conversation_uuid')
  return JSON.stringify({ type: 'check queue position', conversation_uuid: conversationUuid })
}

/** Options of {@link buildSocketUrl}. */
export interface SocketUrlOptions {
  /**
   * Query parameter that carries the JWT (**assumption** of the fact sheet).
   * @default 'jwt'
   */
  jwtParam?: string | undefined
}

/**
 * The URL to open for `agent_auth.websocket_url` and `agent_auth.jwt`. Only `ws:` and `wss:` are accepted;
 * the result carries the JWT, so never log it.
 */
export function buildSocketUrl(websocketUrl: string, jwt: string, options: SocketUrlOptions = {}): string {
  requireString(jwt, 'jwt')
  let url: URL
  try {
    url = new URL(requireString(websocketUrl, 'websocket_url'))
  } catch (error) {
    if (error instanceof ConversationValidationError) throw error
    throw new ConversationValidationError('websocket_url', 'an absolute URL')
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    throw new ConversationValidationError('websocket_url', 'a ws: or wss: URL')
  url.searchParams.set(options.jwtParam ?? 'jwt', jwt)
  return url.href
}

/**
 * When a websocket JWT expires (its `exp` claim, as epoch milliseconds), or `undefined` when the token is not
 * a JWT with a numeric `exp`. Reads the claim only: it checks no signature and never throws.
 */
export function jwtExpiresAt(jwt: string): number | undefined {
  const payload = typeof jwt === 'string' ? jwt.split('.')[1] : undefined
  if (!payload || !/^[A-Za-z0-9_-]+$/.test(payload)) return undefined
  try {
    const exp = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')))?.exp
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined
  } catch {
    return undefined
  }
}

/**
 * The conversation summary an event carries (new conversation, webchat start, new message, closed,
 * participant update, participant join and left), or `undefined` for frames that carry none: what a
 * conversation list applies.
 */
export function conversationSummaryOf(frame: ConversationWebsocketFrame): ConversationSummary | undefined {
  return frame.type === 'event' && SUMMARY_EVENTS.includes(frame.event_type)
    ? ((frame as Json)[eventPayloadField(frame.event_type)] as ConversationSummary | undefined)
    : undefined
}
