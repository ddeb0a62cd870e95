import { join } from 'node:path'
import { createEmulator, type Emulator } from '@uc-conversation/emulator'
import { DEFAULT_OUTBOX } from '@uc-conversation/rxjs'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, resultsDir, startWithFaultProxy } from './harness'

/**
 * Issue 11, point 5 in Chromium: a message written while the browser is offline shows as pending at once,
 * closing the tab asks first, and the console opened again in the same profile delivers it exactly once (same
 * `client_message_id`) when the network is back.
 */
/** Every unsent list the console keeps in localStorage (one per tab, `key:<id>`, with Web Locks), as text. */
const storedOutbox = (page: Page) =>
  page.evaluate(
    (key) =>
      Object.keys(localStorage)
        .filter((name) => name === key || name.startsWith(`${key}:`))
        .map((name) => localStorage.getItem(name))
        .join('\n'),
    DEFAULT_OUTBOX.storageKey,
  )

describe('agent console offline', () => {
  let emulator: Emulator
  let url: string
  let proxy: Awaited<ReturnType<typeof startWithFaultProxy>>['proxy']
  let stop: () => Promise<void>
  let browser: { context: BrowserContext; close: () => Promise<void> }
  let page: Page
  const rows = () => page.locator(`[role="log"] [data-testid="message"]`)

  beforeAll(async () => {
    emulator = createEmulator({ demoData: true, corsOrigins: '*', customers: { autoReply: false } })
    ;({ url, proxy, close: stop } = await startWithFaultProxy(emulator))
    browser = await launchChromium()
    page = await browser.context.newPage()
    await page.goto(url)
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor()
  })
  afterAll(async () => {
    await browser?.context.setOffline(false).catch(() => {})
    await browser?.close()
    await stop?.()
    await emulator?.close()
  })

  it('sent offline, tab closed, console reopened, network back: delivered exactly once', async () => {
    const BODY = 'Written while offline: your refund is on its way.'
    const customer = emulator.customers.arrive({
      queue: 'support',
      name: 'Priya Nair',
      question: 'My refund?',
    })
    const uuid = customer.conversationUuid
    const copies = () => emulator.state.messages(uuid).filter((m) => m.body === BODY)
    await page
      .locator('[data-testid="waiting-customer"]', { hasText: 'Priya Nair' })
      .getByRole('button', { name: 'Join Priya Nair' })
      .click()
    await page.getByRole('heading', { name: 'Priya Nair', level: 2 }).waitFor()
    const composer = page.getByLabel('Message', { exact: true })
    await composer.waitFor()

    // Chromium's offline emulation blocks new connections but leaves an open websocket working; a real network
    // loss takes the socket too.
    await browser.context.setOffline(true)
    emulator.sockets.dropAll()
    await page.locator('[data-testid="connection"][data-status="offline"]').waitFor()
    await composer.fill(BODY)
    await composer.press('Enter')
    // At once: the pending copy with its client_message_id, and the count of unsent messages.
    const row = rows().filter({ hasText: BODY })
    await row.locator('[data-testid="delivery"][data-status="pending"]').waitFor({ timeout: 2_000 })
    const clientId = await row.getAttribute('data-client-id')
    expect(clientId).toBeTruthy()
    await page.locator('[data-testid="unsent"]').getByText('1 unsent').waitFor()
    await expect.poll(() => storedOutbox(page)).toContain(clientId!)
    expect(copies()).toHaveLength(0)
    await page.screenshot({ path: join(resultsDir, 'offline-pending.png') })

    // Closing the tab asks first (useWarnBeforeUnload); the agent leaves anyway.
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.type())
        void dialog.accept()
      }),
    )
    const closed = new Promise<void>((resolve) => page.once('close', () => resolve()))
    await page.close({ runBeforeUnload: true })
    expect(await asked).toBe('beforeunload')
    await closed
    expect(copies()).toHaveLength(0)

    // The console opened again in the same profile; the network comes back.
    await browser.context.setOffline(false)
    page = await browser.context.newPage()
    await page.goto(url)
    await expect.poll(() => copies().length, { timeout: 20_000 }).toBe(1)
    expect(copies()[0]!.client_message_id).toBe(clientId)

    // Shown once, sent, in the reopened console; a reconnect does not write it again.
    await page.locator(`[data-testid="conversation-item"][data-uuid="${uuid}"]`).click()
    const again = rows().filter({ hasText: BODY })
    await again
      .locator('[data-testid="delivery"][data-status="sent"], [data-testid="delivery"][data-status="read"]')
      .waitFor()
    expect(await again.count()).toBe(1)
    emulator.sockets.dropAll()
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 15_000 })
    expect(copies()).toHaveLength(1)
    await expect.poll(() => storedOutbox(page)).not.toContain(clientId!)
    expect(await page.locator('[data-testid="unsent"]').count()).toBe(0)
    await page.screenshot({ path: join(resultsDir, 'offline-delivered.png') })
  })

  it('written into a hung socket while offline, tab closed: after the thaw and a reopen, exactly one copy', async () => {
    const BODY = 'Written into a hung socket: the replacement ships today.'
    const customer = emulator.customers.arrive({
      queue: 'support',
      name: 'Quinn Adler',
      question: 'Replacement?',
    })
    const uuid = customer.conversationUuid
    const copies = () => emulator.state.messages(uuid).filter((m) => m.body === BODY)
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 15_000 })
    await page
      .locator('[data-testid="waiting-customer"]', { hasText: 'Quinn Adler' })
      .getByRole('button', { name: 'Join Quinn Adler' })
      .click()
    await page.getByRole('heading', { name: 'Quinn Adler', level: 2 }).waitFor()
    const composer = page.getByLabel('Message', { exact: true })
    await composer.waitFor()

    // The network dies without a close: the socket still looks open, so the frame may be written into it.
    proxy.freeze()
    await browser.context.setOffline(true)
    await composer.fill(BODY)
    await composer.press('Enter')
    const row = rows().filter({ hasText: BODY })
    await row.locator('[data-testid="delivery"][data-status="pending"]').waitFor({ timeout: 2_000 })
    const clientId = await row.getAttribute('data-client-id')
    page.once('dialog', (dialog) => void dialog.accept())
    const closed = new Promise<void>((resolve) => page.once('close', () => resolve()))
    await page.close({ runBeforeUnload: true })
    await closed

    // The network returns: whatever the hung socket held reaches the server now (or never).
    await browser.context.setOffline(false)
    proxy.thaw()
    await expect
      .poll(() => copies().length, { timeout: 3_000 })
      .toBe(1)
      .catch(() => {})
    page = await browser.context.newPage()
    await page.goto(url)
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => copies().length, { timeout: 20_000 }).toBe(1)
    expect(copies()[0]!.client_message_id).toBe(clientId)
    // A barrier: after a full reconnect the outbox has settled; still one copy, nothing left unsent.
    emulator.sockets.dropAll()
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => storedOutbox(page)).not.toContain(clientId!)
    expect(copies()).toHaveLength(1)
  })

  it('two console tabs offline: each sends, one is closed; every message is delivered once, none lost', async () => {
    const customer = emulator.customers.arrive({
      queue: 'support',
      name: 'Lena Ortiz',
      question: 'Two tabs?',
    })
    const uuid = customer.conversationUuid
    const copies = (body: string) => emulator.state.messages(uuid).filter((m) => m.body === body)
    const open = async () => {
      const tab = await browser.context.newPage()
      await tab.goto(url)
      await tab.locator('[data-testid="connection"][data-status="live"]').waitFor()
      return tab
    }
    const send = async (tab: Page, body: string) => {
      const composer = tab.getByLabel('Message', { exact: true })
      await composer.fill(body)
      await composer.press('Enter')
      await tab
        .locator('[role="log"] [data-testid="message"]', { hasText: body })
        .locator('[data-testid="delivery"][data-status="pending"]')
        .waitFor({ timeout: 2_000 })
    }
    if (page.isClosed()) page = await open()
    await page
      .locator('[data-testid="waiting-customer"]', { hasText: 'Lena Ortiz' })
      .getByRole('button', { name: 'Join Lena Ortiz' })
      .click()
    await page.getByRole('heading', { name: 'Lena Ortiz', level: 2 }).waitFor()
    const second = await open()
    await second.locator(`[data-testid="conversation-item"][data-uuid="${uuid}"]`).click()
    await second.getByRole('heading', { name: 'Lena Ortiz', level: 2 }).waitFor()

    await browser.context.setOffline(true)
    emulator.sockets.dropAll()
    await page.locator('[data-testid="connection"][data-status="offline"]').waitFor()
    await second.locator('[data-testid="connection"][data-status="offline"]').waitFor()
    // The first tab's message, then the second tab's: the second tab's save must not erase the first's.
    await send(page, 'From the first tab.')
    await send(second, 'From the second tab.')
    await expect.poll(() => storedOutbox(page)).toContain('From the first tab.')
    expect(await storedOutbox(page)).toContain('From the second tab.')

    // The first tab is closed while offline; the network comes back; the console is opened again.
    page.once('dialog', (dialog) => void dialog.accept())
    await page.close({ runBeforeUnload: true })
    await expect.poll(() => page.isClosed()).toBe(true)
    await browser.context.setOffline(false)
    page = await open()
    await expect.poll(() => copies('From the first tab.').length, { timeout: 20_000 }).toBe(1)
    await expect.poll(() => copies('From the second tab.').length, { timeout: 20_000 }).toBe(1)
    // A barrier: after a full reconnect of both tabs, still one copy each, nothing left stored.
    emulator.sockets.dropAll()
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 15_000 })
    await second.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => storedOutbox(page)).toBe('')
    expect(copies('From the first tab.')).toHaveLength(1)
    expect(copies('From the second tab.')).toHaveLength(1)
    await second.close()
  })
})
