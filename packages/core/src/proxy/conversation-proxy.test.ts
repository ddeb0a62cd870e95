import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CLIENT_HEADER } from '../client-header'
import { ConversationValidationError } from '../errors'
import { conversationProxyOver } from './conversation-proxy'
import type { ConversationProxyOptions } from './conversation-proxy-options'
import type { ProxyOperation } from './match-operation'

/** Rows as core's operation table has them (from spec/conversation.openapi.json). */
const ROWS: ProxyOperation[] = [
  {
    id: 'getConversationWebchatQueueStatuses',
    method: 'GET',
    path: '/conversation/conversations/queues/statuses',
  },
  {
    id: 'getConversations',
    method: 'GET',
    path: '/conversation/conversations',
    query: { medium: 'medium', before: 'before', _limit: 'limit', _offset: 'offset' },
  },
  { id: 'startConversation', method: 'PUT', path: '/conversation/conversations', body: 'required' },
  {
    id: 'getConversationsSearch',
    method: 'POST',
    path: '/conversation/conversations/search',
    body: 'required',
  },
  {
    id: 'getConversation',
    method: 'GET',
    path: '/conversation/conversations/{conversation_uuid}',
    query: { limit: 'limit' },
  },
  {
    id: 'getConversationMessages',
    method: 'GET',
    path: '/conversation/conversations/{conversation_uuid}/messages/{since}',
    query: { limit: 'limit' },
  },
  { id: 'getPbxQueues', method: 'GET', path: '/conversation/pbx/queues' },
]

const KEY = 'merchant-simple-key-0123456789abcdef'
const BROWSER_KEY = 'browser-sent-key-fedcba9876543210'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  vi.useRealTimers()
  for (const close of closers.splice(0).reverse()) await close()
})

const closeable = (server: ReturnType<typeof createServer>) => {
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  )
}

