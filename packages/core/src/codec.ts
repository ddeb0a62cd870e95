import { eventParticipantField, eventPayloadField } from './event-payload-field'
import type { ConversationWebsocketFrame, DecodedFrame, EventType, OutgoingMessage } from './frames'
import { DEFAULT_MAX_BODY_LENGTH } from './limits'
import type { ConversationEventAddItem, ConversationEventReadMessage, ConversationSummary } from './types'
import { must, requireString } from './validate'

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown) => typeof v === 'string'
const isStringArray = (v: unknown) => v == null || (Array.isArray(v) && v.every(isString))

/** What a field must be when present: a JSON primitive type, or a list of objects or of strings. */
type FieldRule = 'string' | 'number' | 'boolean' | 'objects' | 'strings'
type Rules = Record<string, FieldRule>

/** The first field of `o` that breaks its rule, named after `prefix`; the fields not listed pass through. */
const fieldsProblem = (o: Json, prefix: string, rules: Rules): string | undefined => {
  // `for…in` over the rule table: no entries array per frame (every message frame passes here).
  for (const field in rules) {
    const rule = rules[field]!
    const v = o[field]
    const item = rule === 'objects' ? isObject : rule === 'strings' ? isString : undefined
    if (!(v == null || (item ? Array.isArray(v) && v.every(item) : typeof v === rule)))
      return `${prefix}${field} is not ${item ? 'a list of' : 'a'} ${rule}`
  }
  return undefined
}

/**
 * Why the object at `field` (called `name` when it is not one) breaks `rules`, or `undefined`: an absent one
 * passes (pass `?? 0` to require it).
 */
const objectProblem = (v: unknown, field: string, rules: Rules, name = field): string | undefined =>
  v == null ? undefined : isObject(v) ? fieldsProblem(v, `${field}.`, rules) : `${name} is not an object`

/** The fields of a message later layers rely on (identity, order, body, media); the rest passes through. */
const MESSAGE: Rules = {
  conversation_message_uuid: 'string',
  client_message_id: 'string',
  body: 'string',
  message_dts: 'string',
  message_epoch: 'number',
  media_urls: 'strings',
  upload_keys: 'strings',
  transport_statuses: 'objects',
}

// Identity and order fields the live streams key on: a payload that breaks them is refused, never guessed at.
const SUMMARY: Rules = {
  conversation_uuid: 'string',
  last_message_dts: 'string',
  participants: 'objects',
}
const PARTICIPANT: Rules = {
  conversation_participant_arn: 'string',
  joined_dts: 'string',
  left_dts: 'string',
}
const QUEUE_ENTRY: Rules = {
  conversation_participant_arn: 'string',
  conversation_webchat_queue_uuid: 'string',
  queue_name: 'string',
  join_dts: 'string',
}

/**
 * The events whose payload is a conversation's summary. A list of their own (not a mark in {@link PAYLOAD_RULES}):
 * {@link conversationSummaryOf} is bundled without the codec's rules.
 */
const SUMMARY_EVENTS = [
  'webchat start conversation',
  'conversation closed',
  'new conversation',
  'new message',
  'participant update',
  'participant join',
  'participant left',
] as const satisfies readonly EventType[]

const isSummaryEvent = (type: string): boolean => (SUMMARY_EVENTS as readonly string[]).includes(type)

/**
 * Every other event type this codec knows, with the rules of its payload's fields (the type lists each event
 * exactly once, here or in {@link SUMMARY_EVENTS}).
 */
const PAYLOAD_RULES: { readonly [K in Exclude<EventType, (typeof SUMMARY_EVENTS)[number]>]: Rules } = {
  'queue position': {},
  'updated message': MESSAGE,
  'queue status update': { queue_name: 'string', queue_entries: 'objects', agents: 'objects' },
  rrweb: {},
  'read message': {},
  typing: {},
  'add coupon': { coupon_code: 'string' },
  'add item': { items: 'objects' },
  'webchat context': { url: 'string', cart_id: 'string', ucacid: 'string' },
  'engage customer': QUEUE_ENTRY,
  'queue new member': QUEUE_ENTRY,
}

/** The fields every frame may carry. */
const FRAME: Rules = { conversation_uuid: 'string', conversation_arn: 'string' }

