import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmulator, EMULATOR_SIMPLE_KEY, type Emulator, type EmulatorServer } from '../src'
import { openAgentSocket, setup, type TestSocket } from './helpers'

const SEGMENTS = [
  'rest',
  'v2',
  'conversation',
  'conversations',
  'agent',
  'auth',
  'keepalive',
  'queues',
  'statuses',
  'status',
  'support',
  'messages',
  'join',
  'leave',
  'upload_url',
  'uploads',
  'media',
  'ws',
  '00000000-0000-4000-8000-000000000000',
  '0',
  '-1',
  '999999999999999999999',
  '%00',
  '%2F',
  '..',
  '',
  'jpg',
  '%E2%82%AC',
]

const path = fc
  .tuple(
    fc.constantFrom(
      '/rest/v2/conversation/',
      '/rest/v2/conversation/conversations/',
      '/',
      '/uploads/',
      '/media/',
    ),
    fc.array(fc.oneof(fc.constantFrom(...SEGMENTS), fc.webSegment()), { maxLength: 5 }),
    fc.option(fc.webQueryParameters()),
  )
  .map(([prefix, segments, query]) => `${prefix}${segments.join('/')}${query ? `?${query}` : ''}`)

const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/).map((v) => v.trim())
const headers = fc
  .record({
    random: fc.dictionary(headerName, headerValue, { maxKeys: 4 }),
    key: fc.constantFrom(undefined, EMULATOR_SIMPLE_KEY, 'wrong-key', ''),
    bearer: fc.option(fc.constantFrom('Bearer x', 'Bearer', 'Basic abc', 'bearer  ')),
    contentType: fc.option(fc.constantFrom('application/json', 'text/plain', 'multipart/form-data')),
  })
  .map(({ random, key, bearer, contentType }) => {
    const h: Record<string, string> = { ...random }
    if (key !== undefined) h['x-ultracart-simple-key'] = key
    if (bearer) h.authorization = bearer
    if (contentType) h['content-type'] = contentType
    return h
  })

const body = fc.option(
  fc.oneof(
    fc.json(),
    fc.string(),
    fc.constantFrom(
      '{',
      '{"agent_status":"available"}',
      '{"add_conversation_participant_arns":["+15550001"]}',
      'null',
    ),
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
  ),
)

const method = fc.oneof(
  fc.constantFrom('GET', 'PUT', 'DELETE', 'POST', 'PATCH', 'HEAD', 'OPTIONS'),
  fc.stringMatching(/^[A-Z]{1,8}$/).filter((m) => !['CONNECT', 'TRACE', 'TRACK'].includes(m)),
)

/** Checks one answer: an error always carries the envelope and UC-REST-ERROR; a success is JSON or empty. */
async function checkResponse(res: Response, m: string) {
  expect(res.status).toBeGreaterThanOrEqual(200)
  expect(res.status).toBeLessThan(600)
  const text = await res.text()
  if (m === 'HEAD' || m === 'OPTIONS') return
  if (res.status >= 400) {
    expect(res.headers.get('UC-REST-ERROR')).toBeTruthy()
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const parsed = JSON.parse(text)
    expect(typeof parsed.error.developer_message).toBe('string')
    expect(typeof parsed.error.user_message).toBe('string')
    expect(parsed.metadata).toEqual({})
    if (res.status !== 429) expect(parsed.success).toBe(false)
  } else if (text) {
    const parsed = JSON.parse(text)
    expect(typeof parsed).toBe('object')
  }
}

describe('properties', () => {
  let emulator: Emulator
  let server: EmulatorServer
  beforeAll(async () => {
    emulator = createEmulator({ clock: 'manual', rateLimit: false })
    emulator.customers.arrive({ queue: 'support' })
    server = await emulator.listen({ port: 0 })
  })
  afterAll(() => emulator.close())

  it('random methods, paths, headers and bodies never crash the server and always get the envelope (in-process)', async () => {
    await fc.assert(
      fc.asyncProperty(method, path, headers, body, async (m, p, h, b) => {
        const init: RequestInit = { method: m, headers: h }
        if (b !== null && m !== 'GET' && m !== 'HEAD') init.body = b
        const res = await emulator.fetch(`http://emulator.local${p}`, init)
        await checkResponse(res, m)
      }),
      { numRuns: 600 },
    )
  })

  it('the same over real HTTP', async () => {
    const origin = new URL(server.url).origin
    await fc.assert(
      fc.asyncProperty(method, path, headers, body, async (m, p, h, b) => {
        const init: RequestInit = { method: m, headers: h }
        if (b !== null && m !== 'GET' && m !== 'HEAD') init.body = b
        const res = await fetch(`${origin}${p}`, init)
        await checkResponse(res, m)
      }),
      { numRuns: 150 },
    )
    // Still alive and well.
    const ok = await fetch(`${server.url}/conversation/agent/keepalive`, {
      headers: { 'x-ultracart-simple-key': EMULATOR_SIMPLE_KEY },
    })
    expect(ok.status).toBe(204)
  })
})

describe('socket properties', () => {
  let socket: TestSocket | undefined
  let close: (() => Promise<void>) | undefined
  afterAll(async () => {
    socket?.close()
    await close?.()
  })

  it('random frames on the socket never crash it or close the socket', async () => {
    const env = await setup('http', { customers: { autoReply: true } })
    close = env.close
    const { emulator, client } = env
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support' })
    await client.joinConversation(uuid)
    socket = await openAgentSocket(client)
    const s = socket
    const conversationUuid = fc.oneof(
      fc.constant(uuid),
      fc.constant(uuid.toUpperCase()),
      fc.uuid(),
      fc.string(),
      fc.constant(undefined),
      fc.integer(),
    )
    const structured = fc.record(
      {
        type: fc.constantFrom('message', 'event', 'ping', 'check queue position', 'pong', 7, null),
        conversation_uuid: conversationUuid,
        event_type: fc.constantFrom('typing', 'read message', 'new message', 'rrweb', 'bogus', 1),
        message: fc.oneof(
          fc.anything(),
          fc.record({
            body: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
            client_message_id: fc.oneof(fc.string(), fc.integer()),
            upload_keys: fc.oneof(fc.array(fc.string()), fc.string()),
            media_urls: fc.oneof(fc.array(fc.webUrl()), fc.anything()),
          }),
        ),
        event_typing: fc.oneof(fc.anything(), fc.record({ value: fc.oneof(fc.string(), fc.integer()) })),
        event_read_message: fc.oneof(
          fc.anything(),
          fc.record({
            conversation_message_uuid: fc.oneof(fc.uuid(), fc.string()),
            message_epoch: fc.oneof(fc.integer(), fc.double()),
          }),
        ),
      },
      { requiredKeys: [] },
    )
    const frame = fc.oneof(
      structured.map((f) => JSON.stringify(f)),
      fc.json(),
      fc.string(),
      fc.constantFrom('', '{', 'null', '[]', '{"type":"ping"', '\u0000'),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 10 }), async (frames) => {
        for (const f of frames) s.send(f)
        s.raw.send(Buffer.from(frames.join('')), { binary: true })
        emulator.clock.advance(1000)
        await s.sync()
      }),
      { numRuns: 150 },
    )
    emulator.clock.advance(60_000)
    await s.sync()
    expect(s.raw.readyState).toBe(s.raw.OPEN)
    await expect(client.getConversation(uuid)).resolves.toMatchObject({ success: true })
  })
})