/** A real HTTP server on 127.0.0.1 standing in for UltraCart: records what arrives, answers with `answer`. */
async function fakeUpstream(
  answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.setHeader('content-type', 'application/json')
    res.setHeader('set-cookie', 'upstream=1')
    res.end(JSON.stringify({ success: true, conversations: [] }))
  },
) {
  const seen: Seen[] = []
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    })
    answer(req, res)
  })
  closeable(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { seen, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest/v2` }
}

type MountOptions = Omit<ConversationProxyOptions, 'operations'> &
  Partial<Pick<ConversationProxyOptions, 'operations'>>

/** The handler inside a Hono app on a real node:http server, answering every path itself. */
async function mount(options: MountOptions, table = ROWS) {
  const handler = conversationProxyOver(table, { operations: table, ...options })
  const app = new Hono()
  app.all('*', (c) => handler(c.req.raw))
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  closeable(server as unknown as ReturnType<typeof createServer>)
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const envelopeOf = async (response: Response) => {
  const text = await response.text()
  return {
    text,
    restError: response.headers.get('uc-rest-error') ?? '',
    body: JSON.parse(text) as {
      success: boolean
      error: { developer_message: string; user_message: string; error_code: string }
      metadata: unknown
    },
  }
}

const expectEnvelope = async (response: Response, status: number, code: string) => {
  expect(response.status).toBe(status)
  const answer = await envelopeOf(response)
  expect(answer.body.success).toBe(false)
  expect(answer.body.metadata).toEqual({})
  expect(answer.body.error.error_code).toBe(code)
  expect(answer.body.error.user_message).toBeTruthy()
  expect(answer.restError).toBeTruthy()
  for (const text of [answer.text, answer.restError]) expect(text).not.toContain(KEY)
  return answer
}

const allow = () => true

/** A request as core's client sends it to a proxy: with the client header. */
const call = (url: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers)
  headers.set(CLIENT_HEADER, '1')
  return fetch(url, { ...init, headers })
}
/** The same as a fetch Request, for handlers called directly. */
const clientRequest = (url: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers)
  headers.set(CLIENT_HEADER, '1')
  return new Request(url, { ...init, headers })
}

describe('createConversationProxy: forwarding', () => {
  it('forwards an operation with the key added and the browser’s credentials, cookies and hop headers dropped', async () => {
    const upstream = await fakeUpstream()
    const base = await mount({ authorize: allow, simpleKey: KEY, baseUrl: upstream.baseUrl })
    const response = await call(
      `${base}/rest/v2/conversation/conversations?_limit=5&medium=websocket&evil=1`,
      {
        headers: {
          'x-ultracart-simple-key': BROWSER_KEY,
          authorization: `Bearer ${BROWSER_KEY}`,
          cookie: `session=${BROWSER_KEY}`,
          'x-forwarded-for': '203.0.113.9',
          'accept-language': 'de',
          'x-ultracart-api-version': '2017-03-01',
        },
      },
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ success: true, conversations: [] })
    // The upstream's cookie is not set on the proxy's site.
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(upstream.seen).toHaveLength(1)
    const [seen] = upstream.seen
    expect(seen?.method).toBe('GET')
    // Only the operation's query parameters travel.
    expect(seen?.url).toBe('/rest/v2/conversation/conversations?_limit=5&medium=websocket')
    expect(seen?.headers['x-ultracart-simple-key']).toBe(KEY)
    expect(seen?.headers.authorization).toBeUndefined()
    expect(seen?.headers.cookie).toBeUndefined()
    expect(seen?.headers['x-forwarded-for']).toBeUndefined()
    expect(seen?.headers['accept-language']).toBe('de')
    expect(JSON.stringify(seen?.headers)).not.toContain(BROWSER_KEY)
  })

  it('forwards a body only to an operation that takes one, and an access token from a function per request', async () => {
    const upstream = await fakeUpstream()
    let n = 0
    const base = await mount({
      authorize: allow,
      accessToken: async () => `access-token-number-${++n}`,
      baseUrl: upstream.baseUrl,
    })
    const search = await call(`${base}/rest/v2/conversation/conversations/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'shoes' }),
    })
    expect(search.status).toBe(200)
    await call(`${base}/rest/v2/conversation/conversations/queues/statuses`)
    expect(upstream.seen.map((s) => [s.method, s.body, s.headers.authorization])).toEqual([
      ['POST', '{"text":"shoes"}', 'Bearer access-token-number-1'],
      ['GET', '', 'Bearer access-token-number-2'],
    ])
    expect(upstream.seen[0]?.headers['content-type']).toBe('application/json')
  })

  it('prefers the fixed path over a parameter and sends the segments encoded again', async () => {
    const upstream = await fakeUpstream()
    const base = await mount({ authorize: allow, simpleKey: KEY, baseUrl: upstream.baseUrl })
    await call(`${base}/rest/v2/conversation/conversations/queues/statuses`)
    await call(`${base}/rest/v2/conversation/conversations/a%20b/messages/1700000000000?limit=10`)
    expect(upstream.seen.map((s) => s.url)).toEqual([
      '/rest/v2/conversation/conversations/queues/statuses',
      '/rest/v2/conversation/conversations/a%20b/messages/1700000000000?limit=10',
    ])
  })

  it('passes an error envelope through, scrubbed of the key; wraps a non-envelope error in one', async () => {
    let html = false
    const upstream = await fakeUpstream((_req, res) => {
      res.statusCode = html ? 502 : 401
      if (html) return res.end('<html>Bad gateway</html>')
      res.setHeader('UC-REST-ERROR', `bad key ${KEY}`)
      res.end(JSON.stringify({ error: { user_message: `key ${KEY} refused`, developer_message: 'no' } }))
    })
    const base = await mount({ authorize: allow, simpleKey: KEY, baseUrl: upstream.baseUrl })
    const refused = await call(`${base}/rest/v2/conversation/conversations`)
    expect(refused.status).toBe(401)
    const text = await refused.text()
    expect(text).toContain('refused')
    expect(text).not.toContain(KEY)
    expect(refused.headers.get('uc-rest-error')).toBe('bad key ***')
    html = true
    const page = await call(`${base}/rest/v2/conversation/conversations`)
    const answer = await expectEnvelope(page, 502, 'proxy_upstream_error')
    expect(answer.text).not.toContain('Bad gateway')
  })
})