/** Why a frame is refused, or `undefined`; the reasons of the forward-compatible refusals start with `unknown`. */
const frameProblem = (f: unknown): string | undefined => {
  if (!isObject(f)) return 'not a JSON object'
  const { type, event_type: t } = f
  const problem = fieldsProblem(f, '', FRAME)
  if (problem) return problem
  if (type === 'message') return objectProblem(f.message ?? 0, 'message', MESSAGE)
  if (type === 'ping' || type === 'check queue position') return undefined
  if (type !== 'event') return typeof type === 'string' ? `unknown type ${type}` : 'type is missing'
  if (typeof t !== 'string') return 'event_type is not a string'
  const rules = isSummaryEvent(t)
    ? SUMMARY
    : Object.hasOwn(PAYLOAD_RULES, t)
      ? PAYLOAD_RULES[t as keyof typeof PAYLOAD_RULES]
      : undefined
  if (!rules) return `unknown event_type ${t}`
  const field = eventPayloadField(t as EventType)
  // Join and left also carry the participant: absent payloads are allowed.
  const participant = eventParticipantField(t)
  return (
    objectProblem(f[field], field, rules, `${t} payload`) ??
    (participant && objectProblem(f[participant], participant, PARTICIPANT))
  )
}

let decoder: TextDecoder | undefined

/**
 * Decodes one websocket frame (a string, `ArrayBuffer` or byte view such as a Node `Buffer`).
 * Never throws: malformed input comes back as `{ ok: false, kind: 'invalid' }`, frames of a type or
 * event this version does not know as `{ ok: false, kind: 'unknown' }`.
 */
export function decodeFrame(data: unknown): DecodedFrame {
  let raw: string | undefined
  let f: unknown
  let reason: string | undefined
  try {
    if (typeof data === 'string') raw = data
    else {
      decoder ??= new TextDecoder()
      // `decode` throws on what is not bytes (an ArrayBuffer or a view): not text. It would read `undefined` as
      // no bytes, so that is passed on as 0.
      raw = decoder.decode((data ?? 0) as never)
    }
    f = JSON.parse(raw)
  } catch {
    // Either step threw: which one, the text tells.
    reason = raw === undefined ? 'not text' : 'not JSON'
  }
  reason ??= frameProblem(f)
  // The parsed object is the frame: no per-field copying.
  return reason
    ? { ok: false, kind: reason.startsWith('unknown') ? 'unknown' : 'invalid', reason, raw }
    : { ok: true, frame: f as never }
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
  must(Number.isSafeInteger(max) && max > 0, 'maxBodyLength', 'a positive integer')
  requireString(message?.client_message_id, 'client_message_id')
  const { body } = message
  must(typeof body === 'string', 'body', 'a string')
  // The rule's text is built only for an error.
  if (body.length > max) must(0, 'body', `at most ${max} characters (it has ${body.length})`)
  must(isStringArray(message.media_urls), 'media_urls', 'a list of strings')
  must(isStringArray(message.upload_keys), 'upload_keys', 'a list of strings')
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
  must(typeof value === 'string', 'value', 'a string')
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
  must(
    Array.isArray(items) && items.length && items.every(isObject),
    'items',
    'a non-empty list of cart items',
  )
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
   * Query parameter that carries the JWT (**assumption** of the fact sheet); a non-empty name.
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
  let url: URL | undefined
  try {
    url = new URL(websocketUrl)
  } catch {} // not a string, not absolute: refused below
  must(/^wss?:$/.test(url?.protocol as string), 'websocket_url', 'an absolute ws: or wss: URL')
  url!.searchParams.set(requireString(options.jwtParam ?? 'jwt', 'jwtParam'), jwt)
  return url!.href
}

/**
 * When a websocket JWT expires (its `exp` claim, as epoch milliseconds), or `undefined` when the token is not
 * a JWT with a numeric `exp`. Reads the claim only: it checks no signature and never throws.
 */
export function jwtExpiresAt(jwt: string): number | undefined {
  try {
    // Not a string, no payload, not base64 or not JSON: it throws, and the answer is `undefined`.
    const exp = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')))?.exp
    return Number.isFinite(exp) ? exp * 1000 : undefined
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
  return frame.type === 'event' && isSummaryEvent(frame.event_type)
    ? ((frame as Json)[eventPayloadField(frame.event_type)] as ConversationSummary | undefined)
    : undefined
}
