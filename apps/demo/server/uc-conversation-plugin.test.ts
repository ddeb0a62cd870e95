import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { networkInterfaces } from 'node:os'
import { createEmulator, EMULATOR_SIMPLE_KEY } from '@uc-conversation/emulator'
import { createServer } from 'vite'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { pageHeaders } from './page-headers'
import { ucConversation } from './uc-conversation-plugin'

describe('dev-server proxy with UC_SIMPLE_KEY (a real account)', () => {
  const emulator = createEmulator()
  afterAll(() => emulator.close())

  const start = async (key: string) => {
    const upstream = await emulator.listen({ port: 0 })
    const server = await createServer({
      configFile: false,
      logLevel: 'silent',
      plugins: [ucConversation({ env: { UC_SIMPLE_KEY: key, UC_BASE_URL: upstream.url }, log: () => {} })],
      server: { host: '127.0.0.1', port: 0, hmr: false },
    })
    await server.listen()
    const origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '')
    const base = `${origin}/api/uc/rest/v2`
    return {
      base,
      headers: await pageHeaders(origin),
      close: async () => {
        await server.close()
        await upstream.close()
      },
    }
  }

  it('adds the key server-side; a key sent by the browser is dropped', async () => {
    const good = await start(EMULATOR_SIMPLE_KEY)
    try {
      const ok = await fetch(`${good.base}/conversation/conversations/queues/statuses`, {
        headers: good.headers,
      })
      expect(ok.status).toBe(200)
      expect(((await ok.json()) as { success: boolean }).success).toBe(true)
    } finally {
      await good.close()
    }
    const bad = await start('not-a-key')
    try {
      // Even a correct key from the browser does not get through: only the server's counts.
      const denied = await fetch(`${bad.base}/conversation/conversations/queues/statuses`, {
        headers: { ...bad.headers, 'x-ultracart-simple-key': EMULATOR_SIMPLE_KEY },
      })
      expect(denied.status).toBe(401)
      const body = (await denied.json()) as { error?: { user_message?: string } }
      expect(body.error?.user_message).toBeTruthy()
    } finally {
      await bad.close()
    }
  })
})

describe('dev-server proxy: only Conversation operations reach the upstream (core’s createConversationProxy)', () => {
  it('refuses other APIs, climbing paths and wrong methods in the envelope; nothing reaches the emulator', async () => {
    const emulator = createEmulator()
    const upstream = await emulator.listen({ port: 0 })
    const seen: string[] = []
    const counting = createHttpServer(async (req, res) => {
      seen.push(`${req.method} ${req.url}`)
      const target = await fetch(upstream.url.replace(/\/rest\/v2$/, '') + (req.url ?? ''), {
        method: req.method ?? 'GET',
        headers: { 'x-ultracart-simple-key': String(req.headers['x-ultracart-simple-key'] ?? '') },
      })
      res.statusCode = target.status
      res.setHeader('content-type', target.headers.get('content-type') ?? '')
      res.end(Buffer.from(await target.arrayBuffer()))
    })
    await new Promise<void>((resolve) => counting.listen(0, '127.0.0.1', resolve))
    const server = await createServer({
      configFile: false,
      logLevel: 'silent',
      plugins: [
        ucConversation({
          env: {
            UC_SIMPLE_KEY: EMULATOR_SIMPLE_KEY,
            UC_BASE_URL: `http://127.0.0.1:${(counting.address() as AddressInfo).port}/rest/v2`,
          },
          log: () => {},
        }),
      ],
      server: { host: '127.0.0.1', port: 0, hmr: false },
    })
    await server.listen()
    const origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '')
    const base = `${origin}/api/uc/rest/v2`
    const headers = await pageHeaders(origin)
    try {
      for (const [method, path, status] of [
        ['GET', '/order/orders', 404],
        ['GET', '/customer/customers/1', 404],
        ['GET', '/conversation/conversations/x%2F..%2F..%2Forder%2Forders/messages/0', 404],
        ['DELETE', '/conversation/conversations', 405],
      ] as const) {
        const response = await fetch(base + path, { method, headers })
        expect(response.status, `${method} ${path}`).toBe(status)
        expect(response.headers.get('uc-rest-error')).toBeTruthy()
        const body = (await response.json()) as { error?: { error_code?: string } }
        expect(body.error?.error_code).toMatch(/^proxy_/)
      }
      expect(seen).toEqual([])
      const ok = await fetch(`${base}/conversation/conversations/queues/statuses`, { headers })
      expect(ok.status).toBe(200)
      expect(seen).toEqual(['GET /rest/v2/conversation/conversations/queues/statuses'])
    } finally {
      await server.close()
      await new Promise<void>((resolve) => counting.close(() => resolve()))
      await upstream.close()
      await emulator.close()
    }
  })
})

