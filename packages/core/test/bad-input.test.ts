import { afterAll, describe, expect, it } from 'vitest'
import {
  type ConversationClient,
  type ConversationClientOptions,
  ConversationValidationError,
  createConversationClient,
} from '../src'
import { recordingTransport } from './helpers'

// Every operation and option, tried with wrong types, null/undefined where a value is required, empty strings,
// `.`/`..` path segments and out-of-range numbers. Each must be refused with a ConversationValidationError
// naming the field, before the transport is called.

type Op = (c: ConversationClient, options?: never) => Promise<unknown>
const any = (value: unknown) => value as never

const OPERATIONS: Record<string, Op> = {
  getAgentKeepAlive: (c, o) => c.getAgentKeepAlive(o),
  getAgentWebsocketAuthorization: (c, o) => c.getAgentWebsocketAuthorization(o),
  getConversation: (c, o) => c.getConversation('u', o),
  getConversationMessages: (c, o) => c.getConversationMessages('u', 0, o),
  getConversationMultimediaUploadUrl: (c, o) => c.getConversationMultimediaUploadUrl('jpg', o),
  getConversationWebchatQueueStatuses: (c, o) => c.getConversationWebchatQueueStatuses(o),
  getConversations: (c, o) => c.getConversations(o),
  joinConversation: (c, o) => c.joinConversation('u', o),
  leaveConversation: (c, o) => c.leaveConversation('u', o),
  startConversation: (c, o) => c.startConversation({}, o),
  updateConversationWebchatQueueStatus: (c, o) =>
    c.updateConversationWebchatQueueStatus('q', { agent_status: 'busy' }, o),
}

/** Per-call options every operation takes: [label, options, field]. */
const BAD_CALL_OPTIONS: Array<[string, unknown, string]> = [
  ['options null', null, 'options'],
  ['options a string', 'x', 'options'],
  ["signal 'x'", { signal: 'x' }, 'signal'],
  ['signal {}', { signal: {} }, 'signal'],
  ['signal null', { signal: null }, 'signal'],
  ['timeoutMs -1', { timeoutMs: -1 }, 'timeoutMs'],
  ['timeoutMs NaN', { timeoutMs: Number.NaN }, 'timeoutMs'],
  ['timeoutMs Infinity', { timeoutMs: Number.POSITIVE_INFINITY }, 'timeoutMs'],
  ["timeoutMs '5'", { timeoutMs: '5' }, 'timeoutMs'],
  ['timeoutMs 0', { timeoutMs: 0 }, 'timeoutMs'],
  ['timeoutMs 2^31 (a timer would fire at once)', { timeoutMs: 2 ** 31 }, 'timeoutMs'],
  ["headers 'x'", { headers: 'x' }, 'headers'],
  ['headers an array', { headers: ['X-Foo: 1'] }, 'headers'],
  ['header value 1', { headers: { 'X-Foo': 1 } }, 'headers.X-Foo'],
  ['header value with CRLF', { headers: { 'X-Foo': 'a\r\nInjected: 1' } }, 'headers.X-Foo'],
]

const uuidCases = (op: string, call: (c: ConversationClient, uuid: never) => Promise<unknown>) =>
  [undefined, null, '', '   ', '.', '..', 5, {}, ['u']].map(
    (uuid) =>
      [
        `${op}(${JSON.stringify(uuid)})`,
        (c: ConversationClient) => call(c, any(uuid)),
        'conversation_uuid',
      ] as const,
  )

