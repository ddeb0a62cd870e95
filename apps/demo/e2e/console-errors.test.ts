import { createServer as createHttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { createEmulator, type Emulator } from '@uc-conversation/emulator'
import type { BrowserContext, Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { launchChromium, resultsDir, startDevServer } from './harness'

/**
 * Issue 11, point 8 in Chromium: a refused key or an unreachable UltraCart ends in a visible error naming its
 * cause, never "Loading queues…" forever, and the key never reaches the page.
 */
describe('agent console with a bad key or an unreachable UltraCart', () => {
  const KEY = 'uc-demo-wrong-key-0123456789'
  const cleanup: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close()
  })

  const open = async (
    baseUrl: string,
  ): Promise<{ page: Page; requests: () => number; text: () => Promise<string> }> => {
    const { server, url } = await startDevServer(undefined, {
      env: { UC_SIMPLE_KEY: KEY, UC_BASE_URL: baseUrl },
    })
    cleanup.push(() => server.close())
    const browser: { context: BrowserContext; close: () => Promise<void> } = await launchChromium()
    cleanup.push(() => browser.close())
    const page = await browser.context.newPage()
    let count = 0
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/uc/')) count++
    })
    await page.goto(url)
    // innerText: what a person sees (textContent would include hidden text).
    // biome-ignore lint/performance/useDomNodeTextContent: the visible text is the point
    return { page, requests: () => count, text: () => page.locator('body').innerText() }
  }

  it('a refused key: the queues, the banner and the session name "Invalid credentials (401)"; requests stop', async () => {
    const emulator: Emulator = createEmulator({ demoData: true, corsOrigins: '*' })
    cleanup.push(() => emulator.close())
    const upstream = await emulator.listen({ port: 0 })
    cleanup.push(() => upstream.close())
    const started = Date.now()
    const { page, requests, text } = await open(upstream.url)

    await page
      .locator('[data-testid="queues-error"]')
      .getByText('Invalid credentials (401)')
      .waitFor({ timeout: 10_000 })
    await page.locator('[data-testid="connection"][data-status="failed"]').waitFor({ timeout: 10_000 })
    await page.locator('[data-testid="keepalive"][data-status="failed"]').waitFor({ timeout: 10_000 })
    expect(await page.getByText('Loading queues…').count()).toBe(0)
    expect(await page.getByText(/^Session alive/).count()).toBe(0)
    expect(await page.getByText('Live', { exact: true }).count()).toBe(0)
    const shown = await text()
    expect(shown).not.toContain(KEY)
    await page.screenshot({ path: join(resultsDir, 'errors-bad-key.png') })

    // Permanent: after the first answers, nothing more is asked (at most 20 requests in the first minute).
    const settled = requests()
    await page.waitForTimeout(Math.max(0, 15_000 - (Date.now() - started)))
    console.log(`bad key: ${settled} requests until the error showed, ${requests()} in the first 15 s`)
    expect(requests()).toBeLessThanOrEqual(20)
  })

  it('an unreachable UltraCart (closed port): the error names ECONNREFUSED, not "Loading queues…"', async () => {
    const probe = createHttpServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as AddressInfo
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    const { page, text } = await open(`http://127.0.0.1:${port}/rest/v2`)

    await page.getByText('ECONNREFUSED').first().waitFor({ timeout: 10_000 })
    expect(await page.getByText('Loading queues…').count()).toBe(0)
    expect(await page.getByText(/^Session alive/).count()).toBe(0)
    expect(await page.getByText('Live', { exact: true }).count()).toBe(0)
    const shown = await text()
    expect(shown).not.toContain(KEY)
    expect(shown).not.toContain('fetch failed')
    await page.screenshot({ path: join(resultsDir, 'errors-unreachable.png') })
  })
})