describe('createConversationProxy: refusals, each in UltraCart’s error envelope and with nothing sent upstream', () => {
  it.each([
    ['another API (orders)', '/rest/v2/order/orders'],
    ['outside the base path', '/conversation/conversations'],
    ['a path climbing out with ..', '/rest/v2/conversation/conversations/%2e%2e/%2e%2e/order/orders'],
    ['a path climbing out with plain ..', '/rest/v2/conversation/conversations/queues/../../../order/orders'],
    [
      'an encoded slash smuggled into a parameter',
      '/rest/v2/conversation/conversations/x%2F..%2F..%2Forder/messages/0',
    ],
    ['an encoded backslash', '/rest/v2/conversation/conversations/x%5C..%5Corders'],
    ['an empty segment', '/rest/v2/conversation//conversations'],
    ['a segment that does not decode', '/rest/v2/conversation/conversations/%E0%A4%A'],
    ['a narrowed-out group (pbx)', '/rest/v2/conversation/pbx/queues'],
  ])('404 for %s', async (_name, path) => {
    const upstream = await fakeUpstream()
    const base = await mount({
      authorize: allow,
      simpleKey: KEY,
      baseUrl: upstream.baseUrl,
      operations: (operation) => !operation.path.startsWith('/conversation/pbx/'),
      authenticate: () => true,
    })
    // (URL parsing resolves `.`/`..` before any handler sees them; proxy-path.test.ts covers them as text.)
    const response = await call(base + path)
    await expectEnvelope(response, 404, 'proxy_unknown_operation')
    expect(upstream.seen).toEqual([])
  })

  it('405 naming the allowed methods when the path is an operation’s but the method is not', async () => {
    const upstream = await fakeUpstream()
    const base = await mount({
      authorize: allow,
      authenticate: () => true,
      simpleKey: KEY,
      baseUrl: upstream.baseUrl,
    })
    const response = await call(`${base}/rest/v2/conversation/conversations`, { method: 'DELETE' })
    expect(response.headers.get('allow')).toBe('GET, PUT')
    await expectEnvelope(response, 405, 'proxy_method_not_allowed')
    expect(upstream.seen).toEqual([])
  })

  it('401 when authorize says no or throws; it sees the request; what it threw goes to onFailure only', async () => {
    const upstream = await fakeUpstream()
    const seen: string[] = []
    const failures: string[] = []
    const base = await mount({
      onFailure: (event) => failures.push(event.detail),
      authorize: ({ request }) => {
        seen.push(request.headers.get('cookie') ?? '')
        if (request.headers.get('cookie') === 'session=boom') throw new Error('session store down')
        return request.headers.get('cookie') === 'session=ok'
      },
      simpleKey: KEY,
      baseUrl: upstream.baseUrl,
    })
    const url = `${base}/rest/v2/conversation/conversations/queues/statuses`
    await expectEnvelope(await call(url), 401, 'proxy_unauthorized')
    const threw = await expectEnvelope(
      await call(url, { headers: { cookie: 'session=boom' } }),
      401,
      'proxy_unauthorized',
    )
    expect(threw.text).not.toContain('session store down')
    expect(threw.restError).not.toContain('session store down')
    expect(failures).toContain('authorize threw: session store down')
    expect(upstream.seen).toEqual([])
    expect((await call(url, { headers: { cookie: 'session=ok' } })).status).toBe(200)
    expect(seen).toEqual(['', 'session=boom', 'session=ok'])
    expect(upstream.seen).toHaveLength(1)
  })

  it('413 for a body over the limit, by its content-length or, streamed without one, as soon as it passes it', async () => {
    const upstream = await fakeUpstream()
    const base = await mount({
      authorize: allow,
      simpleKey: KEY,
      baseUrl: upstream.baseUrl,
      maxBodyBytes: 1000,
    })
    const url = `${base}/rest/v2/conversation/conversations/search`
    const json = { 'content-type': 'application/json' }
    const declared = await call(url, { method: 'POST', body: 'x'.repeat(1001), headers: json })
    await expectEnvelope(declared, 413, 'proxy_body_too_large')
    // 64 MiB offered in 64 KiB chunks, no content-length: the proxy stops after its first chunk or two.
    let pulled = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 64 * 1024 * 1024) return controller.close()
        pulled += 64 * 1024
        controller.enqueue(new Uint8Array(64 * 1024))
      },
    })
    const streamed = await call(url, {
      method: 'POST',
      headers: json,
      body: stream,
      duplex: 'half',
    } as RequestInit)
    await expectEnvelope(streamed, 413, 'proxy_body_too_large')
    expect(pulled).toBeLessThan(64 * 1024 * 1024)
    expect(upstream.seen).toEqual([])
    // At the limit it goes through.
    const fits = await call(url, { method: 'POST', body: 'x'.repeat(1000), headers: json })
    expect(fits.status).toBe(200)
  })
})