/** [label, call, field] */
const CALLS: Array<readonly [string, (c: ConversationClient) => Promise<unknown>, string]> = [
  ...Object.entries(OPERATIONS).flatMap(([name, op]) =>
    BAD_CALL_OPTIONS.map(
      ([label, options, field]) =>
        [`${name}: ${label}`, (c: ConversationClient) => op(c, any(options)), field] as const,
    ),
  ),
  ...uuidCases('getConversation', (c, u) => c.getConversation(u)),
  ...uuidCases('getConversationMessages', (c, u) => c.getConversationMessages(u, 0)),
  ...uuidCases('joinConversation', (c, u) => c.joinConversation(u)),
  ...uuidCases('leaveConversation', (c, u) => c.leaveConversation(u)),
  ...[-1, 1.5, undefined, null, '5', Number.NaN, Number.POSITIVE_INFINITY, 1e20].map(
    (since) =>
      [
        `since ${since}`,
        (c: ConversationClient) => c.getConversationMessages('u', any(since)),
        'since',
      ] as const,
  ),
  ...[0, -1, 1.5, '5', null, Number.NaN].flatMap((limit) => [
    [
      `getConversation limit ${limit}`,
      (c: ConversationClient) => c.getConversation('u', { limit: any(limit) }),
      'limit',
    ] as const,
    [
      `getConversationMessages limit ${limit}`,
      (c: ConversationClient) => c.getConversationMessages('u', 0, { limit: any(limit) }),
      'limit',
    ] as const,
  ]),
  ...(
    [
      ['limit', 0],
      ['limit', 201],
      ['limit', Number.NaN],
      ['limit', '10'],
      ['limit', null],
      ['offset', -1],
      ['offset', 0.5],
      ['offset', '0'],
      ['offset', null],
      ['medium', 'email'],
      ['medium', 5],
      ['medium', null],
    ] as const
  ).map(
    ([field, value]) =>
      [
        `getConversations ${field} ${value}`,
        (c: ConversationClient) => c.getConversations({ [field]: any(value) }),
        field,
      ] as const,
  ),
  ...[undefined, null, '', '.', '..', '.jpg', 'a/b', 'abcdefghijk', 5, ['jpg']].map(
    (extension) =>
      [
        `extension ${JSON.stringify(extension)}`,
        (c: ConversationClient) => c.getConversationMultimediaUploadUrl(any(extension)),
        'extension',
      ] as const,
  ),
  ...(
    [
      [undefined, 'request'],
      [null, 'request'],
      [[], 'request'],
      ['x', 'request'],
      [5, 'request'],
      [{ conversation_webchat_queue_uuid: '' }, 'conversation_webchat_queue_uuid'],
      [{ conversation_webchat_queue_uuid: 5 }, 'conversation_webchat_queue_uuid'],
      [{ conversation_webchat_queue_uuid: null }, 'conversation_webchat_queue_uuid'],
      [{ conversation_arn: 5 }, 'conversation_arn'],
      [{ conversation_arn: '' }, 'conversation_arn'],
      [{ add_conversation_participant_arns: [1] }, 'add_conversation_participant_arns'],
      [{ add_conversation_participant_arns: [''] }, 'add_conversation_participant_arns'],
      [{ add_conversation_participant_arns: ['arn', null] }, 'add_conversation_participant_arns'],
      [{ add_conversation_participant_arns: 'arn' }, 'add_conversation_participant_arns'],
      [{ add_conversation_participant_arns: null }, 'add_conversation_participant_arns'],
    ] as const
  ).map(
    ([request, field]) =>
      [
        `startConversation(${JSON.stringify(request)})`,
        (c: ConversationClient) => c.startConversation(any(request)),
        field,
      ] as const,
  ),
  ...[undefined, null, '', '  ', '.', '..', 5].map(
    (queue) =>
      [
        `queue name ${JSON.stringify(queue)}`,
        (c: ConversationClient) =>
          c.updateConversationWebchatQueueStatus(any(queue), { agent_status: 'busy' }),
        'queue_name',
      ] as const,
  ),
  ...(
    [
      [undefined, 'request'],
      [null, 'request'],
      [[], 'request'],
      ['available', 'request'],
      [{}, 'agent_status'],
      [{ agent_status: 'away' }, 'agent_status'],
      [{ agent_status: null }, 'agent_status'],
      [{ agent_status: 5 }, 'agent_status'],
    ] as const
  ).map(
    ([request, field]) =>
      [
        `queue status body ${JSON.stringify(request)}`,
        (c: ConversationClient) => c.updateConversationWebchatQueueStatus('q', any(request)),
        field,
      ] as const,
  ),
]

