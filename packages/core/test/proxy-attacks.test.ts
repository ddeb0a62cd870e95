// The attack suite of issue 17 against core's key-adding proxy, served for real on 127.0.0.1 (Hono on node:http)
// in front of a real recording upstream on 127.0.0.1: every attempt is a real HTTP request, and "got through"
// means the upstream saw it (or, for echoes and headers, that the caller read what it must not). The tally is
// printed at the end: attempts, and how many got through (0).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { type AddressInfo, connect, type Socket } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { CLIENT_HEADER } from '../src'
import {
  ADMIN_OPERATIONS,
  AGENT_CONSOLE_OPERATIONS,
  getAgentProfileMcp,
  getConversationPbxCustomerSnapshot,
  getPbxHardwarePhone,
  OPERATIONS,
  type Operation,
} from '../src/operations'
import {
  type ConversationProxyOptions,
  createConversationProxy,
  type ProxyFailureEvent,
  type ProxyRequestContext,
} from '../src/proxy'

const KEY = 'merchant-simple-key-attack-suite-0123456789'
const SESSION = 'session=agent-7'
const tally = { attempts: 0, through: 0, log: [] as string[] }

/** One attempt: `through` says whether it got what it must not. */
const record = (name: string, through: boolean) => {
  tally.attempts++
  if (through) {
    tally.through++
    tally.log.push(name)
  }
}

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
}

/** What the upstream answers: by default JSON that echoes the key (a server quoting the credential). */
let answer: (req: IncomingMessage, res: ServerResponse) => void
const defaultAnswer = (req: IncomingMessage, res: ServerResponse) => {
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify({ success: true, echoed: String(req.headers['x-ultracart-simple-key']) }))
}

const seen: Seen[] = []
const closers: (() => Promise<void>)[] = []
let upstreamBase = ''

const tracked = (server: ReturnType<typeof createServer>) => {
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    })
}

