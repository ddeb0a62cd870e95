import { CLIENT_HEADER } from '@uc-conversation/core'
import { decode, encode } from 'next-auth/jwt'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ensureBuilt,
  freePort,
  launchChromium,
  signIn,
  startEmulator,
  startNext,
  untilQuiet,
} from './next-app'

const SESSION_COOKIE = '__Secure-authjs.session-token'
const LIST = '/rest/v2/conversation/conversations'
const ADMIN = '/rest/v2/conversation/pbx/hardware_phone/X'

type Browser = { context: BrowserContext; close: () => Promise<void> }

/** The session cookie's value in a `cookie` header. */
const sessionOf = (cookie: string) =>
  cookie
    .split('; ')
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1) ?? ''

/** The `cookie` header a browser sends to the app. */
const cookiesOf = async (browser: Browser, url: string) =>
  (await browser.context.cookies(url)).map((c) => `${c.name}=${c.value}`).join('; ')

/**
 * Attacks on the example's production build (`next build`, `next start`) in front of an emulator with three
 * agents and the app registered as its OAuth application. Every answer is kept and searched for internal text.
 */
describe('apps/next: each agent signs in as themselves (attacks on the production build)', () => {
  let up: Awaited<ReturnType<typeof startEmulator>>
  let app: Awaited<ReturnType<typeof startNext>>
  const browsers: Browser[] = []
  /** Every body and header the app answered in these tests. */
  const answers: string[] = []

  /** A request as a script would send it: the toolkit's client header, a cookie, nothing followed. */
  const call = async (
    path: string,
    options: { cookie?: string; method?: string; headers?: Record<string, string> } = {},
  ) => {
    const response = await fetch(`${app.url}${path}`, {
      method: options.method ?? 'GET',
      redirect: 'manual',
      headers: {
        [CLIENT_HEADER]: '1',
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...options.headers,
      },
    })
    const text = await response.text()
    answers.push(text, JSON.stringify([...response.headers]))
    return { status: response.status, text, headers: response.headers }
  }
  const errorCode = (text: string) =>
    (JSON.parse(text) as { error?: { error_code?: string } }).error?.error_code
  /** How many requests reached the emulator's REST API (the OAuth endpoints excluded). */
  const upstreamCalls = () => up.requests.filter((line) => !line.includes('/oauth/')).length

  const agentBrowser = async (name: string, viewport?: { width: number; height: number }) => {
    const browser = await launchChromium(viewport)
    browsers.push(browser)
    const page = await browser.context.newPage()
    await signIn(page, app.url, name)
    return { browser, page, cookie: await cookiesOf(browser, app.url) }
  }

  beforeAll(async () => {
    await ensureBuilt()
    const port = await freePort()
    up = await startEmulator(port)
    app = await startNext(port, up.upstream)
  })

  afterAll(async () => {
    for (const browser of browsers) await browser.close()
    await app?.close()
    await up?.close()
    // Nothing internal in any answer: no setting names, no secrets, no token field names.
    const everything = answers.join('\n')
    for (const secret of [up.upstream.clientSecret, up.upstream.authSecret])
      expect(everything).not.toContain(secret)
    for (const internal of ['AUTH_SECRET', 'UC_OAUTH', 'UC_BASE_URL', 'is not set', 'refresh_token', 'stack'])
      expect(everything).not.toContain(internal)
    expect(app?.output() ?? '').not.toContain(up.upstream.clientSecret)
  })

  it('without a session: 401 on the REST route (nothing reaches UltraCart) and pages redirect to sign-in', async () => {
    const before = upstreamCalls()
    for (const [method, path] of [
      ['GET', LIST],
      ['GET', ADMIN],
      ['PUT', '/rest/v2/conversation/agent/auth'],
    ] as const) {
      const answer = await call(path, { method })
      expect(answer.status).toBe(401)
      expect(errorCode(answer.text)).toBe('proxy_unauthorized')
    }
    expect(upstreamCalls()).toBe(before)
    const page = await call('/')
    expect(page.status).toBe(307)
    expect(page.headers.get('location')).toBe('/sign-in?callbackUrl=%2F')
  })

  it('a forged cookie, one encrypted with another secret, and a session JWE in Authorization are refused', async () => {
    const before = upstreamCalls()
    const session = {
      name: 'Demo Agent',
      accessToken: 'made-up',
      refreshToken: 'made-up',
      accessTokenExpiresMs: Date.now() + 3_600_000,
    }
    const foreign = await encode({ token: session, secret: 'another-secret', salt: SESSION_COOKIE })
    for (const cookie of [`${SESSION_COOKIE}=forged`, `${SESSION_COOKIE}=${foreign}`]) {
      expect((await call(LIST, { cookie })).status).toBe(401)
      expect((await call('/', { cookie })).status).toBe(307)
    }
    // Only the cookie is read: the same JWE, validly encrypted, in an Authorization header counts for nothing.
    const valid = await encode({ token: session, secret: up.upstream.authSecret, salt: SESSION_COOKIE })
    expect((await call(LIST, { headers: { authorization: `Bearer ${valid}` } })).status).toBe(401)
    expect(upstreamCalls()).toBe(before)
  })

  it('an expired session, and one whose access token expired with no way to refresh, are refused', async () => {
    const before = upstreamCalls()
    const secret = up.upstream.authSecret
    const expired = await encode({
      token: { name: 'Demo Agent', accessToken: 'x', accessTokenExpiresMs: Date.now() + 3_600_000 },
      secret,
      salt: SESSION_COOKIE,
      maxAge: -60,
    })
    const lapsed = await encode({
      token: { name: 'Demo Agent', accessToken: 'x', accessTokenExpiresMs: Date.now() - 1_000 },
      secret,
      salt: SESSION_COOKIE,
    })
    for (const value of [expired, lapsed]) {
      const cookie = `${SESSION_COOKIE}=${value}`
      expect((await call(LIST, { cookie })).status).toBe(401)
      expect((await call('/', { cookie })).status).toBe(307)
    }
    expect(upstreamCalls()).toBe(before)
  })

  it('two agents in two browsers: each sees their own name, acts as themselves, and signed out is refused', async () => {
    const ada = await agentBrowser('Ada Byron')
    const grace = await agentBrowser('Grace Murray')
    const arnOf = (name: string) => up.emulator.agents.find((a) => a.name === name)?.arn
    // A customer waits for each; each agent opens theirs, is told to join before writing, joins and writes.
    for (const [agent, customer] of [
      [ada, 'Customer of Ada'],
      [grace, 'Customer of Grace'],
    ] as const) {
      const { conversationUuid } = up.emulator.customers.arrive({ queue: 'support', name: customer })
      await agent.page.getByRole('button', { name: new RegExp(customer) }).click()
      await agent.page.getByTestId('messages-freshness').filter({ hasText: 'live' }).waitFor()
      const body = `Hello from ${customer}'s agent`
      await agent.page.getByRole('textbox', { name: 'Message' }).fill(body)
      await agent.page.getByRole('button', { name: 'Send' }).click()
      const alert = agent.page.getByRole('alert').filter({ hasText: 'you have not joined' })
      await alert.getByRole('button', { name: 'Join conversation' }).click()
      await alert.waitFor({ state: 'detached' })
      await agent.page.getByRole('button', { name: 'Send' }).click()
      await agent.page.getByTestId('messages').getByText(body).waitFor()
      const stored = up.emulator.state.messages(conversationUuid).find((m) => m.body === body)
      expect(stored?.author_conversation_participant_arn).toBe(
        arnOf(agent === ada ? 'Ada Byron' : 'Grace Murray'),
      )
    }
    await ada.page.getByTestId('agent-name').filter({ hasText: 'Ada Byron' }).waitFor()
    await grace.page.getByTestId('agent-name').filter({ hasText: 'Grace Murray' }).waitFor()

    // UltraCart sees each agent's own token: the websocket authorization names them, whatever else is sent.
    const who = async (cookie: string, headers: Record<string, string> = {}) => {
      const answer = await call('/rest/v2/conversation/agent/auth', { method: 'PUT', cookie, headers })
      expect(answer.status).toBe(200)
      return JSON.parse(answer.text).agent_auth.conversation_participant_name
    }
    expect(await who(ada.cookie)).toBe('Ada Byron')
    expect(await who(grace.cookie)).toBe('Grace Murray')
    // Ada cannot act as anyone else: credentials she adds are dropped, her own token is sent.
    expect(await who(ada.cookie, { 'x-ultracart-simple-key': 'emulator-simple-key' })).toBe('Ada Byron')
    expect(await who(ada.cookie, { authorization: `Bearer ${sessionOf(grace.cookie)}` })).toBe('Ada Byron')

    // Grace signs out: her browser is refused, and a copy of her cookie taken before is refused by UltraCart
    // (the refresh token, and with it the access token, were revoked).
    await grace.page.getByRole('button', { name: 'Sign out' }).click()
    await grace.page.waitForURL((url) => url.pathname === '/sign-in')
    const fromBrowser = await grace.page.evaluate(
      async ([path, header]) => (await fetch(path, { headers: { [header]: '1' } })).status,
      [LIST, CLIENT_HEADER] as const,
    )
    expect(fromBrowser).toBe(401)
    const mark = up.requests.length
    const replay = await call(LIST, { cookie: grace.cookie })
    expect(replay.status).toBe(401)
    // It did reach UltraCart, which refused the revoked token (what a stateless session cannot avoid).
    expect(up.requests.slice(mark)).toContain(`GET ${LIST} 401`)
    expect(up.requests).toContain('POST /rest/v2/oauth/revoke 200')
    // Ada is still signed in.
    expect((await call(LIST, { cookie: ada.cookie })).status).toBe(200)
    await ada.page.goto('about:blank')
  })

  it('a valid session used from another site, or without the client header, is refused before UltraCart', async () => {
    const { page, cookie } = await agentBrowser('Demo Agent')
    // The console's own requests stop (and those in flight are logged), so that the count below is only of these.
    await page.goto('about:blank')
    await untilQuiet(up.requests)
    const before = upstreamCalls()
    const refusals = [
      await call(LIST, { cookie, headers: { origin: 'http://evil.example' } }),
      await call(LIST, { cookie, headers: { 'sec-fetch-site': 'cross-site' } }),
      await call(LIST, { cookie, headers: { [CLIENT_HEADER]: '' } }),
      await call(`${LIST}/x/messages`, { cookie, method: 'POST', headers: { origin: 'null' } }),
    ]
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403])
    expect(upstreamCalls()).toBe(before)
  })

  it('administrator operations are refused even when signed in', async () => {
    const { cookie } = await agentBrowser('Demo Agent')
    for (const [method, path] of [
      ['GET', ADMIN],
      ['DELETE', ADMIN],
      ['GET', '/rest/v2/conversation/pbx/agent'],
    ] as const) {
      const answer = await call(path, { cookie, method })
      expect(answer.status).toBeGreaterThanOrEqual(400)
      expect(answer.status).toBeLessThan(500)
    }
    expect(up.requests.some((line) => line.includes('/pbx/'))).toBe(false)
  })

  it('the session cookie is Secure, HttpOnly, SameSite=Lax, expires in 8 hours and is renewed on use', async () => {
    const { browser, cookie } = await agentBrowser('Demo Agent')
    // Chromium kept a Secure cookie from http://127.0.0.1 (a potentially trustworthy origin): the sign-in worked.
    const session = (await browser.context.cookies(app.url)).find((c) => c.name === SESSION_COOKIE)
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' })
    const hours = ((session?.expires ?? 0) * 1000 - Date.now()) / 3_600_000
    expect(hours).toBeGreaterThan(7.9)
    expect(hours).toBeLessThanOrEqual(8)
    // Each use re-encrypts it with a new expiry (a new value every time).
    const page = await call('/', { cookie })
    expect(page.status).toBe(200)
    const renewed = page.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`)) ?? ''
    expect(renewed).toMatch(/; Secure/i)
    expect(renewed).toMatch(/; HttpOnly/i)
    expect(renewed).toMatch(/; SameSite=Lax/i)
    expect(renewed).toMatch(/; Expires=/i)
    expect(renewed.split(';')[0]).not.toBe(`${SESSION_COOKIE}=${sessionOf(cookie)}`)
  })

  it('fits a 390 px wide phone', async () => {
    const { page } = await agentBrowser('Demo Agent', { width: 390, height: 844 })
    await page.getByTestId('list-freshness').filter({ hasText: 'live' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  })
})

/** The access token refreshed before it expires: one refresh for concurrent requests, the cookie renewed. */
describe('apps/next: refreshing the agent token', () => {
  let up: Awaited<ReturnType<typeof startEmulator>>
  let app: Awaited<ReturnType<typeof startNext>>
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    await ensureBuilt()
    const port = await freePort()
    // Tokens of 60 s, the app's refresh margin: every request after sign-in finds the token due.
    up = await startEmulator(port, { oauth: { accessTokenTtlMs: 60_000 } })
    app = await startNext(port, up.upstream)
    browser = await launchChromium()
    page = await browser.context.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await up?.close()
  })

  it('concurrent requests share one refresh, the route uses the refreshed token at once, the old cookie gets the same', async () => {
    await signIn(page, app.url, 'Ada Byron')
    // The console refreshes on each request too: leave it, then take the newest cookie.
    await page.goto('about:blank')
    const refreshes = () => up.requests.filter((line) => line === 'POST /rest/v2/oauth/token 200').length
    // One request first: its renewed cookie holds a refresh token nobody has used (the page's last answers may
    // have been cut off by leaving it).
    const first = await fetch(`${app.url}${LIST}`, {
      headers: { [CLIENT_HEADER]: '1', cookie: await cookiesOf(browser, app.url) },
    })
    expect(first.status).toBe(200)
    const cookie = `${
      first.headers
        .getSetCookie()
        .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
        ?.split(';')[0]
    }`
    // The access token inside is revoked: only the refreshed one, handed on to the route within the same
    // request, can answer these (the route would otherwise send the revoked one and get 401).
    const inside = await decode({
      token: cookie.slice(SESSION_COOKIE.length + 1),
      secret: up.upstream.authSecret,
      salt: SESSION_COOKIE,
    })
    const revoked = await fetch(`${up.upstream.oauthUrl}/revoke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${btoa(`${up.upstream.clientId}:${up.upstream.clientSecret}`)}`,
      },
      body: new URLSearchParams({ token: String(inside?.accessToken) }),
    })
    expect(revoked.status).toBe(200)
    const before = refreshes()
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`${app.url}${LIST}`, { headers: { [CLIENT_HEADER]: '1', cookie } }),
      ),
    )
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200])
    expect(refreshes()).toBe(before + 1)
    // Each answer carries the renewed session (the refreshed tokens inside).
    const renewed = answers[0]?.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    expect(renewed).toBeTruthy()
    // A request still carrying the old cookie (sent before the new one arrived) gets the same refresh.
    const late = await fetch(`${app.url}${LIST}`, { headers: { [CLIENT_HEADER]: '1', cookie } })
    expect(late.status).toBe(200)
    expect(refreshes()).toBe(before + 1)
    const next = `${renewed?.split(';')[0]}`
    const again = await fetch(`${app.url}${LIST}`, { headers: { [CLIENT_HEADER]: '1', cookie: next } })
    expect(again.status).toBe(200)
  })
})

/** A deployment missing a setting says so in its own log only. */
describe('apps/next: a missing setting is not told to callers', () => {
  let up: Awaited<ReturnType<typeof startEmulator>>
  let app: Awaited<ReturnType<typeof startNext>>

  beforeAll(async () => {
    await ensureBuilt()
    const port = await freePort()
    up = await startEmulator(port)
    app = await startNext(port, { ...up.upstream, clientSecret: '' })
  })
  afterAll(async () => {
    await app?.close()
    await up?.close()
  })

  it('answers a generic 500 and logs which setting is missing', async () => {
    for (const path of ['/', '/sign-in', LIST]) {
      const response = await fetch(`${app.url}${path}`, {
        headers: { [CLIENT_HEADER]: '1' },
        redirect: 'manual',
      })
      const text = `${await response.text()} ${JSON.stringify([...response.headers])}`
      expect(response.status).toBe(500)
      for (const internal of [
        'UC_OAUTH_CLIENT_SECRET',
        'is not set',
        'MissingSettingError',
        up.upstream.authSecret,
      ])
        expect(text).not.toContain(internal)
    }
    expect(app.output()).toContain('UC_OAUTH_CLIENT_SECRET is not set')
  })
})