/** Client options, refused at creation: [label, options, field]. */
const BAD_CLIENT_OPTIONS: Array<[string, unknown, string]> = [
  ['options null', null, 'options'],
  ['baseUrl 5', { baseUrl: 5 }, 'baseUrl'],
  ['baseUrl null', { baseUrl: null }, 'baseUrl'],
  ['baseUrl {}', { baseUrl: {} }, 'baseUrl'],
  ['accessToken 5', { accessToken: 5 }, 'accessToken'],
  ['accessToken null', { accessToken: null }, 'accessToken'],
  ['accessToken {}', { accessToken: {} }, 'accessToken'],
  ["accessToken ''", { accessToken: '' }, 'accessToken'],
  ['accessToken with LF', { accessToken: 'tok\nen' }, 'accessToken'],
  ['accessToken with NUL', { accessToken: 'tok\0en' }, 'accessToken'],
  ['accessToken beyond Latin-1', { accessToken: 'tok\u20acen' }, 'accessToken'],
  ['simpleKey 5', { simpleKey: 5 }, 'simpleKey'],
  ["simpleKey ''", { simpleKey: '' }, 'simpleKey'],
  ['simpleKey with CR', { simpleKey: 'key\rX: 1' }, 'simpleKey'],
  ['simpleKey with U+0100', { simpleKey: 'key\u0100' }, 'simpleKey'],
  ['simpleKey and accessToken', { simpleKey: 'a', accessToken: 'b' }, 'simpleKey'],
  ['timeoutMs -1', { timeoutMs: -1 }, 'timeoutMs'],
  ['timeoutMs NaN', { timeoutMs: Number.NaN }, 'timeoutMs'],
  ['timeoutMs Infinity', { timeoutMs: Number.POSITIVE_INFINITY }, 'timeoutMs'],
  ["timeoutMs '5'", { timeoutMs: '5' }, 'timeoutMs'],
  ["fetch 'x'", { fetch: 'x' }, 'fetch'],
  ['fetch {}', { fetch: {} }, 'fetch'],
  ["transport 'x'", { transport: 'x' }, 'transport'],
  ['concurrency 0', { concurrency: 0 }, 'concurrency'],
  ['concurrency 1.5', { concurrency: 1.5 }, 'concurrency'],
  ["concurrency '2'", { concurrency: '2' }, 'concurrency'],
  ["headers 'x'", { headers: 'x' }, 'headers'],
  ['headers null', { headers: null }, 'headers'],
  ['header value 1', { headers: { 'X-Foo': 1 } }, 'headers.X-Foo'],
  ['header value null', { headers: { 'X-Foo': null } }, 'headers.X-Foo'],
  ['header value with LF', { headers: { 'X-Foo': 'a\nb' } }, 'headers.X-Foo'],
  // Issue 18: these were accepted at creation and failed (or were sent) only at the first call.
  ["header named 'bad name'", { headers: { 'bad name': 'x' } }, 'headers'],
  ["header named 'X:Y'", { headers: { 'X:Y': 'x' } }, 'headers'],
  ["header named ''", { headers: { '': 'x' } }, 'headers'],
  ["budget 'lots'", { budget: 'lots' }, 'budget'],
  ['budget {}', { budget: {} }, 'budget'],
  ['budget without left()', { budget: { wait: () => 0, take: () => {} } }, 'budget'],
  ['budget null', { budget: null }, 'budget'],
  ["onRequest 'x'", { onRequest: 'x' }, 'onRequest'],
  ['onResponse {}', { onResponse: {} }, 'onResponse'],
  ['onWarning 1', { onWarning: 1 }, 'onWarning'],
  ['baseUrl with a query', { baseUrl: 'https://example.com/rest/v2?x=1' }, 'baseUrl'],
  ['baseUrl with a fragment', { baseUrl: 'https://example.com/rest/v2#x' }, 'baseUrl'],
  ['baseUrl with a space', { baseUrl: 'https://example.com/rest v2' }, 'baseUrl'],
  ['retry 5', { retry: 5 }, 'retry'],
  ['retry.retries -1', { retry: { retries: -1 } }, 'retry.retries'],
  ['retry.baseDelayMs 0.5', { retry: { baseDelayMs: 0.5 } }, 'retry.baseDelayMs'],
  ["retry.maxDelayMs '1'", { retry: { maxDelayMs: '1' } }, 'retry.maxDelayMs'],
  ['retry.maxRetryAfterMs NaN', { retry: { maxRetryAfterMs: Number.NaN } }, 'retry.maxRetryAfterMs'],
]

