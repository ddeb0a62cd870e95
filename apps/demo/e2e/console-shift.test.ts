import { join } from 'node:path'
import { DEFAULT_MAX_BODY_LENGTH } from '@uc-conversation/core'
import { createEmulator, type Emulator } from '@uc-conversation/emulator'
import type { BrowserContext, Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, resultsDir, startDevServer, testPng } from './harness'

/**
 * A shift as an agent works it: noticing customers (title, notification, announcement), saved replies, the
 * customer's context and cart, drafts, the conversation in the URL, leaving, search, the composer's files and
 * links, views and the queue figures.
 */
describe('an agent shift in Chromium', () => {
  let emulator: Emulator
  let server: ViteDevServer
  let url: string
  let browser: { context: BrowserContext; close: () => Promise<void> }
  let page: Page
  let nora: string
  let omar: string
  const shot = (name: string) => page.screenshot({ path: join(resultsDir, `${name}.png`) })
  const composer = () => page.getByLabel('Message', { exact: true })
  const heading = (name: string) => page.getByRole('heading', { name, level: 2 })
  const titleCount = async () => Number(/^\((\d+)\)/.exec(await page.title())?.[1] ?? 0)
  const notes = () => page.evaluate(() => (window as unknown as { __notes: { title: string }[] }).__notes)
  const tones = () => page.evaluate(() => (window as unknown as { __notesPlayed: number }).__notesPlayed)
  const announced = () => page.locator('[data-testid="announcer"]').textContent()
  const row = (uuid: string) => page.locator(`[data-testid="conversation-item"][data-uuid="${uuid}"]`)
  const typingFrames = (uuid: string) =>
    emulator.customers
      .frames(uuid)
      .filter((f) => f.type === 'event' && f.event_type === 'typing')
      .map((f) => (f as { event_typing?: { value?: string } }).event_typing?.value ?? '')

  beforeAll(async () => {
    emulator = createEmulator({ demoData: true, corsOrigins: '*', customers: { autoReply: false } })
    ;({ server, url } = await startDevServer(emulator))
    browser = await launchChromium()
    await browser.context.grantPermissions(['notifications'], { origin: new URL(url).origin })
    // Records every desktop notification the page shows (the real one is still shown).
    await browser.context.addInitScript(() => {
      const Real = window.Notification
      const w = window as unknown as { __notes: { title: string; body?: string }[] }
      w.__notes = []
      class Recorded extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options)
          w.__notes.push({ title, ...(options?.body ? { body: options.body } : {}) })
        }
      }
      window.Notification = Recorded
      // Counts the alert tones (each plays two notes).
      const w2 = window as unknown as { __notesPlayed: number }
      w2.__notesPlayed = 0
      const create = AudioContext.prototype.createOscillator
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        w2.__notesPlayed++
        return create.call(this)
      }
    })
    page = await browser.context.newPage()
    await page.goto(url)
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await emulator?.close()
  })

  it('1: a newly waiting customer raises the title count, a desktop notification and an announcement', async () => {
    await page.getByRole('radio', { name: 'Available', exact: true }).check()
    await expect.poll(() => emulator.state.agents()[0]!.statuses.support).toBe('available')
    await page.getByRole('button', { name: 'Alerts' }).click()
    await page.getByLabel('Desktop notifications').check()
    await expect.poll(() => page.getByLabel('Desktop notifications').isChecked()).toBe(true)
    await page.getByRole('button', { name: 'Alerts' }).click()
    await expect.poll(titleCount).toBeGreaterThan(0)
    const before = await titleCount()
    nora = emulator.customers.arrive({
      queue: 'support',
      name: 'Nora Field',
      email: 'nora@example.com',
      question: 'Do you ship to Canada?',
    }).conversationUuid
    await expect.poll(titleCount).toBe(before + 1)
    await expect
      .poll(notes)
      .toContainEqual({ title: 'Nora Field is waiting in support', body: 'Do you ship to Canada?' })
    await expect.poll(announced).toContain('Nora Field is waiting in support')
    expect(await tones()).toBeGreaterThan(0)
  })

  it('1: a new message in one of my conversations that is not open alerts too', async () => {
    await page.getByRole('button', { name: 'Join Nora Field' }).click()
    await heading('Nora Field').waitFor()
    omar = emulator.customers.arrive({
      queue: 'support',
      name: 'Omar Haddad',
      email: 'omar@example.com',
    }).conversationUuid
    await page.getByRole('button', { name: 'Join Omar Haddad' }).click()
    await heading('Omar Haddad').waitFor()
    const count = await titleCount()
    emulator.customers.say(nora, 'Also, is there a duty fee?')
    await expect
      .poll(notes)
      .toContainEqual({ title: 'New message from Nora Field', body: 'Also, is there a duty fee?' })
    await expect.poll(announced).toContain('New message from Nora Field')
    await expect.poll(titleCount).toBe(count + 1)
    // 4: the row counts the unread messages and shows how long the customer waits for an answer.
    emulator.customers.say(nora, 'Hello?')
    await expect.poll(() => row(nora).locator('[data-testid="unread-count"]').textContent()).toBe('2')
    await row(nora).locator('[data-testid="unanswered"]').waitFor()
  })

  it('1: while the tab is hidden the open conversation alerts too; each alert can be switched off', async () => {
    await row(nora).click()
    await heading('Nora Field').waitFor()
    // The tab goes to the background (as the browser reports it).
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    emulator.customers.say(nora, 'Are you still there?')
    await expect
      .poll(notes)
      .toContainEqual({ title: 'New message from Nora Field', body: 'Are you still there?' })
    // Not seen, so not read: the agent's read receipt waits until the tab is back.
    const agentArn = emulator.agents[0]!.arn
    const readByAgent = () =>
      emulator.state
        .messages(nora)
        .find((m) => m.body === 'Are you still there?')
        ?.transport_statuses?.some((t) => t.conversation_participant_arn === agentArn && t.status === 'read')
    expect(readByAgent()).toBe(false)
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await expect.poll(readByAgent, { timeout: 5000 }).toBe(true)
    // Switched off: no title count, no notification, no tone, no announcement.
    await page.getByRole('button', { name: 'Alerts' }).click()
    for (const label of [
      'Sound',
      'Desktop notifications',
      'Count in the tab title',
      'Screen-reader announcements',
    ])
      await page.getByLabel(label).uncheck()
    await page.getByRole('button', { name: 'Alerts' }).click()
    await expect.poll(() => page.title()).toBe('Agent console · UltraCart conversations')
    const [noteCount, toneCount, text] = [(await notes()).length, await tones(), await announced()]
    emulator.customers.arrive({ queue: 'support', name: 'Quiet Quinn', question: 'Psst' })
    await page.locator('[data-testid="waiting-customer"]', { hasText: 'Quiet Quinn' }).waitFor()
    expect(await page.title()).toBe('Agent console · UltraCart conversations')
    expect((await notes()).length).toBe(noteCount)
    expect(await tones()).toBe(toneCount)
    expect(await announced()).toBe(text)
    // And on again for the rest of the shift.
    await page.getByRole('button', { name: 'Alerts' }).click()
    for (const label of ['Sound', 'Count in the tab title', 'Screen-reader announcements'])
      await page.getByLabel(label).check()
    await page.getByRole('button', { name: 'Alerts' }).click()
    await expect.poll(titleCount).toBeGreaterThan(0)
    await row(omar).click()
    await heading('Omar Haddad').waitFor()
  })

  it('2: a saved reply is found by its short code and sent; the search never reaches the customer', async () => {
    await composer().click()
    await composer().pressSequentially('/ship', { delay: 40 })
    const option = page.getByRole('option', { name: /\/shipping/ })
    await option.waitFor()
    expect(await option.getAttribute('aria-selected')).toBe('true')
    await composer().press('Enter')
    await expect.poll(() => composer().inputValue()).toMatch(/^Orders ship within 2 business days/)
    await composer().press('Enter')
    await expect
      .poll(() =>
        emulator.state.messages(omar).some((m) => m.body?.startsWith('Orders ship within 2 business')),
      )
      .toBe(true)
    // What the customer's side received: no typing frame ever carried the search text.
    const values = typingFrames(omar)
    expect(values.some((v) => v.includes('/'))).toBe(false)
    expect(values.some((v) => v.startsWith('Orders ship'))).toBe(true)
  })

  it('3: the customer panel shows who they are, their page and their cart, live', async () => {
    const panel = page.locator('[data-testid="customer-panel"]')
    await panel.locator('[data-testid="customer-name"]').getByText('Omar Haddad').waitFor()
    await panel.locator('[data-testid="customer-email"]').getByText('omar@example.com').waitFor()
    await panel.locator('[data-testid="customer-language"]').getByText('en').waitFor()
    emulator.customers.browse(omar, { url: 'https://shop.example.com/hoodie', title: 'Zip hoodie page' })
    // The event names the page's URL (its title comes with the next load of the context): shown at once.
    await panel
      .locator('[data-testid="customer-page"]')
      .getByText(/Zip hoodie page|shop\.example\.com\/hoodie/)
      .waitFor()
    const before = await panel.locator('[data-testid="cart-item"]').count()
    emulator.customers.addToCart(omar, 'HOODIE', 2)
    await panel.locator('[data-testid="cart-item"]', { hasText: 'Zip hoodie' }).getByText('2 ×').waitFor()
    expect(await panel.locator('[data-testid="cart-item"]').count()).toBe(before + 1)
    // The cart change reloaded the context, which names the page too.
    await panel.locator('[data-testid="customer-page"]').getByText('Zip hoodie page').waitFor()
  })

  it('5 and 6: a draft survives switching and reload; the URL names the conversation; Back and Forward work', async () => {
    await composer().fill('Half-written answer for Omar')
    await row(nora).click()
    await heading('Nora Field').waitFor()
    expect(new URL(page.url()).searchParams.get('c')).toBe(nora)
    expect(await composer().inputValue()).toBe('')
    await page.goBack()
    await heading('Omar Haddad').waitFor()
    expect(await composer().inputValue()).toBe('Half-written answer for Omar')
    await page.goForward()
    await heading('Nora Field').waitFor()
    await page.goBack()
    await page.reload()
    await heading('Omar Haddad').waitFor()
    await expect.poll(() => composer().inputValue()).toBe('Half-written answer for Omar')
    // The typing preview stayed with what was typed; switching sent nothing else.
    // A link opens the conversation in a fresh tab.
    const other = await browser.context.newPage()
    await other.goto(`${url}?c=${nora}`)
    await other.getByRole('heading', { name: 'Nora Field', level: 2 }).waitFor()
    await other.close()
  })

  it('5: a reply over the body limit and a file type the console does not send are refused, the text kept', async () => {
    const long = 'x'.repeat(DEFAULT_MAX_BODY_LENGTH + 1)
    const sent = emulator.state.messages(omar).length
    await composer().fill(long)
    await composer().press('Enter')
    await page.locator('[data-testid="reply-refused"]').getByText('at most 20,000').waitFor()
    expect((await composer().inputValue()).length).toBe(long.length)
    expect(emulator.state.messages(omar)).toHaveLength(sent)
    await composer().fill('Half-written answer for Omar')
    await page
      .getByLabel('Attach a file')
      .setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') })
    await page.locator('[data-testid="upload-refused"]').getByText('setup.exe cannot be sent').waitFor()
  })

  it('9: paste and drop attach files (chip with name and size), links are clickable, emoji go in', async () => {
    const png = [...testPng()]
    await composer().evaluate((el, bytes) => {
      const data = new DataTransfer()
      data.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }))
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, png)
    await page
      .locator('[data-testid="attachment-chip"]')
      .getByText(/pasted\.png · \d+ B/)
      .waitFor()
    await page.getByAltText('Preview of pasted.png').waitFor()
    await page.getByRole('button', { name: 'Remove' }).click()
    await composer().evaluate((el) => {
      const data = new DataTransfer()
      data.items.add(new File(['a,b\n1,2\n'], 'order.csv', { type: 'text/csv' }))
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
    })
    await page.locator('[data-testid="attachment-chip"]').getByText('order.csv · 8 B').waitFor()
    await page.getByRole('button', { name: 'Remove' }).click()
    await page.getByRole('button', { name: 'Emoji' }).click()
    await page.getByRole('button', { name: '👍' }).click()
    await expect.poll(() => composer().inputValue()).toContain('👍')
    emulator.customers.say(omar, 'The size chart is at https://shop.example.com/sizes, right?')
    const link = page.getByRole('link', { name: 'https://shop.example.com/sizes' })
    await link.waitFor()
    expect(await link.getAttribute('target')).toBe('_blank')
    expect(await page.locator('.day-separator').first().textContent()).toBe('Today')
  })

  it('9: "Start conversation" is a dialog: focus inside, cleared when closed, focus back on the button', async () => {
    const start = page.getByRole('button', { name: 'Start conversation' })
    await start.click()
    const field = page.getByLabel('Phone number or participant ARN')
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true)
    await field.fill('not a number')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
    await expect.poll(() => start.evaluate((el) => el === document.activeElement)).toBe(true)
    await start.click()
    expect(await field.inputValue()).toBe('')
    await page.keyboard.press('Escape')
  })

  it('8: search finds conversations by text and opens them', async () => {
    // Autocomplete suggests the email as it is typed.
    await page.getByLabel('Search conversations').fill('nora@')
    await expect
      .poll(() =>
        page
          .locator('#conversation-search-suggestions option')
          .evaluateAll((o) => o.map((e) => e.getAttribute('value'))),
      )
      .toContain('nora@example.com')
    await page.getByLabel('Search conversations').fill('canada')
    const result = page.locator('[data-testid="search-result"]', { hasText: 'Nora Field' })
    await result.click()
    await heading('Nora Field').waitFor()
    expect(new URL(page.url()).searchParams.get('c')).toBe(nora)
  })

  it('7: Leave asks first and says what it means for the customer; a closed conversation is read-only', async () => {
    await page.getByRole('button', { name: 'Leave' }).click()
    const dialog = page.getByRole('dialog', { name: 'Leave this conversation?' })
    await dialog.getByText('Nora Field is told that you left').waitFor()
    await dialog.getByRole('button', { name: 'Stay' }).click()
    expect(emulator.state.conversation(nora)?.participants?.some((p) => p.status === 'left')).toBe(false)
    await page.getByRole('button', { name: 'Leave' }).click()
    await dialog.getByRole('button', { name: 'Leave conversation' }).click()
    const agentArn = emulator.agents[0]!.arn
    await expect
      .poll(
        () =>
          emulator.state
            .conversation(nora)
            ?.participants?.find((p) => p.conversation_participant_arn === agentArn)?.status,
      )
      .toBe('left')
    emulator.customers.leave(nora)
    await page.locator('[data-testid="composer-note"]').getByText('This conversation is closed.').waitFor()
  })

  it('4 and 10: views with counts; the queue figures and availability per queue', async () => {
    const closed = page.locator('[data-testid="view-closed"]')
    await closed.click()
    await row(nora).waitFor()
    const rows = await page.locator('[data-testid="conversation-item"]').count()
    expect(await closed.textContent()).toContain(String(rows))
    expect(await page.locator('[data-testid="conversation-item"]:not(.closed)').count()).toBe(0)
    await page.locator('[data-testid="view-mine"]').click()
    await row(omar).waitFor()
    expect(await row(nora).count()).toBe(0)

    emulator.customers.arrive({ queue: 'sales', name: 'Pia Lund', question: 'Gift wrapping?' })
    const figures = page.locator('[data-testid="queue-figures"]')
    await expect.poll(() => figures.locator('[data-testid="longest-wait"]').textContent()).toMatch(/^\d+/)
    await figures.locator('[data-testid="agents-by-status"]').getByText('1 available').waitFor()
    await page.locator('[data-testid="my-status-sales"]').selectOption('busy')
    await expect
      .poll(() => emulator.state.agents()[0]!.statuses)
      .toEqual({ support: 'available', sales: 'busy' })
    await shot('shift-views')
  })

  it('2: saved replies are added, edited and deleted in a dialog that returns focus', async () => {
    // Last in the file: it needs the dev proxy to forward the canned-message writes (see the README), and a
    // refusal must not leave a dialog open over the other checks.
    await page.locator('[data-testid="view-mine"]').click()
    await row(omar).click()
    await heading('Omar Haddad').waitFor()
    const manage = page.getByRole('button', { name: 'Saved replies…' })
    await manage.click()
    const dialog = page.getByRole('dialog', { name: 'Saved replies' })
    await dialog.waitFor()
    await dialog.getByLabel('Short code').fill('canada')
    await dialog.getByLabel('Reply', { exact: true }).fill('We ship to Canada in 5 days.')
    await dialog.getByRole('button', { name: 'Add reply' }).click()
    await dialog.getByText('/canada').waitFor()
    await dialog.getByRole('button', { name: 'Edit /canada' }).click()
    await dialog.getByLabel('Reply', { exact: true }).fill('We ship to Canada in 4 days.')
    await dialog.getByRole('button', { name: 'Save changes' }).click()
    await dialog.getByText('We ship to Canada in 4 days.').waitFor()
    await dialog.getByRole('button', { name: 'Delete /discount' }).click()
    await expect.poll(() => dialog.getByText('/discount').count()).toBe(0)
    // What the server keeps now.
    const codes = emulator.snapshot().chat?.cannedMessages.map((m) => m.short_code)
    expect(codes).toContain('canada')
    expect(codes).not.toContain('discount')
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    await expect.poll(() => manage.evaluate((el) => el === document.activeElement)).toBe(true)
  })
})
