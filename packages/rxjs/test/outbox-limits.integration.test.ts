import { ConversationValidationError, DEFAULT_MAX_BODY_LENGTH } from '@uc-conversation/core'
import { firstValueFrom, lastValueFrom } from 'rxjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { sendMessage } from '../src'
import { type Harness, startHarness } from './emulator'
import { lossyWebSocket } from './outbox-lossy-ws'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('outbox: limits before the wire', () => {
  it('a body over the limit is a typed error naming body, and nothing is written', async () => {
    harness = await startHarness()
    const { emulator, socket } = harness
    const uuid = emulator.customers.arrive({ queue: 'support', question: 'Hi' }).conversationUuid
    const write = vi.spyOn(socket, 'send')
    const error = await firstValueFrom(
      sendMessage(socket, uuid, { body: 'x'.repeat(DEFAULT_MAX_BODY_LENGTH + 1) }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConversationValidationError)
    expect((error as ConversationValidationError).field).toBe('body')
    const custom = await firstValueFrom(
      sendMessage(socket, uuid, { body: 'abcd' }, { maxBodyLength: 3 }),
    ).catch((e: unknown) => e)
    expect((custom as ConversationValidationError).field).toBe('body')
    expect(write).not.toHaveBeenCalled()
  })

  it('a frame the server closes with 1009 fails once, typed, instead of being written on every reconnect', async () => {
    const lossy = lossyWebSocket()
    harness = await startHarness({}, { WebSocketCtor: lossy.WebSocketCtor })
    const { emulator, client, socket } = harness
    const uuid = emulator.customers.arrive({ queue: 'support', question: 'Hi' }).conversationUuid
    await client.joinConversation(uuid)
    const requests = vi.spyOn(client, 'getConversationMessages')
    const huge = 'x'.repeat(70_000)
    const error = await lastValueFrom(
      sendMessage(socket, uuid, { body: huge }, { maxBodyLength: 100_000, timeoutMs: 10_000 }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConversationValidationError)
    expect((error as ConversationValidationError).field).toBe('body')
    expect((error as Error).message).toMatch(/1009/)
    // One open that took the frame; the reconnect (if it happened yet) writes nothing again.
    expect(lossy.control.opened).toBeLessThanOrEqual(2)
    expect(requests).not.toHaveBeenCalled()
    // A normal message still goes through afterwards.
    const ok = await lastValueFrom(sendMessage(socket, uuid, { body: 'short' }))
    expect(ok.status).toBe('sent')
    expect(emulator.state.messages(uuid).filter((m) => m.body === huge)).toHaveLength(0)
  })
})