describe('createConversationProxy: upstream failures', () => {
  it('a closed port: 502 without the address (it goes to onFailure), never the key', async () => {
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as AddressInfo
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    const failures: string[] = []
    const base = await mount({
      authorize: allow,
      simpleKey: KEY,
      baseUrl: `http://127.0.0.1:${port}/rest/v2`,
      onFailure: (event) => failures.push(event.detail),
    })
    const answer = await expectEnvelope(
      await call(`${base}/rest/v2/conversation/conversations`),
      502,
      'proxy_upstream_unreachable',
    )
    for (const text of [answer.text, answer.restError]) {
      expect(text).not.toContain(String(port))
      expect(text).not.toContain('127.0.0.1')
      expect(text).not.toContain('fetch failed')
    }
    expect(failures).toHaveLength(1)
    expect(failures[0]).toContain(`ECONNREFUSED 127.0.0.1:${port}`)
  })

  it('no answer within timeoutMs: 504 (virtual time), the upstream request aborted', async () => {
    vi.useFakeTimers()
    let signal: AbortSignal | undefined
    const details: string[] = []
    const handler = conversationProxyOver(ROWS, {
      operations: ROWS,
      onFailure: (event) => details.push(event.detail),
      authorize: allow,
      simpleKey: KEY,
      baseUrl: 'http://upstream.test/rest/v2',
      timeoutMs: 5000,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          signal = init.signal ?? undefined
          signal?.addEventListener('abort', () => reject(signal?.reason))
        }),
    })
    const pending = handler(clientRequest('http://proxy.test/rest/v2/conversation/conversations'))
    await vi.advanceTimersByTimeAsync(4999)
    expect(signal?.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const answer = await expectEnvelope(await pending, 504, 'proxy_upstream_timeout')
    expect(answer.restError).not.toContain('upstream.test')
    expect(details).toEqual(['no answer from upstream.test within 5000 ms (timeout)'])
    expect(signal?.aborted).toBe(true)
  })

  it('leaves no timer and no abort listener behind once the answer is in', async () => {
    vi.useFakeTimers()
    const handler = conversationProxyOver(ROWS, {
      operations: ROWS,
      authorize: allow,
      simpleKey: KEY,
      baseUrl: 'http://upstream.test/rest/v2',
      fetch: async () =>
        new Response('{"success":true}', { status: 200, headers: { 'content-type': 'application/json' } }),
    })
    const request = clientRequest('http://proxy.test/rest/v2/conversation/conversations', {
      signal: new AbortController().signal,
    })
    const add = vi.spyOn(request.signal, 'addEventListener')
    const remove = vi.spyOn(request.signal, 'removeEventListener')
    const response = await handler(request)
    expect(await response.json()).toEqual({ success: true })
    expect(vi.getTimerCount()).toBe(0)
    expect(add).toHaveBeenCalledTimes(1)
    expect(remove).toHaveBeenCalledWith('abort', add.mock.calls[0]?.[1])
  })

  it('the caller going away aborts the upstream request', async () => {
    let upstreamSignal: AbortSignal | undefined
    const handler = conversationProxyOver(ROWS, {
      operations: ROWS,
      authorize: allow,
      simpleKey: KEY,
      baseUrl: 'http://upstream.test/rest/v2',
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          upstreamSignal = init.signal ?? undefined
          upstreamSignal?.addEventListener('abort', () => reject(upstreamSignal?.reason))
        }),
    })
    const caller = new AbortController()
    const pending = handler(
      clientRequest('http://proxy.test/rest/v2/conversation/conversations', { signal: caller.signal }),
    )
    await vi.waitFor(() => expect(upstreamSignal).toBeDefined())
    caller.abort()
    expect((await pending).status).toBe(499)
    expect(upstreamSignal?.aborted).toBe(true)
  })
})

