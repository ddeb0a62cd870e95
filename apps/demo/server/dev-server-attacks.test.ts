// The attack suite of issue 17 against the demo's dev server (Vite with the uc-conversation plugin), its proxy
// in front of the emulator, every attempt a real HTTP request on 127.0.0.1. A counting forwarder between the
// proxy and the emulator tells what got through; the tally (attempts, got through: 0) is printed at the end.
import { createServer as createHttpServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CLIENT_HEADER } from '@uc-conversation/core'
import { createEmulator, EMULATOR_SIMPLE_KEY } from '@uc-conversation/emulator'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEV_SECRET_HEADER } from './dev-proxy-guard'
import { pageHeaders } from './page-headers'
import { ucConversation } from './uc-conversation-plugin'

const emulator = createEmulator()
const forwarded: string[] = []
const tally = { attempts: 0, through: [] as string[] }
let closeAll: () => Promise<void>
let origin = ''
let headers: Record<string, string> = {}

const start = async (baseUrl: string) => {
  const server = await createServer({
    configFile: false,
    logLevel: 'silent',
    plugins: [
      ucConversation({ env: { UC_SIMPLE_KEY: EMULATOR_SIMPLE_KEY, UC_BASE_URL: baseUrl }, log: () => {} }),
    ],
    server: { host: '127.0.0.1', port: 0, hmr: false },
  })
  await server.listen()
  return server
}

let devServer: ViteDevServer
let upstreamBase = ''

beforeAll(async () => {
  const upstream = await emulator.listen({ port: 0 })
  // Between the proxy and the emulator: records what the proxy sent on, then passes it to the emulator.
  const counting = createHttpServer(async (req, res) => {
    forwarded.push(`${req.method} ${req.url}`)
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const target = await fetch(upstream.url.replace(/\/rest\/v2$/, '') + (req.url ?? ''), {
      method: req.method ?? 'GET',
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
        ),
      ),
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    })
    res.statusCode = target.status
    res.setHeader('content-type', target.headers.get('content-type') ?? '')
    res.end(Buffer.from(await target.arrayBuffer()))
  })
  await new Promise<void>((resolve) => counting.listen(0, '127.0.0.1', resolve))
  upstreamBase = `http://127.0.0.1:${(counting.address() as AddressInfo).port}/rest/v2`
  devServer = await start(upstreamBase)
  origin = devServer.resolvedUrls!.local[0]!.replace(/\/$/, '')
  headers = await pageHeaders(origin)
  closeAll = async () => {
    await devServer.close()
    counting.closeAllConnections()
    await new Promise<void>((resolve) => counting.close(() => resolve()))
    await upstream.close()
    await emulator.close()
  }
})

afterAll(async () => {
  await closeAll()
  console.log(
    `[proxy attack suite, demo dev server] attempts: ${tally.attempts}, got through: ${tally.through.length}` +
      (tally.through.length ? ` (${tally.through.join('; ')})` : ''),
  )
  expect(tally.through).toEqual([])
})

const api = (path: string) => `${origin}/api/uc/rest/v2${path}`

/** One attempt; it got through when the emulator side saw a request. */
const attempt = async (name: string, url: string, init: RequestInit = {}) => {
  const before = forwarded.length
  const response = await fetch(url, init)
  const text = await response.text()
  tally.attempts++
  if (forwarded.length > before) tally.through.push(name)
  return { response, text, reached: forwarded.length > before }
}

/** A raw request with headers fetch will not set (`Host`). */
const raw = (path: string, extra: Record<string, string>) =>
  new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
    const { port } = new URL(origin)
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: extra }, (res) => {
      res.resume()
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }))
    })
    req.once('error', reject)
    req.end()
  })

describe('the page’s own requests work (control)', () => {
  it('with the page’s headers the console’s operations reach the emulator', async () => {
    const before = forwarded.length
    const response = await fetch(api('/conversation/conversations/queues/statuses'), { headers })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(forwarded.length).toBe(before + 1)
  })
})

