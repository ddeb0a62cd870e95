import { CLIENT_HEADER } from '@uc-conversation/core'
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

/**
 * The example as users run it: `next build`, then `next start` on 127.0.0.1 in front of an emulator this test
 * owns (its request log is the count of what reached "UltraCart"), loaded in Chromium by an agent signed in
 * through the emulator's OAuth flow.
 */
describe('apps/next: server prefetch, hydration, live through the proxy', () => {
  let upstream: Awaited<ReturnType<typeof startEmulator>>
  let app: Awaited<ReturnType<typeof startNext>>
  let browser: { context: BrowserContext; close: () => Promise<void> }
  /** `METHOD /path status` of every REST request the emulator answered, in order. */
  let requests: string[]

  beforeAll(async () => {
    await ensureBuilt()
    const port = await freePort()
    upstream = await startEmulator(port)
    requests = upstream.requests
    app = await startNext(port, upstream.upstream)
    browser = await launchChromium()
    const page = await browser.context.newPage()
    await signIn(page, app.url, 'Demo Agent')
    await page.close()
  })

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await upstream?.close()
    // The client secret reached the server only: nothing the app printed names it.
    expect(app?.output() ?? '').not.toContain(upstream?.upstream.clientSecret)
  })

  const count = (pattern: RegExp) => requests.filter((line) => pattern.test(line)).length
  const LIST = /^GET \/rest\/v2\/conversation\/conversations 200$/
  const STATUSES = /^GET \/rest\/v2\/conversation\/conversations\/queues\/statuses 200$/
  const MESSAGES_FROM_0 = /^GET \/rest\/v2\/conversation\/conversations\/[^/]+\/messages\/0 200$/
  const MESSAGES = /^GET \/rest\/v2\/conversation\/conversations\/[^/]+\/messages\/\d+ 200$/

  /** Loads the page and waits until both streams are live and every catch-up has come back. */
  const open = async (): Promise<{ page: Page; html: string; from: number }> => {
    // The sign-in page closed just before may still have loads in flight: they must not count in this window.
    await untilQuiet(requests)
    const page = await browser.context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
    const from = requests.length
    const response = await page.goto(app.url)
    const html = (await response?.text()) ?? ''
    await page.getByTestId('messages-freshness').filter({ hasText: 'live' }).waitFor()
    await page.getByTestId('list-freshness').filter({ hasText: 'live' }).waitFor()
    await page.waitForLoadState('networkidle')
    expect(problems).toEqual([])
    return { page, html, from }
  }

  it('the streams start from the prefetched data: no list reload and no message reload from 0 after hydration', async () => {
    const { page, html, from } = await open()
    // The server rendered the list and the newest conversation's messages into the HTML.
    expect(html).toContain('data-testid="messages"')
    const since = (pattern: RegExp) => requests.slice(from).filter((line) => pattern.test(line)).length
    // The server's render: the list once and the messages once, from 0. The browser: the list once and the
    // messages once, each the catch-up the socket's opening asks for, the messages from the newest prefetched
    // one. Before seeding the browser loaded both again from the start as well (list: initial + catch-up;
    // messages: /messages/0 + catch-up), repeating what the server had fetched.
    expect(since(MESSAGES_FROM_0)).toBe(1)
    expect(since(MESSAGES)).toBe(2)
    expect(since(LIST)).toBe(2)
    // The queue statuses likewise: rendered on the server (before, the HTML had none and the browser loaded
    // them twice: the stream's initial load and the catch-up), then only the browser's catch-up.
    expect(html).toMatch(/Start in (<!-- -->)?\w+/)
    expect(since(STATUSES)).toBe(2)
    expect(since(/^PUT \/rest\/v2\/conversation\/agent\/auth 200$/)).toBe(1)
    await page.close()
  })

  it('goes live through the proxy: a sent message arrives, and the proxy refuses what is not a Conversation operation', async () => {
    const { page } = await open()
    // The newest conversation is a customer waiting in a queue: the agent has not joined it yet, so the page
    // says why it does not send, and offers the fix (issue 20). Before, the message was sent and dropped.
    const joins = count(/^PUT \/rest\/v2\/conversation\/conversations\/[^/]+\/join 2\d\d$/)
    await page.getByRole('textbox', { name: 'Message' }).fill('Sent through Next')
    await page.getByRole('button', { name: 'Send' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'you have not joined this conversation' })
    await alert.waitFor()
    await alert.getByRole('button', { name: 'Join conversation' }).click()
    await alert.waitFor({ state: 'detached' })
    expect(count(/^PUT \/rest\/v2\/conversation\/conversations\/[^/]+\/join 2\d\d$/)).toBe(joins + 1)
    await page.getByRole('button', { name: 'Send' }).click()
    await page.getByTestId('messages').getByText('Sent through Next').waitFor()
    const refused = await page.evaluate(async (header) => {
      const response = await fetch('/rest/v2/order/orders', { headers: { [header]: '1' } })
      return {
        status: response.status,
        body: await response.json(),
        restError: response.headers.get('uc-rest-error'),
      }
    }, CLIENT_HEADER)
    expect(refused.status).toBe(404)
    expect(refused.body.error.error_code).toBe('proxy_unknown_operation')
    expect(refused.restError).toBeTruthy()
    // Without the page's session cookie the proxy refuses before anything is sent.
    const before = requests.length
    const anonymous = await fetch(`${app.url}/rest/v2/conversation/conversations`, {
      headers: { [CLIENT_HEADER]: '1' },
    })
    expect(anonymous.status).toBe(401)
    expect(((await anonymous.json()) as { error: { error_code: string } }).error.error_code).toBe(
      'proxy_unauthorized',
    )
    expect(requests.length).toBe(before)
    await page.close()
  })

  it('starts a conversation in a queue by the uuid its waiting customers show (webchatQueueUuids)', async () => {
    const { page } = await open()
    const start = page
      .getByRole('button', { name: /^Start in / })
      .and(page.locator(':enabled'))
      .first()
    await start.waitFor()
    const before = count(/^PUT \/rest\/v2\/conversation\/conversations 200$/)
    await start.click()
    await expect.poll(() => count(/^PUT \/rest\/v2\/conversation\/conversations 200$/)).toBe(before + 1)
    await page.close()
  })
})