describe('dev-server proxy: only this machine may use the key', () => {
  // A machine without a non-loopback interface (some CI sandboxes) cannot be reached from another address.
  const outside = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && !a.internal && a.family === 'IPv4')?.address
  it.skipIf(!outside)(
    'a request from another address is refused (403), the page too; one from 127.0.0.1 is forwarded',
    async () => {
      const emulator = createEmulator()
      const upstream = await emulator.listen({ port: 0 })
      const server = await createServer({
        configFile: false,
        logLevel: 'silent',
        plugins: [
          ucConversation({
            env: { UC_SIMPLE_KEY: EMULATOR_SIMPLE_KEY, UC_BASE_URL: upstream.url },
            log: () => {},
          }),
        ],
        // Listening everywhere, as `vite --host` would: the proxy still serves only loopback peers.
        server: { host: '0.0.0.0', port: 0, hmr: false },
      })
      await server.listen()
      const { port } = server.httpServer!.address() as AddressInfo
      const path = '/api/uc/rest/v2/conversation/conversations/queues/statuses'
      try {
        const headers = await pageHeaders(`http://127.0.0.1:${port}`)
        const refused = await fetch(`http://${outside}:${port}${path}`, { headers })
        expect(refused.status).toBe(403)
        expect(((await refused.json()) as { error: { error_code: string } }).error.error_code).toBe(
          'dev_server_local_only',
        )
        expect((await fetch(`http://${outside}:${port}/`)).status).toBe(403)
        expect((await fetch(`http://127.0.0.1:${port}${path}`, { headers })).status).toBe(200)
      } finally {
        await server.close()
        await upstream.close()
        await emulator.close()
      }
    },
  )
})

