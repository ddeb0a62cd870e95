import { createEmulator, type Emulator } from '@uc-conversation/emulator'
import type { Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, startDevServer } from './harness'

/** What the page holds: listeners on window and document by type, and live intervals and timeouts. */
interface Held {
  listeners: Record<string, number>
  intervals: number
  timeouts: number
}

/**
 * The console's own listeners and timers (URL, visibility, attention, search delay, dialogs, menus, the composer)
 * are released when what made them goes: after opening and leaving every view, dialog and menu, the page holds
 * what it held before.
 */
describe('the console releases what it holds (Chromium)', () => {
  let emulator: Emulator
  let server: ViteDevServer
  let url: string
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let page: Page
  const held = () => page.evaluate(() => (window as unknown as { __held: () => Held }).__held())

  beforeAll(async () => {
    emulator = createEmulator({ demoData: true, corsOrigins: '*', customers: { autoReply: false } })
    ;({ server, url } = await startDevServer(emulator))
    browser = await launchChromium()
    await browser.context.addInitScript(() => {
      const counts = new Map<string, number>()
      const seen = new WeakMap<object, Set<string>>()
      for (const [name, target] of [
        ['window', window],
        ['document', document],
      ] as const) {
        const add = target.addEventListener.bind(target)
        const remove = target.removeEventListener.bind(target)
        const keyOf = (type: string, options: unknown) =>
          `${name}:${type}:${typeof options === 'boolean' ? options : !!(options as { capture?: boolean })?.capture}`
        target.addEventListener = (
          type: string,
          listener: EventListenerOrEventListenerObject | null,
          options?: boolean | AddEventListenerOptions,
        ) => {
          if (listener && typeof listener === 'object' ? true : typeof listener === 'function') {
            const key = keyOf(type, options)
            let keys = seen.get(listener as object)
            if (!keys) {
              keys = new Set()
              seen.set(listener as object, keys)
            }
            if (!keys.has(key)) {
              keys.add(key)
              counts.set(key, (counts.get(key) ?? 0) + 1)
            }
          }
          add(type, listener as EventListenerOrEventListenerObject, options)
        }
        target.removeEventListener = (
          type: string,
          listener: EventListenerOrEventListenerObject | null,
          options?: boolean | EventListenerOptions,
        ) => {
          const key = keyOf(type, options)
          const keys = listener ? seen.get(listener as object) : undefined
          if (keys?.delete(key)) counts.set(key, (counts.get(key) ?? 1) - 1)
          remove(type, listener as EventListenerOrEventListenerObject, options)
        }
      }
      const intervals = new Set<number>()
      const timeouts = new Set<number>()
      const setI = window.setInterval.bind(window)
      const clearI = window.clearInterval.bind(window)
      const setT = window.setTimeout.bind(window)
      const clearT = window.clearTimeout.bind(window)
      window.setInterval = ((fn: TimerHandler, ms?: number, ...rest: unknown[]) => {
        const id = setI(fn, ms, ...rest)
        intervals.add(id)
        return id
      }) as typeof window.setInterval
      window.clearInterval = ((id?: number) => {
        if (id !== undefined) intervals.delete(id)
        clearI(id)
      }) as typeof window.clearInterval
      window.setTimeout = ((fn: TimerHandler, ms?: number, ...rest: unknown[]) => {
        const id = setT(
          (...args: unknown[]) => {
            timeouts.delete(id)
            if (typeof fn === 'function') fn(...args)
          },
          ms,
          ...rest,
        )
        timeouts.add(id)
        return id
      }) as typeof window.setTimeout
      window.clearTimeout = ((id?: number) => {
        if (id !== undefined) timeouts.delete(id)
        clearT(id)
      }) as typeof window.clearTimeout
      ;(window as unknown as { __held: () => Held }).__held = () => ({
        listeners: Object.fromEntries([...counts].filter(([, n]) => n > 0)),
        intervals: intervals.size,
        timeouts: timeouts.size,
      })
    })
    page = await browser.context.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await emulator?.close()
  })

  it('opening and leaving every view, dialog and menu leaves no listener or timer behind', async () => {
    await page.goto(url)
    await page.getByText('Live', { exact: true }).first().waitFor()
    // The agent's own conversations: joined, so the composer (and its saved replies) is there.
    await page.getByRole('button', { name: /^Mine/ }).click()
    const rows = page.locator('[data-testid="conversation-item"]')
    await rows.first().waitFor()
    const first = await rows.nth(0).getAttribute('data-uuid')
    await rows.nth(0).click()
    await page.waitForURL((u) => u.searchParams.get('c') === first)
    // Settled: the open conversation's streams and the console's own clocks are running.
    await page.waitForTimeout(1500)
    const before = await held()

    const rounds: Held[] = []
    for (let round = 0; round < 3; round++) {
      await rows.nth(1).click()
      await page.getByRole('button', { name: 'Saved replies…' }).click()
      await page.getByRole('dialog').waitFor()
      await page.keyboard.press('Escape')
      await page.getByRole('dialog').waitFor({ state: 'detached' })
      await page.getByRole('button', { name: 'Start conversation' }).click()
      await page.getByRole('dialog').waitFor()
      await page.keyboard.press('Escape')
      await page.getByRole('dialog').waitFor({ state: 'detached' })
      await page.getByRole('button', { name: 'Alerts' }).click()
      await page.keyboard.press('Escape')
      const search = page.getByPlaceholder('Search conversations (text or email)')
      await search.fill('damaged')
      await page.waitForTimeout(600)
      await search.fill('')
      await page.getByRole('button', { name: /^Closed/ }).click()
      await page.getByRole('button', { name: /^Mine/ }).click()
      await page.goBack()
      await page.waitForURL((u) => u.searchParams.get('c') === first)
      await page.waitForTimeout(1500)
      rounds.push(await held())
    }
    for (const after of rounds) {
      expect(after.listeners).toEqual(before.listeners)
      expect(after.intervals).toBe(before.intervals)
    }
    // Timeouts come and go (TanStack's garbage collection of the queries left behind, retries, debounces): the
    // first round may add its queries' collection timers, later identical rounds add none.
    expect(rounds[2]!.timeouts).toBeLessThanOrEqual(rounds[1]!.timeouts)
    expect(rounds[1]!.timeouts).toBeLessThanOrEqual(rounds[0]!.timeouts + 1)
  })
})