beforeAll(async () => {
  const upstream = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    req.resume()
    req.once('end', () => answer(req, res))
  })
  closers.push(tracked(upstream))
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
  upstreamBase = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/rest/v2`
})

afterEach(() => {
  answer = defaultAnswer
  vi.useRealTimers()
})
answer = defaultAnswer

afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close()
  console.log(
    `[proxy attack suite, core] attempts: ${tally.attempts}, got through: ${tally.through}` +
      (tally.log.length ? ` (${tally.log.join('; ')})` : ''),
  )
  expect(tally.through).toBe(0)
})

/** The proxy as a deployment would write it: the console's operations, a session cookie, per-conversation rule. */
const consoleOptions = (extra: Partial<ConversationProxyOptions> = {}): ConversationProxyOptions => ({
  operations: AGENT_CONSOLE_OPERATIONS,
  simpleKey: KEY,
  baseUrl: upstreamBase,
  authorize: ({ request, pathParams }: ProxyRequestContext) =>
    request.headers.get('cookie') === SESSION && pathParams.conversation_uuid !== 'another-agents',
  authenticate: (request) => request.headers.get('cookie') === SESSION,
  ...extra,
})

/** Serves `createConversationProxy(options)` on 127.0.0.1 with `origin` set to where it listens. */
async function serveProxy(options: (origin: string) => ConversationProxyOptions) {
  let handler: ((request: Request) => Promise<Response>) | undefined
  const server = serve({ fetch: (request) => handler!(request), port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // As a deployment should: the site's origin configured (without it the Host header stands in, scheme unchecked).
  handler = createConversationProxy({ origin, ...options(origin) })
  closers.push(tracked(server as unknown as ReturnType<typeof createServer>))
  return origin
}

/** The request core's client makes from the console's own page: session, client header, same origin. */
const own = (origin: string, init: { headers?: Record<string, string> } & RequestInit = {}) => ({
  ...init,
  headers: {
    cookie: SESSION,
    [CLIENT_HEADER]: '1',
    origin,
    'sec-fetch-site': 'same-origin',
    ...init.headers,
  },
})

/** Fetches and reports whether the upstream saw anything. */
const attempt = async (name: string, url: string, init: RequestInit) => {
  const before = seen.length
  const response = await fetch(url, init)
  const text = await response.text()
  const reached = seen.length > before
  record(name, reached)
  return { response, text, reached }
}

const sample = (template: string) => template.replace(/\{[^}]+\}/g, '1')

describe('finding 2: only operations somebody chose are forwarded', () => {
  const SEVEN: [string, Operation][] = [
    ['getPbxHardwarePhone', getPbxHardwarePhone],
    ['getAgentProfileMcp', getAgentProfileMcp],
    ['getConversationPbxCustomerSnapshot', getConversationPbxCustomerSnapshot],
    ['purchasePbxPhoneNumber', OPERATIONS.purchasePbxPhoneNumber],
    ['regeneratePasswordForPbxHardwarePhone', OPERATIONS.regeneratePasswordForPbxHardwarePhone],
    ['deletePbxPhoneNumber', OPERATIONS.deletePbxPhoneNumber],
    ['updateVirtualAgentBudget', OPERATIONS.updateVirtualAgentBudget],
  ]

  it('the seven admin, money and secret operations are refused by a console proxy, even for a signed-in agent', async () => {
    const origin = await serveProxy(() => consoleOptions())
    for (const [name, operation] of SEVEN) {
      const body = operation.body ? { body: '{}' } : {}
      const { response, reached } = await attempt(
        `console proxy: ${name}`,
        `${origin}/rest/v2${sample(operation.path)}`,
        own(origin, { method: operation.method, ...body, headers: { 'content-type': 'application/json' } }),
      )
      expect(reached, name).toBe(false)
      expect(response.status, name).toBe(404)
    }
  })

  it('every admin operation is refused by a console proxy; every console operation passes', async () => {
    const origin = await serveProxy(() => consoleOptions())
    for (const [name, operation] of Object.entries(ADMIN_OPERATIONS)) {
      const { reached } = await attempt(
        `console proxy: admin ${name}`,
        `${origin}/rest/v2${sample(operation.path)}`,
        own(origin, {
          method: operation.method,
          ...(operation.body ? { body: '{}' } : {}),
          headers: { 'content-type': 'application/json' },
        }),
      )
      expect(reached, name).toBe(false)
    }
    for (const [name, operation] of Object.entries(AGENT_CONSOLE_OPERATIONS)) {
      const before = seen.length
      const response = await fetch(
        `${origin}/rest/v2${sample(operation.path)}`,
        own(origin, {
          method: operation.method,
          ...(operation.body ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}),
        }),
      )
      expect(response.status, name).toBe(200)
      expect(seen.length, name).toBe(before + 1)
    }
  })

  it('a proxy without operations is refused at creation, naming the option', () => {
    const { operations: _, ...rest } = consoleOptions()
    expect(() => createConversationProxy(rest as ConversationProxyOptions)).toThrow(/operations/)
  })

  it('authorize decides per operation and per conversation: an agent reaching another agent’s conversation is refused', async () => {
    const contexts: ProxyRequestContext[] = []
    const origin = await serveProxy(() =>
      consoleOptions({
        authorize: (context) => {
          contexts.push(context)
          return context.pathParams.conversation_uuid !== 'another-agents'
        },
      }),
    )
    const { response, reached } = await attempt(
      'agent leaves another agent’s conversation',
      `${origin}/rest/v2/conversation/conversations/another-agents/leave`,
      own(origin, { method: 'DELETE' }),
    )
    expect(reached).toBe(false)
    expect(response.status).toBe(401)
    const ok = await fetch(
      `${origin}/rest/v2/conversation/conversations/mine%20too/messages/5?limit=2`,
      own(origin),
    )
    expect(ok.status).toBe(200)
    expect(
      contexts.map((c) => [c.operation.id, c.operation.group, c.operation.scope, c.operation.method]),
    ).toEqual([
      ['leaveConversation', 'chat', 'conversation_write', 'DELETE'],
      ['getConversationMessages', 'chat', 'conversation_read', 'GET'],
    ])
    expect(contexts[1]?.operation.path).toBe(
      '/conversation/conversations/{conversation_uuid}/messages/{since}',
    )
    expect(contexts[1]?.pathParams).toEqual({ conversation_uuid: 'mine too', since: '5' })
    expect(contexts[1]?.query.get('limit')).toBe('2')
  })
})

describe('finding 3: requests another site makes a browser send are refused', () => {
  it('forms, images, foreign origins and cross-site fetches get 403 and reach nothing', async () => {
    const origin = await serveProxy(() => consoleOptions())
    const base = `${origin}/rest/v2`
    const cases: [string, string, RequestInit][] = [
      [
        'text/plain form POST to canned_messages/search (cross-site, with the victim’s cookie)',
        `${base}/conversation/canned_messages/search`,
        {
          method: 'POST',
          body: '{"text":"x"}',
          headers: {
            'content-type': 'text/plain',
            cookie: SESSION,
            origin: 'https://evil.example',
            'sec-fetch-site': 'cross-site',
          },
        },
      ],
      [
        'text/plain form POST, an old browser sending neither Origin nor Sec-Fetch-Site',
        `${base}/conversation/canned_messages/search`,
        { method: 'POST', body: '{"text":"x"}', headers: { 'content-type': 'text/plain', cookie: SESSION } },
      ],
      [
        'urlencoded POST to pbx/phone_number',
        `${base}/conversation/pbx/phone_number`,
        {
          method: 'POST',
          body: 'phone_number=%2B15550100',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: SESSION },
        },
      ],
      [
        '<img> GET of agent/keepalive (cross-site)',
        `${base}/conversation/agent/keepalive`,
        { headers: { cookie: SESSION, 'sec-fetch-site': 'cross-site', 'sec-fetch-dest': 'image' } },
      ],
      [
        '<img> GET of agent/keepalive (no fetch metadata)',
        `${base}/conversation/agent/keepalive`,
        { headers: { cookie: SESSION, accept: 'image/*' } },
      ],
      [
        'a sibling subdomain (same-site) with the client header',
        `${base}/conversation/conversations`,
        { headers: { cookie: SESSION, [CLIENT_HEADER]: '1', 'sec-fetch-site': 'same-site' } },
      ],
      [
        'a local page at http://localhost:8080 with the client header',
        `${base}/conversation/conversations`,
        { headers: { cookie: SESSION, [CLIENT_HEADER]: '1', origin: 'http://localhost:8080' } },
      ],
      [
        'Origin: null (a sandboxed frame, a data: URL)',
        `${base}/conversation/conversations`,
        { headers: { cookie: SESSION, [CLIENT_HEADER]: '1', origin: 'null' } },
      ],
      [
        'the site’s own host on another scheme',
        `${base}/conversation/conversations`,
        { headers: { cookie: SESSION, [CLIENT_HEADER]: '1', origin: origin.replace('http:', 'https:') } },
      ],
      [
        'X-Forwarded-Host naming an allowed origin does not help',
        `${base}/conversation/conversations`,
        {
          headers: {
            cookie: SESSION,
            [CLIENT_HEADER]: '1',
            origin: 'https://evil.example',
            'x-forwarded-host': new URL(origin).host,
          },
        },
      ],
    ]
    for (const [name, url, init] of cases) {
      const { response, reached } = await attempt(name, url, init)
      expect(reached, name).toBe(false)
      expect(response.status, name).toBe(403)
      expect(response.headers.get('access-control-allow-origin'), name).toBeNull()
    }
  })

  it('the client header from the site itself passes; a non-JSON body from it is refused with 415', async () => {
    const origin = await serveProxy(() => consoleOptions())
    const url = `${origin}/rest/v2/conversation/canned_messages/search`
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const { response, reached } = await attempt(
        `same-origin ${type} body`,
        url,
        own(origin, { method: 'POST', body: '{"text":"x"}', headers: { 'content-type': type } }),
      )
      expect(reached, type).toBe(false)
      expect(response.status, type).toBe(415)
    }
    const ok = await fetch(
      url,
      own(origin, { method: 'POST', body: '{"text":"x"}', headers: { 'content-type': 'application/json' } }),
    )
    expect(ok.status).toBe(200)
    // Never forwarded upstream: the client header is the proxy's, not UltraCart's.
    expect(seen.at(-1)?.headers[CLIENT_HEADER]).toBeUndefined()
  })

  it('without the origin option the site is the Host header, not request.url', async () => {
    // A framework may hand the handler a request.url on localhost (Next does); the browser's Host is the site.
    const handler = createConversationProxy(consoleOptions({ authenticate: undefined }))
    const request = (origin: string) =>
      new Request('http://localhost:3000/rest/v2/conversation/conversations', {
        headers: { host: 'console.example.com', origin, cookie: SESSION, [CLIENT_HEADER]: '1' },
      })
    const before = seen.length
    const localhost = await handler(request('http://localhost:3000'))
    record('Origin matching request.url but not Host', seen.length > before)
    expect(localhost.status).toBe(403)
    expect((await handler(request('https://console.example.com'))).status).toBe(200)
  })
})

describe('finding 5: nothing internal is echoed', () => {
  const secretLooking = 'postgres://admin:hunter2-db-password@db.internal:5432/sessions'

  it('a throwing authorize: the caller gets the generic 401; the detail, scrubbed, goes to onFailure', async () => {
    const events: ProxyFailureEvent[] = []
    const origin = await serveProxy(() =>
      consoleOptions({
        authorize: () => {
          throw new Error(`cannot reach ${secretLooking}`)
        },
        onFailure: (event) => events.push(event),
      }),
    )
    const { response, text, reached } = await attempt(
      'throwing authorize echo',
      `${origin}/rest/v2/conversation/conversations`,
      own(origin),
    )
    const header = response.headers.get('uc-rest-error') ?? ''
    const leaked = [text, header].some((t) => /db\.internal|hunter2|postgres/.test(t))
    record('throwing authorize: secret-looking text echoed to the caller', leaked)
    expect(reached).toBe(false)
    expect(leaked).toBe(false)
    expect(response.status).toBe(401)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      status: 401,
      errorCode: 'proxy_unauthorized',
      operation: 'getConversations',
    })
    expect(events[0]?.detail).toContain('db.internal')
    expect(events[0]?.detail).not.toContain('hunter2')
  })

  it('a throwing accessToken function: generic 500, the refresh token in no answer and no log', async () => {
    const events: ProxyFailureEvent[] = []
    const origin = await serveProxy(() => {
      const { simpleKey: _, ...rest } = consoleOptions()
      return {
        ...rest,
        accessToken: () => {
          throw new Error('refresh failed: refresh_token=rt-very-secret-refresh-value rejected')
        },
        onFailure: (event) => events.push(event),
      }
    })
    const { response, text, reached } = await attempt(
      'throwing accessToken echo',
      `${origin}/rest/v2/conversation/conversations`,
      own(origin),
    )
    const leaked = [text, response.headers.get('uc-rest-error') ?? ''].some((t) =>
      t.includes('rt-very-secret'),
    )
    record('throwing accessToken: refresh token echoed to the caller', leaked)
    expect(reached).toBe(false)
    expect(response.status).toBe(500)
    expect(leaked).toBe(false)
    expect(events[0]?.detail).toContain('refresh_token=***')
    expect(events[0]?.detail).not.toContain('rt-very-secret')
  })

  it('upstream down: 502 naming no host or port', async () => {
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as AddressInfo
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    const origin = await serveProxy(() => consoleOptions({ baseUrl: `http://127.0.0.1:${port}/rest/v2` }))
    const response = await fetch(`${origin}/rest/v2/conversation/conversations`, own(origin))
    const text = await response.text()
    const leaked = [text, response.headers.get('uc-rest-error') ?? ''].some((t) => t.includes(String(port)))
    record('upstream down: host and port echoed', leaked)
    expect(response.status).toBe(502)
    expect(leaked).toBe(false)
    // The system code alone says what is wrong without saying where.
    expect(JSON.parse(text).error.user_message).toBe(
      'The conversation server cannot be reached (ECONNREFUSED).',
    )
  })
})