describe('finding 4: only the page this dev server served may use the key', () => {
  it('no secret, a wrong secret, or a secret of an earlier start: 401, nothing forwarded', async () => {
    const { [DEV_SECRET_HEADER]: _, ...withoutSecret } = headers
    const earlier = await start(upstreamBase)
    const earlierHeaders = await pageHeaders(earlier.resolvedUrls!.local[0]!.replace(/\/$/, ''))
    await earlier.close()
    expect(earlierHeaders[DEV_SECRET_HEADER]).not.toBe(headers[DEV_SECRET_HEADER])
    for (const [name, sent] of [
      ['no secret', withoutSecret],
      ['a wrong secret', { ...headers, [DEV_SECRET_HEADER]: 'guessed' }],
      [
        'the secret of an earlier start',
        { ...headers, [DEV_SECRET_HEADER]: earlierHeaders[DEV_SECRET_HEADER]! },
      ],
    ] as const) {
      const { response, reached } = await attempt(name, api('/conversation/conversations'), { headers: sent })
      expect(reached, name).toBe(false)
      expect(response.status, name).toBe(401)
    }
  })

  it('another local page (http://localhost:8080): no CORS answer for the proxy or the page, its requests refused', async () => {
    const evil = 'http://localhost:8080'
    const preflight = await attempt(
      'DELETE preflight from localhost:8080',
      api('/conversation/conversations/x/leave'),
      {
        method: 'OPTIONS',
        headers: {
          origin: evil,
          'access-control-request-method': 'DELETE',
          'access-control-request-headers': CLIENT_HEADER,
        },
      },
    )
    expect(preflight.response.headers.get('access-control-allow-origin')).toBeNull()
    expect(preflight.response.headers.get('access-control-allow-methods')).toBeNull()
    // The page (which holds the secret) cannot be read from there either.
    const page = await fetch(`${origin}/`, { headers: { origin: evil } })
    await page.text()
    tally.attempts++
    if (page.headers.get('access-control-allow-origin'))
      tally.through.push('page readable from localhost:8080')
    expect(page.headers.get('access-control-allow-origin')).toBeNull()
    // Even holding the secret, a request from that origin is refused.
    const { response, reached } = await attempt(
      'localhost:8080 with the secret',
      api('/conversation/conversations'),
      {
        headers: { ...headers, origin: evil, 'sec-fetch-site': 'same-site' },
      },
    )
    expect(reached).toBe(false)
    expect(response.status).toBe(403)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('a local forwarder (a tunnel) adding X-Forwarded-For or Forwarded: refused for the proxy and the page', async () => {
    for (const extra of [
      { 'x-forwarded-for': '203.0.113.9' },
      { forwarded: 'for=203.0.113.9;proto=https' },
      { 'x-real-ip': '203.0.113.9' },
      { 'cf-connecting-ip': '203.0.113.9' },
    ] as Record<string, string>[]) {
      const name = `tunnel ${Object.keys(extra)[0]}`
      const { response, reached } = await attempt(name, api('/conversation/conversations'), {
        headers: { ...headers, ...extra },
      })
      expect(reached, name).toBe(false)
      expect(response.status, name).toBe(403)
      const page = await fetch(`${origin}/`, { headers: extra })
      const html = await page.text()
      tally.attempts++
      if (html.includes(headers[DEV_SECRET_HEADER]!)) tally.through.push(`${name}: page with the secret`)
      expect(page.status, name).toBe(403)
    }
  })

  it('DNS rebinding (a Host that is not a loopback name): refused for the proxy and the page', async () => {
    const { port } = new URL(origin)
    for (const path of ['/', '/api/uc/rest/v2/conversation/conversations']) {
      const before = forwarded.length
      const answer = await raw(path, { ...headers, host: `rebind.evil.example:${port}` })
      tally.attempts++
      if (forwarded.length > before || answer.status === 200) tally.through.push(`rebinding ${path}`)
      expect(answer.status, path).toBe(403)
    }
  })
})

describe('findings 2 and 3 on the dev server: console operations only, no cross-site requests', () => {
  it('admin, money and secret operations are not forwarded even with the page’s headers', async () => {
    for (const [method, path] of [
      ['GET', '/conversation/pbx/hardware_phone/1'],
      ['POST', '/conversation/pbx/hardware_phone/1/regenerate_password'],
      ['GET', '/conversation/agent/profiles/1/mcps/1'],
      ['POST', '/conversation/pbx/customer_snapshot'],
      ['POST', '/conversation/pbx/phone_number'],
      ['DELETE', '/conversation/pbx/phone_number/1'],
      ['PUT', '/conversation/virtualagent/budget'],
      // (The canned-message writes are forwarded: the console's saved-reply dialog needs them, named in the plugin.)
    ] as const) {
      const { response, reached } = await attempt(`${method} ${path}`, api(path), {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
      })
      expect(reached, path).toBe(false)
      // 405 where the path is a console operation's under another method (GET canned_messages).
      expect([404, 405], path).toContain(response.status)
    }
  })

  it('forms and images cannot send the headers: refused, nothing forwarded', async () => {
    for (const [name, path, init] of [
      [
        'text/plain form POST',
        '/conversation/canned_messages/search',
        { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' } },
      ],
      [
        'urlencoded POST',
        '/conversation/pbx/phone_number',
        { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      ],
      [
        '<img> GET of keepalive',
        '/conversation/agent/keepalive',
        { headers: { 'sec-fetch-dest': 'image', 'sec-fetch-site': 'cross-site' } },
      ],
      [
        'cross-site fetch with the secret',
        '/conversation/agent/keepalive',
        { headers: { ...headers, 'sec-fetch-site': 'cross-site' } },
      ],
    ] as const) {
      const { response, reached } = await attempt(name, api(path), init as RequestInit)
      expect(reached, name).toBe(false)
      expect([401, 403], name).toContain(response.status)
    }
  })

  it('without the secret, a real route, an unknown route and a wrong method get the same answer', async () => {
    const { [DEV_SECRET_HEADER]: _, ...withoutSecret } = headers
    const answers = new Set<string>()
    for (const [method, path] of [
      ['GET', '/conversation/conversations'],
      ['DELETE', '/conversation/conversations'],
      ['GET', '/conversation/nothing-here'],
      ['GET', '/order/orders'],
    ] as const) {
      const { response, text, reached } = await attempt(`listing ${method} ${path}`, api(path), {
        method,
        headers: withoutSecret,
      })
      expect(reached).toBe(false)
      answers.add(`${response.status} ${response.headers.get('allow')} ${text}`)
    }
    expect(answers.size).toBe(1)
    expect([...answers][0]).toMatch(/^401 null /)
  })
})
