import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createEmulator, type Emulator } from '@uc-conversation/emulator'
import type { AxeResults, RunOptions } from 'axe-core'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, resultsDir, startDevServer } from './harness'

const axeSource: string = createRequire(import.meta.url)('axe-core').source

/** Where the page keeps the console client's budget (core's `hourlyBudget()`), so the test can spend it. */
const BUDGET_GLOBAL = '__ucConsoleBudget'

/**
 * Issue 18 point 2 in Chromium: with the console's hourly request budget spent, the loads its live streams need
 * wait in the client's queue; the conversation list and the queue panel say they are catching up (never shown
 * as up to date meanwhile), the open conversation says it waits for the budget, and all of it clears once the
 * budget lets the loads through.
 */
describe('agent console with its request budget spent', () => {
  let emulator: Emulator
  let stop: () => Promise<void>
  let browser: { context: BrowserContext; close: () => Promise<void> }
  let page: Page
  const listNote = () => page.locator('[data-testid="conversations-behind"]')
  const queuesNote = () => page.locator('[data-testid="queues-behind"]')
  /** The open conversation's line under its heading: medium, freshness and the budget warning. */
  const chatHead = () => page.locator('.chat-head p.muted')

  beforeAll(async () => {
    emulator = createEmulator({ demoData: true, corsOrigins: '*', customers: { autoReply: false } })
    const dev = await startDevServer(emulator)
    stop = () => dev.server.close()
    browser = await launchChromium()
    await browser.context.addInitScript({ content: axeSource })
    page = await browser.context.newPage()
    // The console's client is made inside its provider; the page keeps a handle on its budget (the same
    // `hourlyBudget()` object, unchanged) so the test can spend it as an hour of requests would. One object for
    // every console the page makes: React's StrictMode makes it twice and keeps one.
    let patched = false
    await page.route('**/src/console-context.tsx*', async (route) => {
      const response = await route.fetch()
      const body = await response.text()
      patched = body.includes('budget: hourlyBudget()')
      await route.fulfill({
        response,
        body: body.replace(
          'budget: hourlyBudget()',
          `budget: (globalThis.${BUDGET_GLOBAL} ??= hourlyBudget())`,
        ),
      })
    })
    await page.goto(dev.url)
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor()
    expect(patched).toBe(true)
  })
  afterAll(async () => {
    await browser?.close()
    await stop?.()
    await emulator?.close()
  })

  it('the list, the queues and the open conversation say so while their loads wait, and clear once they go', async () => {
    const customer = emulator.customers.arrive({
      queue: 'support',
      name: 'Lena Park',
      question: 'Where is it?',
    })
    await page
      .locator('[data-testid="waiting-customer"]', { hasText: 'Lena Park' })
      .getByRole('button', { name: 'Join Lena Park' })
      .click()
    await page.getByRole('heading', { name: 'Lena Park', level: 2 }).waitFor()
    await expect.poll(() => chatHead().textContent()).toMatch(/· live/)
    expect(await listNote().count()).toBe(0)
    expect(await queuesNote().count()).toBe(0)

    // An hour's requests spent and four more (the first load then waits over 14 s: time to look), then the
    // network comes back: every live stream needs a catch-up, and each waits in the client's queue for the budget.
    const left = await page.evaluate(
      ({ name, extra }) => {
        const budget = (globalThis as unknown as Record<string, { left(): number; take(): void }>)[name]
        if (!budget) throw new Error('no budget handle')
        while (budget.left() >= 1) budget.take()
        for (let i = 0; i < extra; i++) budget.take()
        window.dispatchEvent(new Event('online'))
        return budget.left()
      },
      { name: BUDGET_GLOBAL, extra: 4 },
    )
    expect(left).toBeLessThan(1)

    await listNote().waitFor({ timeout: 5_000 })
    await queuesNote().waitFor({ timeout: 5_000 })
    await expect.poll(() => chatHead().textContent()).toMatch(/waiting for the hourly request budget/)
    await expect.poll(() => listNote().textContent()).toMatch(/waiting for the hourly request budget/)
    await expect.poll(() => queuesNote().textContent()).toMatch(/waiting for the hourly request budget/)
    // The socket stayed up: the banner is about the connection, the notes about what the loads wait for.
    expect(await page.locator('[data-testid="connection"]').getAttribute('data-status')).toBe('live')
    await page.screenshot({ path: join(resultsDir, 'budget-spent.png') })
    const serious = await page.evaluate(async () => {
      const { axe } = window as unknown as {
        axe: { run: (context: Document, options: RunOptions) => Promise<AxeResults> }
      }
      const { violations } = await axe.run(document, { resultTypes: ['violations'] })
      return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)
    })
    expect(serious).toEqual([])
    // Still waiting after the accessibility check: what was checked is the state with the notes.
    expect(await listNote().count()).toBe(1)
    expect(await queuesNote().count()).toBe(1)

    // The budget drains (UltraCart's 1,000 an hour: one request per 3.6 s); every waiting load goes, and the
    // panels say nothing more.
    await listNote().waitFor({ state: 'detached', timeout: 60_000 })
    await queuesNote().waitFor({ state: 'detached', timeout: 60_000 })
    await expect.poll(() => chatHead().textContent(), { timeout: 60_000 }).toMatch(/· live$/)
    expect(emulator.state.conversation(customer.conversationUuid)).toBeDefined()
  }, 120_000)
})
