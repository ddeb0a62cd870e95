import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  ConversationError,
  ConversationHttpError,
  ConversationNetworkError,
  ConversationParseError,
  ConversationTimeoutError,
  createConversationClient,
} from '../src'
import { BASE, json, recordingTransport, ucError } from './helpers'

const SECRET = 'sk_live_super_secret_simple_key'
const TOKEN = 'oauth-secret-token-123'

const clientAnswering = (response: () => Response | Promise<Response>) =>
  createConversationClient({ simpleKey: SECRET, transport: async () => response(), retry: false })

describe('error table', () => {
  const table: Array<[string, () => Response, Record<string, unknown>]> = [
    [
      '400 invalid JSON',
      () =>
        ucError(400, 'Invalid JSON', 'Bad request', { error_code: 'E400', object_id: 'o', more_info: 'm' }),
      {
        kind: 'http',
        status: 400,
        errorCode: 'E400',
        objectId: 'o',
        moreInfo: 'm',
        restError: 'Invalid JSON',
      },
    ],
    [
      '401 invalid credentials',
      () => ucError(401, 'Invalid credentials', 'Please sign in'),
      { status: 401, userMessage: 'Please sign in' },
    ],
    ['404 unknown conversation', () => ucError(404, 'Conversation not found'), { status: 404 }],
    ['410 application disabled', () => ucError(410, 'Authorized application disabled'), { status: 410 }],
    [
      '429 rate limit (UltraCart body)',
      () =>
        json(
          {
            error: {
              developer_message: 'rate of 10000 per 86400 second(s) exceeded.',
              user_message: 'Slow down',
            },
            metadata: {},
          },
          429,
          { 'UC-REST-ERROR': 'rate of 10000 per 86400 second(s) exceeded.', 'Retry-After': '7' },
        ),
      { status: 429, developerMessage: 'rate of 10000 per 86400 second(s) exceeded.', retryAfterMs: 7000 },
    ],
    ['500 server error', () => ucError(500, 'Internal error'), { status: 500 }],
    [
      '502 HTML page',
      () =>
        new Response('<html><body>Bad Gateway</body></html>', {
          status: 502,
          headers: { 'content-type': 'text/html' },
        }),
      { kind: 'parse', status: 502, rawText: '<html><body>Bad Gateway</body></html>' },
    ],
    [
      '200 truncated JSON',
      () => new Response('{"success":true,"conv', { status: 200 }),
      { kind: 'parse', status: 200 },
    ],
    [
      '401 empty body, header only',
      () => new Response('', { status: 401, headers: { 'UC-REST-ERROR': 'Missing key' } }),
      { kind: 'http', status: 401, restError: 'Missing key', message: 'HTTP 401: Missing key' },
    ],
    [
      '200 with success:false',
      () =>
        json({
          success: false,
          error: { developer_message: 'Queue closed', user_message: 'Queue is closed' },
        }),
      { kind: 'http', status: 200, userMessage: 'Queue is closed', message: 'HTTP 200: Queue closed' },
    ],
  ]

  for (const [name, response, expected] of table) {
    it(name, async () => {
      const error = await clientAnswering(response)
        .getConversation('c-1')
        .catch((e) => e)
      // Class and kind never disagree: a parse error is not an HTTP error (it was one, saying kind 'parse').
      expect(error).toBeInstanceOf(expected.kind === 'parse' ? ConversationParseError : ConversationHttpError)
      expect(error instanceof ConversationHttpError).toBe(expected.kind !== 'parse')
      expect(error).toBeInstanceOf(ConversationError)
      expect(error).toMatchObject({
        method: 'GET',
        url: `${BASE}/conversation/conversations/c-1`,
        ...expected,
      })
      if (expected.kind === 'parse') expect(error).toBeInstanceOf(ConversationParseError)
    })
  }

  it('parses an HTTP-date Retry-After', async () => {
    const at = new Date(Date.now() + 5000).toUTCString()
    const error = await clientAnswering(() => ucError(503, 'busy'))
      .getConversations()
      .catch((e) => e)
    expect(error.retryAfterMs).toBeUndefined()
    const dated = await clientAnswering(
      () => new Response('', { status: 503, headers: { 'Retry-After': at } }),
    )
      .getConversations()
      .catch((e) => e)
    expect(dated.retryAfterMs).toBeGreaterThan(3000)
    expect(dated.retryAfterMs).toBeLessThanOrEqual(5000)
  })

  it('a network failure keeps its cause', async () => {
    const cause = new TypeError('fetch failed')
    const client = createConversationClient({ transport: () => Promise.reject(cause), retry: false })
    const error = await client.getConversations().catch((e) => e)
    expect(error).toBeInstanceOf(ConversationNetworkError)
    expect(error.kind).toBe('network')
    expect(error.cause).toBe(cause)
  })

  it('a timeout is its own kind', async () => {
    const client = createConversationClient({
      timeoutMs: 20,
      retry: false,
      transport: (r) =>
        new Promise((_, reject) => r.signal.addEventListener('abort', () => reject(r.signal.reason))),
    })
    const error = await client.getConversations().catch((e) => e)
    expect(error).toBeInstanceOf(ConversationTimeoutError)
    expect(error).toMatchObject({ kind: 'timeout', timeoutMs: 20 })
  })

  it("rethrows the caller's own abort untouched", async () => {
    const controller = new AbortController()
    const reason = new DOMException('user left', 'AbortError')
    const client = createConversationClient({
      transport: (r) => {
        queueMicrotask(() => controller.abort(reason))
        return new Promise((_, reject) => r.signal.addEventListener('abort', () => reject(r.signal.reason)))
      },
    })
    await expect(client.getConversations({ signal: controller.signal })).rejects.toBe(reason)
    // Already aborted: nothing is sent.
    const { transport, requests } = recordingTransport()
    await expect(
      createConversationClient({ transport }).getConversations({ signal: controller.signal }),
    ).rejects.toBe(reason)
    expect(requests).toHaveLength(0)
  })
})

