import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  buildSocketUrl,
  ConversationValidationError,
  checkOutgoingMessage,
  DEFAULT_MAX_BODY_LENGTH,
  decodeFrame,
  EVENT_PAYLOAD_FIELD,
  EVENT_TYPES,
  encodeCheckQueuePositionFrame,
  encodeMessageFrame,
  encodePingFrame,
  encodeReadFrame,
  encodeTypingFrame,
  jwtExpiresAt,
  newClientMessageId,
} from '../src'

describe('decodeFrame', () => {
  it('decodes every frame type and every event type', () => {
    expect(decodeFrame('{"type":"ping"}')).toEqual({ ok: true, frame: { type: 'ping' } })
    expect(decodeFrame('{"type":"check queue position","conversation_uuid":"c"}')).toMatchObject({ ok: true })
    const message = {
      type: 'message',
      conversation_uuid: 'c',
      message: { conversation_message_uuid: 'm', body: 'hi', message_epoch: 5 },
    }
    expect(decodeFrame(JSON.stringify(message))).toEqual({ ok: true, frame: message })
    for (const eventType of EVENT_TYPES) {
      const frame = {
        type: 'event',
        event_type: eventType,
        conversation_uuid: 'c',
        [EVENT_PAYLOAD_FIELD[eventType]]: {},
      }
      expect(decodeFrame(JSON.stringify(frame)), eventType).toEqual({ ok: true, frame })
    }
  })

  it('narrows events by event_type', () => {
    const decoded = decodeFrame(
      JSON.stringify({
        type: 'event',
        event_type: 'queue position',
        event_queue_position: { position: 3, available: true },
      }),
    )
    if (!decoded.ok || decoded.frame.type !== 'event' || decoded.frame.event_type !== 'queue position')
      throw new Error('x')
    expect(decoded.frame.event_queue_position?.position).toBe(3)
  })

  it('accepts bytes: ArrayBuffer, Uint8Array and Node Buffers', () => {
    const text = '{"type":"ping"}'
    expect(decodeFrame(Buffer.from(text)).ok).toBe(true)
    expect(decodeFrame(new TextEncoder().encode(text)).ok).toBe(true)
    expect(decodeFrame(new TextEncoder().encode(text).buffer).ok).toBe(true)
  })

  it('refuses what is neither text nor bytes as not text, with no raw text', () => {
    for (const data of [undefined, null, 0, 42, true, {}, [123], new Blob(['{}']), new String('{}')])
      expect(decodeFrame(data)).toEqual({ ok: false, kind: 'invalid', reason: 'not text', raw: undefined })
    expect(decodeFrame(new DataView(new TextEncoder().encode('{"type":"ping"}').buffer)).ok).toBe(true)
  })

  const invalid: Array<[string, unknown, string]> = [
    ['not text', 42, 'not text'],
    ['a Blob-like object', { size: 3 }, 'not text'],
    ['not JSON', '{type:ping', 'not JSON'],
    ['an array', '[1,2]', 'not a JSON object'],
    ['null', 'null', 'not a JSON object'],
    ['no type', '{"conversation_uuid":"c"}', 'type is missing'],
    [
      'numeric conversation_uuid',
      '{"type":"ping","conversation_uuid":5}',
      'conversation_uuid is not a string',
    ],
    ['message without message', '{"type":"message"}', 'message is not an object'],
    [
      'message epoch as string',
      '{"type":"message","message":{"message_epoch":"5"}}',
      'message.message_epoch is not a number',
    ],
    ['message body as number', '{"type":"message","message":{"body":5}}', 'message.body is not a string'],
    [
      'media_urls not strings',
      '{"type":"message","message":{"media_urls":[1]}}',
      'message.media_urls is not a list of strings',
    ],
    [
      'upload_keys not strings',
      '{"type":"message","message":{"upload_keys":"k"}}',
      'message.upload_keys is not a list of strings',
    ],
    [
      'transport_statuses not objects',
      '{"type":"message","message":{"transport_statuses":[1]}}',
      'message.transport_statuses is not a list of objects',
    ],
    ['event without event_type', '{"type":"event"}', 'event_type is not a string'],
    [
      'payload not an object',
      '{"type":"event","event_type":"new message","event_new_message":"x"}',
      'new message payload is not an object',
    ],
    [
      'updated message with bad uuid',
      '{"type":"event","event_type":"updated message","event_updated_message":{"conversation_message_uuid":1}}',
      'event_updated_message.conversation_message_uuid is not a string',
    ],
  ]
  for (const [name, data, reason] of invalid) {
    it(`invalid: ${name}`, () => {
      expect(decodeFrame(data)).toMatchObject({ ok: false, kind: 'invalid', reason })
    })
  }

  it('unknown types and events are typed, forward-compatible results with the raw text', () => {
    expect(decodeFrame('{"type":"presence"}')).toEqual({
      ok: false,
      kind: 'unknown',
      reason: 'unknown type presence',
      raw: '{"type":"presence"}',
    })
    expect(decodeFrame('{"type":"event","event_type":"agent dance"}')).toMatchObject({
      ok: false,
      kind: 'unknown',
    })
    expect(decodeFrame('{"type":"event","event_type":"toString"}')).toMatchObject({
      ok: false,
      kind: 'unknown',
    })
  })

  it('never throws, whatever arrives (property)', () => {
    const frameish = fc.oneof(
      fc.string(),
      fc.json(),
      fc.uint8Array().map((b) => b),
      fc.anything(),
      fc
        .record({
          type: fc.constantFrom('message', 'event', 'ping', 'check queue position', 'x'),
          event_type: fc.oneof(fc.constantFrom(...EVENT_TYPES), fc.string()),
          conversation_uuid: fc.anything(),
          message: fc.anything(),
          event_new_message: fc.anything(),
          event_updated_message: fc.anything(),
        })
        .map((o) => JSON.stringify(o)),
    )
    fc.assert(
      fc.property(frameish, (data) => {
        const decoded = decodeFrame(data)
        expect(typeof decoded.ok).toBe('boolean')
        if (!decoded.ok) expect(['invalid', 'unknown']).toContain(decoded.kind)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('encoders', () => {
  it('encode what an agent sends, and decode back', () => {
    const message = { body: 'Hello', client_message_id: 'cm-1', upload_keys: ['k'] }
    const encoded = encodeMessageFrame('c-1', message)
    expect(JSON.parse(encoded)).toEqual({ type: 'message', conversation_uuid: 'c-1', message })
    expect(decodeFrame(encoded).ok).toBe(true)
    expect(JSON.parse(encodePingFrame())).toEqual({ type: 'ping' })
    expect(JSON.parse(encodeTypingFrame('c-1', 'Hel'))).toEqual({
      type: 'event',
      event_type: 'typing',
      conversation_uuid: 'c-1',
      event_typing: { value: 'Hel' },
    })
    expect(decodeFrame(encodeTypingFrame('c-1', 'Hel')).ok).toBe(true)
    expect(JSON.parse(encodeReadFrame('c-1', { conversation_message_uuid: 'm', message_epoch: 9 }))).toEqual({
      type: 'event',
      event_type: 'read message',
      conversation_uuid: 'c-1',
      event_read_message: { conversation_message_uuid: 'm', message_epoch: 9 },
    })
    expect(JSON.parse(encodeCheckQueuePositionFrame('c-1'))).toEqual({
      type: 'check queue position',
      conversation_uuid: 'c-1',
    })
  })

  it('reject bad input with a typed error naming the field', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => encodeMessageFrame('', { body: 'x', client_message_id: 'a' }), 'conversation_uuid'],
      [() => encodeMessageFrame('c', { body: 'x', client_message_id: '' }), 'client_message_id'],
      [() => encodeMessageFrame('c', { body: 5 as never, client_message_id: 'a' }), 'body'],
      [
        () => encodeMessageFrame('c', { body: 'x', client_message_id: 'a', upload_keys: [1 as never] }),
        'upload_keys',
      ],
      [() => encodeTypingFrame('c', undefined as never), 'value'],
      [() => encodeReadFrame('c', {}), 'conversation_message_uuid'],
    ]
    for (const [fn, field] of cases) {
      expect(fn).toThrow(ConversationValidationError)
      try {
        fn()
      } catch (e) {
        expect((e as ConversationValidationError).field).toBe(field)
      }
    }
  })

  it('refuses a body over the length limit before anything is encoded, naming body', () => {
    const message = { body: 'x'.repeat(DEFAULT_MAX_BODY_LENGTH + 1), client_message_id: 'a' }
    expect(() => encodeMessageFrame('c', message)).toThrow(ConversationValidationError)
    expect(() => checkOutgoingMessage(message)).toThrow(/Invalid body: must be at most 20000 characters/)
    expect(() =>
      encodeMessageFrame('c', { ...message, body: 'x'.repeat(DEFAULT_MAX_BODY_LENGTH) }),
    ).not.toThrow()
    expect(() =>
      checkOutgoingMessage({ body: 'abcd', client_message_id: 'a' }, { maxBodyLength: 3 }),
    ).toThrow(expect.objectContaining({ field: 'body' }))
    expect(() => checkOutgoingMessage({ body: 'a', client_message_id: 'a' }, { maxBodyLength: 0 })).toThrow(
      expect.objectContaining({ field: 'maxBodyLength' }),
    )
  })

  it('newClientMessageId is unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, newClientMessageId))
    expect(ids.size).toBe(1000)
  })
})

describe('buildSocketUrl', () => {
  it('adds the JWT as a query parameter, keeping existing ones', () => {
    expect(buildSocketUrl('wss://ws.example.test/agent?x=1', 'a.b.c')).toBe(
      'wss://ws.example.test/agent?x=1&jwt=a.b.c',
    )
    expect(buildSocketUrl('ws://127.0.0.1:8787/ws', 'a.b.c', { jwtParam: 'token' })).toBe(
      'ws://127.0.0.1:8787/ws?token=a.b.c',
    )
  })

  it('accepts only ws: and wss:, and never echoes the JWT in its errors', () => {
    for (const url of ['https://x.test/ws', 'javascript:alert(1)', 'not a url', '']) {
      let error: unknown
      try {
        buildSocketUrl(url, 'secret.jwt.value')
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(ConversationValidationError)
      expect((error as Error).message).toMatch(/websocket_url/)
      expect(JSON.stringify(error)).not.toContain('secret.jwt.value')
    }
    expect(() => buildSocketUrl('wss://x.test', '')).toThrow(/Invalid jwt/)
  })

  it('refuses an empty or blank jwtParam by name instead of sending the JWT under no name', () => {
    for (const jwtParam of ['', ' ']) {
      let error: unknown
      try {
        buildSocketUrl('wss://x.test/ws', 'secret.jwt.value', { jwtParam })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(ConversationValidationError)
      expect((error as ConversationValidationError).field).toBe('jwtParam')
      expect(JSON.stringify(error)).not.toContain('secret.jwt.value')
    }
  })
})

describe('conversationSummaryOf', () => {
  it('finds the summary of every event that carries one, and nothing in other frames', async () => {
    const { conversationSummaryOf } = await import('../src')
    const summary = { conversation_uuid: 'c' }
    for (const [eventType, field] of [
      ['new conversation', 'event_new_conversation'],
      ['webchat start conversation', 'event_new_conversation'],
      ['new message', 'event_new_message'],
      ['conversation closed', 'event_conversation_closed'],
      ['participant update', 'event_participant_update'],
    ] as const)
      expect(conversationSummaryOf({ type: 'event', event_type: eventType, [field]: summary } as never)).toBe(
        summary,
      )
    expect(conversationSummaryOf({ type: 'event', event_type: 'typing', event_typing: {} })).toBeUndefined()
    expect(conversationSummaryOf({ type: 'ping' })).toBeUndefined()
  })
})

describe('jwtExpiresAt', () => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const jwt = (claims: unknown) => `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2ln`

  it('reads exp (seconds) as epoch milliseconds, base64url and unpadded', () => {
    expect(jwtExpiresAt(jwt({ sub: 'agent?>', exp: 1_795_000_000 }))).toBe(1_795_000_000_000)
    // A payload whose base64url needs '-'/'_' and no padding.
    expect(jwtExpiresAt(jwt({ n: '\u00ff\u00fe>>>??', exp: 5 }))).toBe(5000)
  })

  it('is undefined for tokens without a numeric exp, and never throws', () => {
    for (const token of [
      '',
      'abc',
      'a..c',
      'a.!!.c',
      jwt({ sub: 'x' }),
      jwt({ exp: '9' }),
      jwt(null),
      'a.e30.c',
    ])
      expect(jwtExpiresAt(token)).toBeUndefined()
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const result = jwtExpiresAt(`${a}.${b}.${a}`)
        return result === undefined || Number.isFinite(result)
      }),
    )
    expect(jwtExpiresAt(undefined as unknown as string)).toBeUndefined()
  })
})