describe('dev-server proxy: upstream failures in UltraCart’s error envelope, with the cause, never the key', () => {
  const KEY = 'uc-demo-secret-key-0123456789'
  const servers: { close: () => Promise<void> }[] = []
  const logs: string[] = []
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close()
    // The dev server's log names the cause too, never the key.
    for (const line of logs.splice(0)) expect(line).not.toContain(KEY)
  })

  const proxyTo = async (baseUrl: string, options: { key?: string; upstreamTimeoutMs?: number } = {}) => {
    const server = await createServer({
      configFile: false,
      logLevel: 'silent',
      plugins: [
        ucConversation({
          env: { UC_SIMPLE_KEY: options.key ?? KEY, UC_BASE_URL: baseUrl },
          log: (line) => logs.push(line),
          ...(options.upstreamTimeoutMs ? { upstreamTimeoutMs: options.upstreamTimeoutMs } : {}),
        }),
      ],
      server: { host: '127.0.0.1', port: 0, hmr: false },
    })
    await server.listen()
    servers.push({ close: () => server.close() })
    const origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '')
    return { base: `${origin}/api/uc/rest/v2`, headers: await pageHeaders(origin) }
  }

  /** A plain HTTP server on 127.0.0.1 answering every request with `handler`. */
  const fakeUpstream = async (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    const sockets = new Set<Socket>()
    const server = createHttpServer(handler)
    server.on('connection', (s) => {
      sockets.add(s)
      s.once('close', () => sockets.delete(s))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.push({
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy()
          server.close(() => resolve())
        }),
    })
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest/v2`
  }

  /** A port on 127.0.0.1 that nothing listens on (listened once, then closed). */
  const closedPort = async () => {
    const server = createHttpServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    await new Promise<void>((resolve) => server.close(() => resolve()))
    return port
  }

  const call = async ({ base, headers }: { base: string; headers: Record<string, string> }) => {
    const response = await fetch(`${base}/conversation/conversations/queues/statuses`, { headers })
    const text = await response.text()
    return {
      status: response.status,
      restError: response.headers.get('uc-rest-error'),
      text,
      body: JSON.parse(text) as {
        error?: { developer_message?: string; user_message?: string }
        metadata?: unknown
      },
    }
  }

  const expectEnvelope = (answer: Awaited<ReturnType<typeof call>>) => {
    expect(answer.body.error?.developer_message).toBeTruthy()
    expect(answer.body.error?.user_message).toBeTruthy()
    expect(answer.body.metadata).toEqual({})
    expect(answer.restError).toBeTruthy()
    for (const text of [answer.text, answer.restError ?? '']) {
      expect(text).not.toContain(KEY)
      expect(text).not.toContain('fetch failed')
    }
  }

  it('a closed port: 502 without the address; the log names ECONNREFUSED and the address', async () => {
    const port = await closedPort()
    const answer = await call(await proxyTo(`http://127.0.0.1:${port}/rest/v2`))
    expect(answer.status).toBe(502)
    expectEnvelope(answer)
    for (const text of [answer.text, answer.restError ?? '']) expect(text).not.toContain(String(port))
    expect(answer.body.error?.user_message).toContain('cannot be reached')
    expect(logs.some((line) => line.includes(`ECONNREFUSED 127.0.0.1:${port}`))).toBe(true)
  })

  it('a host that does not resolve: 502 without the host; the log names the DNS failure and the host', async () => {
    // RFC 6761: `.invalid` never resolves.
    const answer = await call(await proxyTo('http://uc-demo-upstream.invalid/rest/v2'))
    expect(answer.status).toBe(502)
    expectEnvelope(answer)
    expect(answer.text).not.toContain('uc-demo-upstream.invalid')
    expect(logs.some((line) => /DNS (ENOTFOUND|EAI_AGAIN) uc-demo-upstream\.invalid/.test(line))).toBe(true)
  })

  it('an upstream that never answers: 504 after upstreamTimeoutMs', async () => {
    const base = await fakeUpstream(() => {
      // Never answers.
    })
    const answer = await call(await proxyTo(base, { upstreamTimeoutMs: 200 }))
    expect(answer.status).toBe(504)
    expectEnvelope(answer)
    expect(answer.body.error?.user_message).toContain('did not answer in time')
    expect(logs.some((line) => line.includes('within 200 ms'))).toBe(true)
  })

  it('an upstream 401 or 410 that is not the envelope: the same status in the envelope, the key scrubbed', async () => {
    for (const status of [401, 410]) {
      const base = await fakeUpstream((req, res) => {
        res.statusCode = status
        res.setHeader('content-type', 'text/html')
        res.end(`<html>refused key ${String(req.headers['x-ultracart-simple-key'])}</html>`)
      })
      const answer = await call(await proxyTo(base))
      expect(answer.status).toBe(status)
      expectEnvelope(answer)
      expect(answer.restError).toContain(`(${status})`)
      expect(answer.body.error?.user_message).toContain(`(${status})`)
    }
  })

  it('an upstream 401 envelope passes through with UC-REST-ERROR; a key it echoes is scrubbed', async () => {
    const base = await fakeUpstream((req, res) => {
      res.statusCode = 401
      res.setHeader('content-type', 'application/json')
      res.setHeader('UC-REST-ERROR', `Invalid credentials ${String(req.headers['x-ultracart-simple-key'])}`)
      res.end(
        JSON.stringify({
          error: {
            developer_message: `bad key ${String(req.headers['x-ultracart-simple-key'])}`,
            user_message: 'Invalid credentials.',
          },
          metadata: {},
        }),
      )
    })
    const answer = await call(await proxyTo(base))
    expect(answer.status).toBe(401)
    expectEnvelope(answer)
    expect(answer.body.error?.user_message).toBe('Invalid credentials.')
    expect(answer.restError).toContain('Invalid credentials')
  })

  it('a key with CR/LF is refused before the wire (500), its value named nowhere', async () => {
    const seen: string[] = []
    const base = await fakeUpstream((req, res) => {
      seen.push(req.url ?? '')
      res.end('{}')
    })
    const bad = `${KEY}\r\nx-injected: 1`
    const answer = await call(await proxyTo(base, { key: bad }))
    expect(answer.status).toBe(500)
    expectEnvelope(answer)
    expect(answer.restError).toContain('UC_SIMPLE_KEY')
    expect(seen).toEqual([])
  })
})