describe('secrets never leak', () => {
  const render = (error: unknown) =>
    [
      String(error),
      (error as Error).message,
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
    ].join('\n')

  it('not from HTTP, parse, network or timeout errors, nor from the client object', async () => {
    const errors: unknown[] = []
    for (const answer of [
      () => ucError(401, 'Invalid credentials'),
      () => new Response('<html>oops</html>', { status: 502 }),
      () => json({ success: false }),
    ]) {
      errors.push(
        await clientAnswering(answer)
          .getConversation('c')
          .catch((e) => e),
      )
      errors.push(
        await createConversationClient({ accessToken: TOKEN, transport: async () => answer(), retry: false })
          .getConversation('c')
          .catch((e) => e),
      )
    }
    errors.push(
      await createConversationClient({
        simpleKey: SECRET,
        retry: false,
        transport: () => Promise.reject(new TypeError('fetch failed')),
      })
        .getConversations()
        .catch((e) => e),
    )
    errors.push(
      await createConversationClient({
        accessToken: async () => TOKEN,
        retry: false,
        timeoutMs: 5,
        transport: (r) =>
          new Promise((_, reject) => r.signal.addEventListener('abort', () => reject(new Error('x')))),
      })
        .getConversations()
        .catch((e) => e),
    )
    expect(errors.every((e) => e instanceof ConversationError)).toBe(true)
    for (const error of errors) {
      const text = render(error)
      expect(text).not.toContain(SECRET)
      expect(text).not.toContain(TOKEN)
    }
    const client = createConversationClient({ simpleKey: SECRET })
    expect(JSON.stringify(client)).not.toContain(SECRET)
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(SECRET)
    const bearer = createConversationClient({ accessToken: TOKEN })
    expect(inspect(bearer, { depth: 10, showHidden: true })).not.toContain(TOKEN)
  })

  it('toJSON carries the useful fields', async () => {
    const error = await clientAnswering(() => ucError(404, 'Conversation not found', 'Not found'))
      .getConversation('c')
      .catch((e) => e)
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'ConversationHttpError',
      kind: 'http',
      status: 404,
      message: 'HTTP 404: Conversation not found',
      userMessage: 'Not found',
      method: 'GET',
    })
  })
})