describe('finding 6: the upstream’s answer is filtered', () => {
  it('only allow-listed headers pass; no-store and nosniff are always there', async () => {
    answer = (_req, res) => {
      res.setHeader('content-type', 'application/json')
      res.setHeader('access-control-allow-origin', '*')
      res.setHeader('access-control-allow-credentials', 'true')
      res.setHeader('server', 'Apache/2.4 (internal-node-17)')
      res.setHeader('x-backend-host', 'app-17.internal.ultracart.com')
      res.setHeader('set-cookie', 'upstream=1')
      res.setHeader('etag', '"v1"')
      res.setHeader('cache-control', 'public, max-age=3600')
      res.end('{"success":true}')
    }
    const origin = await serveProxy(() => consoleOptions())
    const response = await fetch(`${origin}/rest/v2/conversation/conversations`, own(origin))
    await response.text()
    for (const name of [
      'access-control-allow-origin',
      'access-control-allow-credentials',
      'server',
      'x-backend-host',
      'set-cookie',
    ]) {
      const value = response.headers.get(name)
      record(`upstream header ${name} passed`, value !== null && value !== undefined)
      expect(value, name).toBeNull()
    }
    expect(response.headers.get('etag')).toBe('"v1"')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('a 2xx that is not JSON (an HTML page with a script) becomes 502', async () => {
    answer = (_req, res) => {
      res.setHeader('content-type', 'text/html')
      res.end('<html><script>fetch("/steal")</script></html>')
    }
    const origin = await serveProxy(() => consoleOptions())
    const response = await fetch(`${origin}/rest/v2/conversation/conversations`, own(origin))
    const text = await response.text()
    record('upstream HTML served on the site’s origin', text.includes('<script>'))
    expect(response.status).toBe(502)
    expect(response.headers.get('content-type')).toContain('application/json')
  })

  it('the key is scrubbed from a 2xx body that quotes it', async () => {
    const origin = await serveProxy(() => consoleOptions())
    const response = await fetch(`${origin}/rest/v2/conversation/conversations`, own(origin))
    const text = await response.text()
    record('key echoed in a 2xx body', text.includes(KEY))
    expect(response.status).toBe(200)
    expect(JSON.parse(text)).toEqual({ success: true, echoed: '***' })
  })
})

describe('finding 7: no route listing before authorization; nothing waits forever', () => {
  it('unknown routes, wrong methods and real routes all get the same 401 without credentials', async () => {
    const origin = await serveProxy(() => consoleOptions())
    const answers = new Set<string>()
    for (const [method, path] of [
      ['GET', '/conversation/conversations'],
      ['DELETE', '/conversation/conversations'],
      ['GET', '/conversation/pbx/hardware_phone/1'],
      ['GET', '/order/orders'],
      ['OPTIONS', '/conversation/conversations'],
      ['HEAD', '/conversation/nothing-here'],
      ['GET', '/conversation/conversations/%2e%2e/%2e%2e/order/orders'],
    ] as const) {
      const { response, text, reached } = await attempt(
        `route listing: ${method} ${path}`,
        `${origin}/rest/v2${path}`,
        { method, headers: { [CLIENT_HEADER]: '1' } },
      )
      expect(reached).toBe(false)
      expect(response.headers.get('allow')).toBeNull()
      answers.add(
        `${response.status} ${method === 'HEAD' ? '' : text} ${response.headers.get('uc-rest-error')}`,
      )
    }
    // HEAD has no body: compare the others, and the HEAD status.
    expect([...answers].filter((a) => !a.includes(' null') && !a.startsWith('401  '))).toHaveLength(1)
    expect([...answers].every((a) => a.startsWith('401 '))).toBe(true)
  })

  it('a never-settling authorize is answered 503 after authorizeTimeoutMs (virtual time), no timer left', async () => {
    vi.useFakeTimers()
    let upstreamCalls = 0
    const handler = createConversationProxy({
      ...consoleOptions(),
      authorize: () => new Promise<boolean>(() => {}),
      fetch: async () => {
        upstreamCalls++
        return new Response('{}', { headers: { 'content-type': 'application/json' } })
      },
    })
    const pending = handler(
      new Request('http://127.0.0.1/rest/v2/conversation/conversations', {
        headers: { cookie: SESSION, [CLIENT_HEADER]: '1' },
      }),
    )
    let settled = false
    void pending.then(() => {
      settled = true
    })
    await vi.advanceTimersByTimeAsync(4999)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const response = await pending
    record('never-settling authorize held the request', !settled)
    expect(response.status).toBe(503)
    expect(upstreamCalls).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a body that stops arriving is answered 408 after bodyTimeoutMs (virtual time) and its stream cancelled', async () => {
    vi.useFakeTimers()
    let cancelled = false
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"text":'))
      },
      cancel() {
        cancelled = true
      },
    })
    const handler = createConversationProxy({
      ...consoleOptions(),
      fetch: async () => new Response('{}', { headers: { 'content-type': 'application/json' } }),
    })
    const pending = handler(
      new Request('http://127.0.0.1/rest/v2/conversation/conversations/search', {
        method: 'POST',
        body,
        duplex: 'half',
        headers: { cookie: SESSION, [CLIENT_HEADER]: '1', 'content-type': 'application/json' },
      } as RequestInit),
    )
    await vi.advanceTimersByTimeAsync(9999)
    expect(cancelled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect((await pending).status).toBe(408)
    expect(cancelled).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a slow-loris sender on a real socket gets 408 and nothing is forwarded', async () => {
    const origin = await serveProxy(() => consoleOptions({ bodyTimeoutMs: 300 }))
    const { port } = new URL(origin)
    const before = seen.length
    const socket = connect(Number(port), '127.0.0.1')
    closers.push(async () => void socket.destroy())
    const received: Buffer[] = []
    socket.on('data', (chunk: Buffer) => received.push(chunk))
    const ended = new Promise<void>((resolve) => {
      socket.once('end', resolve)
      socket.once('close', () => resolve())
    })
    socket.write(
      'POST /rest/v2/conversation/conversations/search HTTP/1.1\r\n' +
        `Host: 127.0.0.1:${port}\r\ncookie: ${SESSION}\r\n${CLIENT_HEADER}: 1\r\n` +
        'content-type: application/json\r\ncontent-length: 1000\r\n\r\n{"text":',
    )
    // The sender then says nothing more; the proxy must answer on its own.
    await vi.waitFor(() => expect(Buffer.concat(received).toString()).toMatch(/^HTTP\/1\.1 408/), {
      timeout: 5000,
    })
    socket.destroy()
    await ended
    record('slow-loris body held the proxy or was forwarded', seen.length > before)
    expect(seen.length).toBe(before)
  })
})
