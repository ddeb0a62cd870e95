import { join } from 'node:path'
import { createEmulator, type Emulator } from '@uc-conversation/emulator'
import type { BrowserContext, Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, resultsDir, startDevServer, testPng } from './harness'

describe('agent console in Chromium', () => {
  let emulator: Emulator
  let server: ViteDevServer
  let url: string
  let browser: { context: BrowserContext; close: () => Promise<void> }
  let page: Page
  let customer: ReturnType<Emulator['customers']['arrive']>
  const shot = (name: string) => page.screenshot({ path: join(resultsDir, `${name}.png`) })
  const rows = () => page.locator(`[role="log"] [data-testid="message"]`)

  beforeAll(async () => {
    // Demo data for a realistic screen; customers are scripted (no autonomous replies or arrivals).
    emulator = createEmulator({ demoData: true, corsOrigins: '*', customers: { autoReply: false } })
    ;({ server, url } = await startDevServer(emulator))
    browser = await launchChromium()
    page = await browser.context.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await emulator?.close()
  })

  it('connects and the agent goes available', async () => {
    await page.goto(url)
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor()
    await page.getByRole('heading', { name: 'Queues' }).waitFor()
    await page.locator('.queue').first().waitFor()
    await page.getByRole('radio', { name: 'Available', exact: true }).check()
    await expect
      .poll(() => emulator.state.agents()[0]!.statuses, { timeout: 5000 })
      .toEqual({ support: 'available', sales: 'available' })
    await expect
      .poll(() => page.getByRole('radio', { name: 'Available', exact: true }).isChecked())
      .toBe(true)
    await page.locator('[data-testid="keepalive"].keepalive-alive').waitFor()
  })

  it('shows a waiting customer; the agent joins and replies; the customer answers', async () => {
    customer = emulator.customers.arrive({
      queue: 'support',
      name: 'Rosa Diaz',
      question: 'Where is order #4711?',
    })
    const entry = page.locator('[data-testid="waiting-customer"]', { hasText: 'Rosa Diaz' })
    await entry.getByText('Where is order #4711?').waitFor()
    await entry.getByRole('button', { name: 'Join Rosa Diaz' }).click()

    await page.getByRole('heading', { name: 'Rosa Diaz', level: 2 }).waitFor()
    const composer = page.getByLabel('Message', { exact: true })
    await composer.waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-text')
    const agentArn = emulator.agents[0]!.arn
    const me = emulator.state
      .conversation(customer.conversationUuid)
      ?.participants?.find((p) => p.conversation_participant_arn === agentArn)
    expect(me?.status).not.toBe('left')

    const waiting = page
      .locator('[data-testid="conversation-item"]', { hasText: 'Rosa Diaz' })
      .locator('[data-testid="unanswered"]')
    await waiting.waitFor()
    await composer.fill('Hi Rosa, let me check that for you.')
    await composer.press('Enter')
    const reply = rows().filter({ hasText: 'Hi Rosa, let me check that for you.' })
    await reply
      .locator('[data-testid="delivery"][data-status="sent"], [data-testid="delivery"][data-status="read"]')
      .waitFor()
    // Answered: the list stops saying the customer waits for a reply (it did until the next page load).
    await waiting.waitFor({ state: 'detached' })
    expect(
      emulator.state
        .messages(customer.conversationUuid)
        .filter((m) => m.body === 'Hi Rosa, let me check that for you.'),
    ).toHaveLength(1)

    emulator.customers.typing(customer.conversationUuid, 'It was ordered on')
    await page.getByText('Rosa Diaz is typing…').waitFor()
    emulator.customers.say(customer.conversationUuid, 'It was ordered on Monday, thanks!')
    await rows().filter({ hasText: 'It was ordered on Monday, thanks!' }).waitFor()
    // The open conversation marks what it shows read (useMarkRead): the server records the agent's read.
    await expect
      .poll(() =>
        emulator.state
          .messages(customer.conversationUuid)
          .find((m) => m.body === 'It was ordered on Monday, thanks!')
          ?.transport_statuses?.some(
            (s) => s.conversation_participant_arn === agentArn && s.status === 'read',
          ),
      )
      .toBe(true)
    await shot('1-conversation')
  })

  it('uploads an attachment with progress and shows its thumbnail', async () => {
    // Hold the PUT for a moment so the progress stays observable.
    await page.route('**/uploads/**', async (route) => {
      await new Promise((r) => setTimeout(r, 700))
      await route.continue()
    })
    await page
      .getByLabel('Attach a file')
      .setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: testPng() })
    await page.locator('[data-testid="upload-progress"]').waitFor()
    await page.getByAltText('Preview of receipt.png').waitFor()
    await page.locator('[data-testid="upload-progress"][data-done="true"]').waitFor()
    await page.getByText('Ready to send').waitFor()
    const composer = page.getByLabel('Message', { exact: true })
    await composer.fill('Here is the receipt.')
    await page.getByRole('button', { name: 'Send' }).click()
    const row = rows().filter({ hasText: 'Here is the receipt.' })
    await row.locator('img.thumb').waitFor()
    await expect
      .poll(() => row.locator('img.thumb').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(64)
    const sent = emulator.state
      .messages(customer.conversationUuid)
      .find((m) => m.body === 'Here is the receipt.')
    expect(sent?.media_urls).toHaveLength(1)
    await page.unroute('**/uploads/**')
    await shot('2-attachment')
  })

  it('drops the socket: the banner shows reconnecting, then no message is missing or doubled', async () => {
    emulator.sockets.dropAll()
    await page.locator('[data-testid="connection"][data-status="reconnecting"]').waitFor({ timeout: 5000 })
    await shot('3-reconnecting')
    // Written while the agent's socket is down: only a catch-up can bring these.
    emulator.customers.say(customer.conversationUuid, 'Hello? Are you still there?')
    emulator.customers.say(customer.conversationUuid, 'My order number is 4711.')
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 15_000 })
    emulator.customers.say(customer.conversationUuid, 'Ah, I see you again.')
    await rows().filter({ hasText: 'Ah, I see you again.' }).waitFor()
    await rows().filter({ hasText: 'My order number is 4711.' }).waitFor()

    const server = emulator.state.messages(customer.conversationUuid)
    await expect.poll(() => rows().count()).toBe(server.length)
    const uuids = await rows().evaluateAll((els) => els.map((el) => el.getAttribute('data-uuid')))
    expect(new Set(uuids).size).toBe(uuids.length)
    expect(uuids).toEqual(server.map((m) => m.conversation_message_uuid))
    await shot('4-recovered')
  })

  it('is usable at 375 px: panels as tabs, no horizontal scrolling, keyboard reaches the composer', async () => {
    await page.setViewportSize({ width: 375, height: 740 })
    await page.getByRole('button', { name: 'Chat' }).click()
    await page.getByLabel('Message', { exact: true }).waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await page.getByRole('button', { name: 'Conversations' }).click()
    const first = page.locator('[data-testid="conversation-item"]').first()
    await first.focus()
    await page.keyboard.press('ArrowDown')
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))
    expect(focused).toBe('conversation-item')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('chat-heading')
    await shot('5-narrow')
  })
})
