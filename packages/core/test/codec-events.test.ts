import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ConversationMessage,
  type ConversationSummary,
  ConversationValidationError,
  conversationSummaryOf,
  createMessageList,
  decodeFrame,
  EVENT_PARTICIPANT_FIELD,
  EVENT_PAYLOAD_FIELD,
  EVENT_TYPES,
  encodeAddCouponFrame,
  encodeAddItemFrame,
  mergeConversationSummary,
  mergeMessages,
} from '../src'
import { eventParticipantField } from '../src/event-payload-field'

const spec = JSON.parse(
  readFileSync(new URL('../../../spec/conversation.openapi.json', import.meta.url), 'utf8'),
) as { components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> } }
const websocketMessage = spec.components.schemas.ConversationWebsocketMessage!.properties

const ok = (value: object) => {
  const decoded = decodeFrame(JSON.stringify(value))
  if (!decoded.ok) throw new Error(`refused: ${decoded.reason}`)
  return decoded.frame
}

describe('decodeFrame: every event of today’s API', () => {
  it('knows the 18 event types of the spec, each with a payload field the spec declares', () => {
    expect([...EVENT_TYPES].sort()).toEqual([...websocketMessage.event_type!.enum!].sort())
    for (const type of EVENT_TYPES) expect(Object.keys(websocketMessage)).toContain(EVENT_PAYLOAD_FIELD[type])
  })

  it('names the participant field of join and left, and of no other event', () => {
    for (const type of EVENT_TYPES)
      expect(eventParticipantField(type), type).toBe(
        (EVENT_PARTICIPANT_FIELD as Record<string, string | undefined>)[type],
      )
    expect(Object.keys(EVENT_PARTICIPANT_FIELD)).toEqual(['participant join', 'participant left'])
    expect(eventParticipantField('participant joins')).toBeUndefined()
  })

  it('decodes a participant join and left with their summary and participant', () => {
    const participant = {
      conversation_participant_arn: 'arn:agent',
      conversation_participant_name: 'Ann',
      email: 'ann@example.test',
      timezone: 'Europe/Paris',
      joined_dts: '2026-01-01T12:00:00.000Z',
    }
    const frame = ok({
      type: 'event',
      event_type: 'participant join',
      conversation_uuid: 'c',
      conversation_arn: 'arn:c',
      event_participant_join: { conversation_uuid: 'c', participants: [participant] },
      event_participant_join_participant: participant,
    })
    if (frame.type !== 'event' || frame.event_type !== 'participant join') throw new Error('narrowing')
    expect(frame.event_participant_join_participant).toEqual(participant)
    expect(frame.conversation_arn).toBe('arn:c')
    expect(conversationSummaryOf(frame)).toEqual({ conversation_uuid: 'c', participants: [participant] })
    const gone = ok({
      type: 'event',
      event_type: 'participant left',
      conversation_uuid: 'c',
      event_participant_left: { conversation_uuid: 'c' },
      event_participant_left_participant: { ...participant, left_dts: '2026-01-01T12:05:00.000Z' },
    })
    if (gone.type !== 'event' || gone.event_type !== 'participant left') throw new Error('narrowing')
    expect(gone.event_participant_left_participant?.left_dts).toBe('2026-01-01T12:05:00.000Z')
    expect(conversationSummaryOf(gone)).toEqual({ conversation_uuid: 'c' })
  })

  it('decodes coupons, items, the webchat context, engaged customers and new queue members', () => {
    const coupon = ok({
      type: 'event',
      event_type: 'add coupon',
      conversation_uuid: 'c',
      event_add_coupon: { agent_arn: 'arn:agent', agent_name: 'Ann', coupon_code: 'TENOFF' },
    })
    const item = ok({
      type: 'event',
      event_type: 'add item',
      conversation_uuid: 'c',
      event_add_item: { agent_arn: 'arn:agent', items: [{ item_id: 'SKU-1', quantity: 2 }] },
    })
    const context = ok({
      type: 'event',
      event_type: 'webchat context',
      conversation_uuid: 'c',
      event_webchat_context: { url: 'https://shop.test/cart', cart_id: 'cart-1', ucacid: 'u-1' },
    })
    const entry = {
      conversation_participant_arn: 'arn:customer',
      conversation_webchat_queue_uuid: 'q-entry-1',
      queue_name: 'sales',
      participant_language_iso_code: 'de',
      join_dts: '2026-01-01T12:00:00.000Z',
    }
    const engaged = ok({ type: 'event', event_type: 'engage customer', event_engage_customer: entry })
    const member = ok({ type: 'event', event_type: 'queue new member', event_queue_new_member: entry })
    // One switch over event_type reaches every payload, typed.
    const describe = (f: typeof coupon): string => {
      if (f.type !== 'event') return f.type
      switch (f.event_type) {
        case 'add coupon':
          return `coupon ${f.event_add_coupon?.coupon_code}`
        case 'add item':
          return `items ${f.event_add_item?.items?.length}`
        case 'webchat context':
          return `page ${f.event_webchat_context?.url}`
        case 'engage customer':
          return `engaged ${f.event_engage_customer?.conversation_webchat_queue_uuid}`
        case 'queue new member':
          return `waiting ${f.event_queue_new_member?.queue_name}`
        default:
          return f.event_type
      }
    }
    expect([coupon, item, context, engaged, member].map(describe)).toEqual([
      'coupon TENOFF',
      'items 1',
      'page https://shop.test/cart',
      'engaged q-entry-1',
      'waiting sales',
    ])
    expect(member).toMatchObject({ event_queue_new_member: entry })
  })

  const invalid: Array<[string, object, string]> = [
    [
      'a numeric conversation_arn',
      { event_type: 'typing', conversation_arn: 7 },
      'conversation_arn is not a string',
    ],
    [
      'a join whose participant is not an object',
      { event_type: 'participant join', event_participant_join_participant: 'ann' },
      'event_participant_join_participant is not an object',
    ],
    [
      'a left whose participant has a numeric ARN',
      {
        event_type: 'participant left',
        event_participant_left_participant: { conversation_participant_arn: 1 },
      },
      'event_participant_left_participant.conversation_participant_arn is not a string',
    ],
    [
      'a join summary whose participants are not a list',
      { event_type: 'participant join', event_participant_join: { participants: {} } },
      'event_participant_join.participants is not a list of objects',
    ],
    [
      'a new message summary with a numeric conversation_uuid',
      { event_type: 'new message', event_new_message: { conversation_uuid: 5 } },
      'event_new_message.conversation_uuid is not a string',
    ],
    [
      'items that are not objects',
      { event_type: 'add item', event_add_item: { items: ['SKU-1'] } },
      'event_add_item.items is not a list of objects',
    ],
    [
      'a numeric coupon code',
      { event_type: 'add coupon', event_add_coupon: { coupon_code: 10 } },
      'event_add_coupon.coupon_code is not a string',
    ],
    [
      'a webchat context payload that is a string',
      { event_type: 'webchat context', event_webchat_context: 'https://shop.test' },
      'webchat context payload is not an object',
    ],
    [
      'a queue member without a string queue name',
      { event_type: 'queue new member', event_queue_new_member: { queue_name: ['sales'] } },
      'event_queue_new_member.queue_name is not a string',
    ],
    [
      'queue entries that are not objects',
      { event_type: 'queue status update', event_queue_status_update: { queue_entries: [1] } },
      'event_queue_status_update.queue_entries is not a list of objects',
    ],
  ]
  for (const [name, frame, reason] of invalid)
    it(`invalid: ${name}`, () => {
      expect(decodeFrame(JSON.stringify({ type: 'event', conversation_uuid: 'c', ...frame }))).toMatchObject({
        ok: false,
        kind: 'invalid',
        reason,
      })
    })

  it('passes an unknown future event through as unknown, with its raw text', () => {
    const raw = JSON.stringify({
      type: 'event',
      event_type: 'agent transfer',
      event_agent_transfer: { to: 'x' },
    })
    expect(decodeFrame(raw)).toEqual({
      ok: false,
      kind: 'unknown',
      reason: 'unknown event_type agent transfer',
      raw,
    })
  })

  it('never throws on arbitrary JSON shaped like any of the 18 events (property)', () => {
    const payloadKey = fc.constantFrom(
      'conversation_participant_arn',
      'joined_dts',
      'left_dts',
      'participants',
      'items',
      'queue_name',
      'queue_entries',
      'coupon_code',
      'url',
      'conversation_uuid',
    )
    const fields = Object.keys(websocketMessage)
    const value = fc.jsonValue({ maxDepth: 2 })
    const frameish = fc
      .record(
        {
          type: fc.constantFrom('event', 'message', 'ping', 'check queue position', 'presence'),
          event_type: fc.oneof(fc.constantFrom(...EVENT_TYPES), fc.string()),
          ...Object.fromEntries(
            fields
              .filter((f) => f !== 'type' && f !== 'event_type')
              .map((f) => [f, fc.oneof(value, fc.dictionary(payloadKey, value, { maxKeys: 4 }))]),
          ),
        },
        { requiredKeys: ['type'] },
      )
      .map((o) => JSON.stringify(o))
    fc.assert(
      fc.property(fc.oneof(frameish, fc.json({ maxDepth: 3 })), (data) => {
        const decoded = decodeFrame(data)
        if (decoded.ok) expect(decoded.frame).toEqual(JSON.parse(data))
        else expect(['invalid', 'unknown']).toContain(decoded.kind)
      }),
      { numRuns: 1000 },
    )
  })
})