/** Every option of createConversationClient: the compiler keeps this list whole, the test below each one refused. */
const EVERY_CLIENT_OPTION: Record<keyof ConversationClientOptions, true> = {
  simpleKey: true,
  accessToken: true,
  baseUrl: true,
  fetch: true,
  transport: true,
  headers: true,
  timeoutMs: true,
  retry: true,
  concurrency: true,
  budget: true,
  onRequest: true,
  onResponse: true,
  onWarning: true,
}

/** A token function's answers, refused per attempt before the transport is called. */
const BAD_TOKENS: Array<[string, unknown]> = [
  ['5', 5],
  ["''", ''],
  ['undefined', undefined],
  ['with CRLF', 'tok\r\nen'],
  ['beyond Latin-1', 'tok\u{1f511}'],
]

let tried = 0
let refused = 0
afterAll(() => {
  console.log(`bad input: ${refused} refused of ${tried} tried`)
})

const expectRefused = (error: unknown, field: string) => {
  expect(error).toBeInstanceOf(ConversationValidationError)
  expect(error).toMatchObject({ kind: 'validation', field })
  refused++
}

describe('bad input is refused with a typed error naming the field, before anything is sent', () => {
  it('covers every operation of the client', () => {
    const client = createConversationClient({ transport: recordingTransport().transport })
    expect(Object.keys(OPERATIONS).sort()).toEqual(
      Object.keys(client)
        .filter((k) => k !== 'stats' && k !== 'onOutcome' && k !== 'call')
        .sort(),
    )
  })

  for (const [label, call, field] of CALLS)
    it(label, async () => {
      tried++
      const { transport, requests } = recordingTransport()
      const error = await call(createConversationClient({ transport })).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(requests).toHaveLength(0)
      expectRefused(error, field)
    })

  for (const [label, options, field] of BAD_CLIENT_OPTIONS)
    it(`client option: ${label}`, () => {
      tried++
      let error: unknown
      try {
        createConversationClient(options as ConversationClientOptions)
      } catch (e) {
        error = e
      }
      expectRefused(error, field)
    })

  it('has a bad value for every client option, and a call-level header name is refused too', async () => {
    const covered = new Set(BAD_CLIENT_OPTIONS.flatMap(([, options]) => Object.keys(options ?? {})))
    expect(Object.keys(EVERY_CLIENT_OPTION).filter((name) => !covered.has(name))).toEqual([])
    tried++
    const { transport, requests } = recordingTransport()
    const error = await createConversationClient({ transport })
      .getConversations({ headers: { 'bad name': 'x' } })
      .catch((e: unknown) => e)
    expectRefused(error, 'headers')
    expect(requests).toHaveLength(0)
  })

  for (const [label, token] of BAD_TOKENS)
    it(`accessToken function answering ${label}`, async () => {
      tried++
      const { transport, requests } = recordingTransport()
      const client = createConversationClient({ transport, accessToken: () => token as string })
      const error = await client.getConversations().catch((e: unknown) => e)
      expect(requests).toHaveLength(0)
      expectRefused(error, 'accessToken')
    })

  it('tries at least 140 cases', () => {
    expect(CALLS.length + BAD_CLIENT_OPTIONS.length + BAD_TOKENS.length).toBeGreaterThanOrEqual(140)
  })

  it('still accepts good input at the boundaries', async () => {
    const { transport, requests } = recordingTransport()
    const c = createConversationClient({ transport, timeoutMs: 1, headers: { 'X-Latin': 'caf\u00e9' } })
    const signal = new AbortController().signal
    await c.getConversation('u', { limit: 1, signal, timeoutMs: 2 ** 31 - 1, headers: { 'X-A': '' } })
    await c.getConversations({ limit: 200, offset: 0, medium: 'sms' })
    await c.getConversationMessages('...', 0)
    await c.getConversationMultimediaUploadUrl('JPEG')
    await c.startConversation({ conversation_arn: 'arn', add_conversation_participant_arns: ['a', 'b'] })
    await c.updateConversationWebchatQueueStatus('support.en', { agent_status: 'available' })
    expect(requests.map((r) => r.url.replace(/^.*\/rest\/v2/, ''))).toEqual([
      '/conversation/conversations/u?limit=1',
      '/conversation/conversations?medium=sms&_limit=200&_offset=0',
      '/conversation/conversations/.../messages/0',
      '/conversation/upload_url/JPEG',
      '/conversation/conversations',
      '/conversation/conversations/queues/support.en/status',
    ])
  })
})