describe('createConversationProxy: options checked at creation', () => {
  const table = ROWS
  const make = (options: object) => () =>
    conversationProxyOver(table, { operations: table, ...options } as unknown as ConversationProxyOptions)
  const fieldOf = (thunk: () => unknown) => {
    try {
      thunk()
    } catch (error) {
      expect(error).toBeInstanceOf(ConversationValidationError)
      expect(String((error as Error).message)).not.toContain(KEY)
      return (error as ConversationValidationError).field
    }
    return undefined
  }

  it('refuses a proxy without authorize: no deployment becomes an open proxy for the key', () => {
    expect(fieldOf(make({ simpleKey: KEY }))).toBe('authorize')
    expect(fieldOf(make({ simpleKey: KEY, authorize: true }))).toBe('authorize')
    expect(fieldOf(make({ simpleKey: KEY, authorize: 'anyone' }))).toBe('authorize')
    // @ts-expect-error authorize is required by the type too
    const typed: ConversationProxyOptions = { simpleKey: KEY, operations: table }
    expect(typed).toBeDefined()
  })

  it('names the bad option: credentials, base URL, limits, headers, operations', () => {
    expect(fieldOf(make({ authorize: allow }))).toBe('simpleKey')
    expect(fieldOf(make({ authorize: allow, simpleKey: KEY, accessToken: 'x' }))).toBe('simpleKey')
    expect(fieldOf(make({ authorize: allow, simpleKey: `${KEY}\r\nx-evil: 1` }))).toBe('simpleKey')
    expect(fieldOf(make({ authorize: allow, simpleKey: KEY, baseUrl: 'ftp://x' }))).toBe('baseUrl')
    expect(fieldOf(make({ authorize: allow, simpleKey: KEY, maxBodyBytes: -1 }))).toBe('maxBodyBytes')
    expect(fieldOf(make({ authorize: allow, simpleKey: KEY, timeoutMs: 0 }))).toBe('timeoutMs')
    expect(fieldOf(make({ authorize: allow, simpleKey: KEY, forwardHeaders: ['Cookie'] }))).toBe(
      'forwardHeaders',
    )
    expect(
      fieldOf(
        make({
          authorize: allow,
          simpleKey: KEY,
          operations: [{ id: 'getOrders', method: 'GET', path: '/order/orders' }],
        }),
      ),
    ).toBe('operations')
    expect(fieldOf(make({ authorize: allow, simpleKey: KEY, operations: [ROWS[0]] }))).toBeUndefined()
    // A row from another copy of the table (ESM and CJS builds) is the same row.
    expect(fieldOf(make({ authorize: allow, simpleKey: KEY, operations: [{ ...ROWS[0] }] }))).toBeUndefined()
  })

  it('a token function that fails answers 500 in the envelope, naming accessToken, and sends nothing', async () => {
    const fetchSpy = vi.fn()
    const details: string[] = []
    const handler = conversationProxyOver(table, {
      operations: table,
      onFailure: (event) => details.push(event.detail),
      authorize: allow,
      accessToken: () => 'bad\ntoken-value',
      baseUrl: 'http://upstream.test/rest/v2',
      fetch: fetchSpy,
    })
    const answer = await expectEnvelope(
      await handler(clientRequest('http://proxy.test/rest/v2/conversation/conversations')),
      500,
      'proxy_credential_failed',
    )
    expect(answer.text).not.toContain('accessToken')
    expect(answer.text).not.toContain('token-value')
    expect(details).toEqual([expect.stringContaining('accessToken')])
    expect(details[0]).not.toContain('token-value')
    expect(fetchSpy).not.toHaveBeenCalled()
  })
})