describe('new fields of today’s models flow through untouched', () => {
  const translated: ConversationMessage = {
    conversation_message_uuid: 'm1',
    message_epoch: 10,
    body: 'Hallo',
    language_iso_code: 'de',
    message_type: 'text',
    delay_until_dts: '2026-01-01T12:01:00.000Z',
    translations: [{ language_iso_code: 'en', body: 'Hello' }],
    type: 'engagement prompt',
  } satisfies ConversationMessage

  it('through decode and the message merge, also when a later copy updates the message', () => {
    const frame = ok({ type: 'message', conversation_uuid: 'c', message: translated })
    if (frame.type !== 'message') throw new Error('narrowing')
    expect(frame.message).toEqual(translated)
    const list = createMessageList([frame.message])
    expect([...list][0]).toEqual(translated)
    const update = ok({
      type: 'event',
      event_type: 'updated message',
      event_updated_message: { conversation_message_uuid: 'm1', message_epoch: 10, transport_statuses: [] },
    })
    if (update.type !== 'event' || update.event_type !== 'updated message') throw new Error('narrowing')
    const merged = mergeMessages(list, [update.event_updated_message!]).list
    expect([...merged][0]).toMatchObject(translated)
  })

  it('through the summary merge (sentiment, first unanswered message, last interactive message)', () => {
    const summary = {
      conversation_uuid: 'c',
      last_message_dts: '2026-01-01T12:00:00.000Z',
      sentiment: { sentiment: 'POSITIVE', positive: 0.9 },
      customer_first_message_unresponded_to_dts: '2026-01-01T11:59:00.000Z',
      last_interactive_message_dts: '2026-01-01T12:00:00.000Z',
    } satisfies ConversationSummary
    const frame = ok({ type: 'event', event_type: 'new message', event_new_message: summary })
    const decoded = conversationSummaryOf(frame)!
    expect(decoded).toEqual(summary)
    expect(mergeConversationSummary({ conversation_uuid: 'c' }, decoded)).toMatchObject(summary)
    expect(mergeConversationSummary(summary, { conversation_uuid: 'c', closed: true })).toMatchObject({
      sentiment: { sentiment: 'POSITIVE', positive: 0.9 },
    })
  })
})

