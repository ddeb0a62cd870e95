import { join } from 'node:path'
import { DEFAULT_MAX_UPLOAD_BYTES } from '@uc-conversation/core'
import { createEmulator, type Emulator } from '@uc-conversation/emulator'
import type { BrowserContext, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, resultsDir, startWithFaultProxy } from './harness'

/**
 * Issue 11, points 15 and 6 in Chromium: what the console offers must match what the server allows (ARNs
 * checked before sending, nothing to write in a closed conversation, no upload of a file that is too large), and
 * read state only moves forward (a late event never brings the unread marker back; closed means no marker).
 */
describe('agent console guards in Chromium', () => {
  let emulator: Emulator
  let url: string
  let proxy: Awaited<ReturnType<typeof startWithFaultProxy>>['proxy']
  let stop: () => Promise<void>
  let browser: { context: BrowserContext; close: () => Promise<void> }
  let page: Page
  const requests: Request[] = []
  const item = (uuid: string) => page.locator(`[data-testid="conversation-item"][data-uuid="${uuid}"]`)
  const shot = (name: string) => page.screenshot({ path: join(resultsDir, `${name}.png`) })

  /** A customer arrives in support; the agent joins from the queue panel, which opens the conversation. */
  const joinNewCustomer = async (name: string) => {
    const customer = emulator.customers.arrive({ queue: 'support', name, question: `Question from ${name}` })
    await page
      .locator('[data-testid="waiting-customer"]', { hasText: name })
      .getByRole('button', { name: `Join ${name}` })
      .click()
    await page.getByRole('heading', { name, level: 2 }).waitFor()
    await page.getByLabel('Message', { exact: true }).waitFor()
    return customer.conversationUuid
  }

  beforeAll(async () => {
    emulator = createEmulator({ demoData: true, corsOrigins: '*', customers: { autoReply: false } })
    ;({ url, proxy, close: stop } = await startWithFaultProxy(emulator))
    browser = await launchChromium()
    page = await browser.context.newPage()
    page.on('request', (r) => requests.push(r))
    await page.goto(url)
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor()
    await page.locator('.queue').first().waitFor()
  })
  afterAll(async () => {
    await browser?.close()
    await stop?.()
    await emulator?.close()
  })

  it('"Start conversation" shows its rule and refuses text that is neither a phone number nor an ARN, before sending', async () => {
    const starts = () =>
      requests.filter(
        (r) => r.method() === 'PUT' && new URL(r.url()).pathname.endsWith('/conversation/conversations'),
      ).length
    await page.getByRole('button', { name: 'Start conversation' }).click()
    const field = page.getByLabel('Phone number or participant ARN')
    await page.locator('#start-participant-rule').getByText('phone number of 7–15 digits').waitFor()
    for (const bad of [
      'hello world',
      'arn:',
      '+1 555',
      'arn:ultracart:conversation:x:participant:sms:+1555 0100',
      '+15551234567, nope',
    ]) {
      await field.fill(bad)
      await page.getByRole('button', { name: 'Start', exact: true }).click()
      await page.locator('[data-testid="start-problem"]').waitFor()
      expect(await field.getAttribute('aria-invalid')).toBe('true')
    }
    expect(starts()).toBe(0)
    const before = emulator.state.conversations().length
    await field.fill('+1 (555) 010-0142')
    await page.getByRole('button', { name: 'Start', exact: true }).click()
    await expect.poll(() => emulator.state.conversations().length).toBe(before + 1)
    expect(starts()).toBe(1)
    const started = emulator.state.conversations()[0]!
    expect(started.participants?.some((p) => p.conversation_participant_arn?.endsWith(':+15550100142'))).toBe(
      true,
    )
  })

  it('refuses a file over the upload limit before any request (no upload URL, no PUT)', async () => {
    await joinNewCustomer('Ines Ortega')
    const uploads = () => requests.filter((r) => /\/upload_url\/|\/uploads\//.test(r.url())).length
    const before = uploads()
    await page.getByLabel('Attach a file').setInputFiles({
      name: 'huge.png',
      mimeType: 'image/png',
      buffer: Buffer.alloc(DEFAULT_MAX_UPLOAD_BYTES + 1),
    })
    await page.locator('[data-testid="upload-refused"]').getByText('huge.png is 10.0 MB').waitFor()
    await page.locator('[data-testid="upload-refused"]').getByText('at most 10 MB').waitFor()
    expect(uploads()).toBe(before)
    expect(await page.locator('[data-testid="upload-progress"]').count()).toBe(0)
  })

  it('a closed conversation offers no Leave, no Join and no composer', async () => {
    const uuid = await joinNewCustomer('Kofi Mensah')
    await page.getByRole('button', { name: 'Leave' }).waitFor()
    emulator.customers.leave(uuid)
    await page.locator('[data-testid="composer-note"]').getByText('This conversation is closed.').waitFor()
    expect(await page.getByRole('button', { name: 'Leave' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Join', exact: true }).count()).toBe(0)
    expect(await page.getByLabel('Message', { exact: true }).count()).toBe(0)
    await shot('guards-closed')
  })

  it('a closed conversation shows no unread marker', async () => {
    const customer = emulator.customers.arrive({
      queue: 'support',
      name: 'Lena Vogt',
      question: 'Anyone there?',
    })
    const uuid = customer.conversationUuid
    emulator.customers.say(uuid, 'Hello?')
    await expect.poll(() => item(uuid).getAttribute('data-unread')).toBe('true')
    emulator.customers.leave(uuid)
    // Closed conversations are in the Closed view.
    await page.locator('[data-testid="view-closed"]').click()
    await item(uuid).getByText('Closed').waitFor()
    expect(await item(uuid).getAttribute('data-unread')).toBe('false')
    expect(
      await item(uuid)
        .getByRole('img', { name: /unread/ })
        .count(),
    ).toBe(0)
    await page.locator('[data-testid="view-open"]').click()
  })

  it('the unread marker never returns after reading, even when a late event says unread_messages: true', async () => {
    const uuid = await joinNewCustomer('Mia Wong')
    // Another conversation open, so this one can show its marker.
    const other = page.locator('[data-testid="conversation-item"]').filter({ hasNotText: 'Mia Wong' }).first()
    await other.click()
    // The server's "new message" event of the next message is held back by the proxy, to arrive late.
    proxy.onServerFrame((frame) =>
      frame.includes('"new message"') && frame.includes(uuid) && frame.includes('Late question')
        ? 'hold'
        : 'pass',
    )
    emulator.customers.say(uuid, 'Late question?')
    // The agent opens and reads it (the server records the read).
    await item(uuid).click()
    await page.locator('[role="log"] [data-testid="message"]', { hasText: 'Late question?' }).waitFor()
    const agentArn = emulator.agents[0]!.arn
    await expect
      .poll(() =>
        emulator.state
          .messages(uuid)
          .find((m) => m.body === 'Late question?')
          ?.transport_statuses?.some(
            (s) => s.conversation_participant_arn === agentArn && s.status === 'read',
          ),
      )
      .toBe(true)
    await other.click()
    await expect.poll(() => item(uuid).getAttribute('data-unread')).toBe('false')

    // The late event: a summary with unread_messages: true about the message already read.
    proxy.onServerFrame(undefined)
    proxy.release()
    // A barrier: frames arrive in order, so once this newer conversation shows, the late event was applied.
    const barrier = emulator.customers.arrive({ queue: 'sales', name: 'Noah Barrier', question: 'After you' })
    await item(barrier.conversationUuid).waitFor()
    expect(await item(uuid).getAttribute('data-unread')).toBe('false')
    await shot('guards-read-stays-read')
  })

  it('says when the API could not return every message (more in one millisecond than its largest page)', async () => {
    const customer = emulator.customers.arrive({ queue: 'support', name: 'Noor Haddad', question: 'Many?' })
    const uuid = customer.conversationUuid
    for (let i = 0; i < 230; i++) emulator.customers.say(uuid, `burst ${i}`)
    // A server that stamps them all with one epoch: `since` cannot page inside that millisecond.
    const snapshot = emulator.snapshot()
    const record = snapshot.conversations.find((c) => c.uuid === uuid)!
    const epoch = record.messages.at(-1)!.message_epoch!
    for (const m of record.messages) {
      m.message_epoch = epoch
      m.message_dts = new Date(epoch).toISOString()
    }
    emulator.restore(snapshot)
    await page.reload()
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor()
    await item(uuid).click()
    await page
      .locator('[data-testid="messages-warning"]')
      .getByText('may be missing: more than 200 share that millisecond')
      .waitFor({ timeout: 15_000 })
    await shot('messages-warning')
  })
})
