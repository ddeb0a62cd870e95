import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createEmulator, type Emulator } from '@uc-conversation/emulator'
import type { AxeResults, RunOptions } from 'axe-core'
import type { BrowserContext, Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoRoot, launchChromium, startDevServer } from './harness'

const axeSource: string = createRequire(import.meta.url)('axe-core').source

interface Violation {
  id: string
  impact: string | null | undefined
  nodes: number
  targets: string[]
}

/**
 * Accessibility in Chromium: axe-core finds no serious or critical violation on any view, at 1280 and 390 px,
 * in the light and the dark scheme; one's own message is announced once; the reconnect countdown is not read out;
 * the skip link lands on the conversation; dark mode follows the system. Screenshots for the README go to docs/.
 */
describe('console accessibility in Chromium', () => {
  let emulator: Emulator
  let server: ViteDevServer
  let url: string
  let browser: { context: BrowserContext; close: () => Promise<void> }
  let page: Page
  let rosa: string
  /** Every axe run: view name → all violations (any impact). */
  const report = new Map<string, Violation[]>()
  const doc = (name: string) => page.screenshot({ path: join(demoRoot, 'docs', `${name}.png`) })

  const axe = async (view: string) => {
    const violations: Violation[] = await page.evaluate(async () => {
      const { axe } = window as unknown as {
        axe: { run: (context: Document, options: RunOptions) => Promise<AxeResults> }
      }
      const result = await axe.run(document, { resultTypes: ['violations'] })
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.length,
        targets: v.nodes.slice(0, 3).map((n) => String(n.target)),
      }))
    })
    report.set(view, violations)
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  }

  beforeAll(async () => {
    emulator = createEmulator({ demoData: true, corsOrigins: '*', customers: { autoReply: false } })
    ;({ server, url } = await startDevServer(emulator))
    browser = await launchChromium()
    await browser.context.addInitScript({ content: axeSource })
    page = await browser.context.newPage()
  })
  afterAll(async () => {
    // The figures for the report: every view and what axe found there (moderate and minor included).
    const all = [...report.values()].flat()
    console.log(
      `axe: ${report.size} views, ${all.filter((v) => v.impact === 'serious' || v.impact === 'critical').length} serious/critical, ${all.length} in all`,
      JSON.stringify(Object.fromEntries([...report].filter(([, v]) => v.length))),
    )
    await browser?.close()
    await server?.close()
    await emulator?.close()
  })

  it('a conversation with a reply: one own message is added to the log once (announced once)', async () => {
    await page.goto(url)
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor()
    await page.getByRole('radio', { name: 'Available', exact: true }).check()
    rosa = emulator.customers.arrive({
      queue: 'support',
      name: 'Rosa Diaz',
      email: 'rosa@example.com',
      question: 'Where is order #4711?',
    }).conversationUuid
    await page.getByRole('button', { name: 'Join Rosa Diaz' }).click()
    await page.getByRole('heading', { name: 'Rosa Diaz', level: 2 }).waitFor()
    await page.locator('[role="log"] [data-testid="message"]').first().waitFor()
    // Counts the message rows the log gains: a screen reader announces each addition.
    await page.evaluate(() => {
      const w = window as unknown as { __added: number }
      w.__added = 0
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes)
            if (n instanceof HTMLElement && n.matches('[data-testid="message"]')) w.__added++
      }).observe(document.querySelector('[role="log"]')!, { childList: true, subtree: true })
    })
    const composer = page.getByLabel('Message', { exact: true })
    await composer.fill('Hi Rosa, let me check.')
    await composer.press('Enter')
    await page
      .locator('[role="log"] [data-testid="message"]', { hasText: 'Hi Rosa, let me check.' })
      .locator('[data-testid="delivery"][data-status="sent"], [data-testid="delivery"][data-status="read"]')
      .waitFor()
    expect(await page.evaluate(() => (window as unknown as { __added: number }).__added)).toBe(1)
    emulator.customers.say(rosa, 'Thanks! It was ordered on Monday: https://shop.example.com/orders/4711')
    await page.getByRole('link', { name: 'https://shop.example.com/orders/4711' }).waitFor()
  })

  for (const scheme of ['light', 'dark'] as const)
    it(`axe: no serious or critical violation on any view at 1280 px (${scheme})`, async () => {
      await page.setViewportSize({ width: 1280, height: 800 })
      await page.emulateMedia({ colorScheme: scheme })
      await page.locator('[data-testid="customer-panel"]').waitFor()
      expect(await axe(`1280 ${scheme}: queues, list, conversation, customer`)).toEqual([])
      if (scheme === 'light') await doc('console-1280')
      else await doc('console-1280-dark')
      // The saved-reply picker in the composer.
      const composer = page.getByLabel('Message', { exact: true })
      await composer.fill('/')
      await page.getByRole('listbox', { name: 'Saved replies' }).getByRole('option').first().waitFor()
      expect(await axe(`1280 ${scheme}: saved-reply picker`)).toEqual([])
      await composer.fill('')
      for (const [open, dialog] of [
        ['Saved replies…', 'Saved replies'],
        ['Leave', 'Leave this conversation?'],
        ['Start conversation', 'Start a conversation'],
      ] as const) {
        await page.getByRole('button', { name: open, exact: true }).click()
        await page.getByRole('dialog', { name: dialog }).waitFor()
        expect(await axe(`1280 ${scheme}: dialog ${dialog}`)).toEqual([])
        if (scheme === 'light' && dialog === 'Saved replies')
          await page
            .getByRole('dialog', { name: dialog })
            .screenshot({ path: join(demoRoot, 'docs', 'saved-replies.png') })
        await page.keyboard.press('Escape')
        await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
      }
      await page.getByRole('button', { name: 'Alerts' }).click()
      expect(await axe(`1280 ${scheme}: alert settings`)).toEqual([])
      await page.getByRole('button', { name: 'Alerts' }).click()
      for (const view of ['mine', 'waiting', 'closed', 'open'] as const) {
        await page.locator(`[data-testid="view-${view}"]`).click()
        expect(await axe(`1280 ${scheme}: view ${view}`)).toEqual([])
      }
      await page.getByLabel('Search conversations').fill('order')
      await page.locator('[data-testid="search-results"]').waitFor()
      expect(await axe(`1280 ${scheme}: search results`)).toEqual([])
      await page.getByLabel('Search conversations').fill('')
    })

  for (const scheme of ['light', 'dark'] as const)
    it(`axe: no serious or critical violation on any panel at 390 px (${scheme})`, async () => {
      await page.setViewportSize({ width: 390, height: 844 })
      await page.emulateMedia({ colorScheme: scheme })
      for (const panel of ['Queues', 'Conversations', 'Chat', 'Customer']) {
        await page.locator('.tabs').getByRole('button', { name: panel }).click()
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        expect(overflow).toBeLessThanOrEqual(0)
        expect(await axe(`390 ${scheme}: ${panel}`)).toEqual([])
        if (scheme === 'light' && (panel === 'Chat' || panel === 'Queues'))
          await doc(`console-390-${panel.toLowerCase()}`)
      }
      await page.setViewportSize({ width: 1280, height: 800 })
    })

  it('dark mode follows the system', async () => {
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
    await page.emulateMedia({ colorScheme: 'light' })
    const light = await background()
    await page.emulateMedia({ colorScheme: 'dark' })
    expect(await background()).not.toBe(light)
    expect(await background()).toBe('rgb(15, 19, 28)')
    await page.emulateMedia({ colorScheme: 'light' })
  })

  it('the skip link lands on the conversation heading', async () => {
    await page.reload()
    await page.getByRole('heading', { name: 'Rosa Diaz', level: 2 }).waitFor()
    // The first stop of the keyboard.
    const first = await page.evaluate(
      () =>
        document.querySelector<HTMLElement>('a[href], button, input, select, textarea, [tabindex="0"]')
          ?.textContent,
    )
    expect(first).toBe('Skip to the conversation')
    await page.getByRole('link', { name: 'Skip to the conversation' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('chat-heading')
  })

  it('the reconnect countdown is shown but not read out every second', async () => {
    // The socket cannot be authorized for a while: the console backs off and counts down.
    emulator.faults.set({ errorRate: { getAgentWebsocketAuthorization: 1 } })
    emulator.sockets.dropAll()
    const countdown = page.locator('[data-testid="retry-countdown"]')
    await countdown.waitFor({ timeout: 15_000 })
    expect(await countdown.getAttribute('aria-hidden')).toBe('true')
    expect(await page.locator('[data-testid="connection"]').ariaSnapshot()).not.toContain('retrying in')
    emulator.faults.clear()
    await page.getByRole('button', { name: 'Retry now' }).click()
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 15_000 })
  })
})