describe('encodeAddCouponFrame and encodeAddItemFrame', () => {
  it('encode the events an agent sends, which decode as the events others receive', () => {
    const coupon = encodeAddCouponFrame('c', 'TENOFF')
    expect(JSON.parse(coupon)).toEqual({
      type: 'event',
      event_type: 'add coupon',
      conversation_uuid: 'c',
      event_add_coupon: { coupon_code: 'TENOFF' },
    })
    expect(decodeFrame(coupon).ok).toBe(true)
    const items = encodeAddItemFrame('c', [{ item_id: 'MUG', quantity: 2 }])
    expect(JSON.parse(items)).toMatchObject({
      event_type: 'add item',
      event_add_item: { items: [{ item_id: 'MUG' }] },
    })
    expect(decodeFrame(items).ok).toBe(true)
  })

  it('refuse bad input before anything is encoded, naming the field', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => encodeAddCouponFrame('', 'X'), 'conversation_uuid'],
      [() => encodeAddCouponFrame('c', ''), 'coupon_code'],
      [() => encodeAddCouponFrame('c', 5 as never), 'coupon_code'],
      [() => encodeAddItemFrame('c', []), 'items'],
      [() => encodeAddItemFrame('c', ['MUG' as never]), 'items'],
      [() => encodeAddItemFrame('c', undefined as never), 'items'],
      [() => encodeAddItemFrame('', [{ item_id: 'MUG' }]), 'conversation_uuid'],
    ]
    for (const [fn, field] of cases) expect(fn).toThrow(expect.objectContaining({ field }))
    expect(() => encodeAddItemFrame('c', [])).toThrow(ConversationValidationError)
  })
})

describe('conversationSummaryOf', () => {
  it('is the summary of exactly the seven events that carry one, read from each event’s payload field', () => {
    const summaryEvents = [
      'webchat start conversation',
      'conversation closed',
      'new conversation',
      'new message',
      'participant update',
      'participant join',
      'participant left',
    ]
    expect(EVENT_PAYLOAD_FIELD['webchat start conversation']).toBe('event_new_conversation')
    for (const type of EVENT_TYPES) {
      const summary = { conversation_uuid: `c-${type}` }
      const frame = ok({ type: 'event', event_type: type, [EVENT_PAYLOAD_FIELD[type]]: summary })
      expect(conversationSummaryOf(frame), type).toEqual(summaryEvents.includes(type) ? summary : undefined)
    }
    expect(conversationSummaryOf(ok({ type: 'message', message: { body: 'x' } }))).toBeUndefined()
  })
})
