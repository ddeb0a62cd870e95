import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_MANUAL_START } from '../src'
import { eventOf, openAgentSocket, setup } from './helpers'

/** Every `*_dts` (as epoch ms) and `message_epoch` anywhere in `value`. */
function times(value: unknown, out: number[] = []): number[] {
  if (Array.isArray(value)) for (const v of value) times(v, out)
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k.endsWith('_dts') && typeof v === 'string') out.push(Date.parse(v))
      else if (k === 'message_epoch' && typeof v === 'number') out.push(v)
      else times(v, out)
    }
  return out
}

describe('clockOffsetMs (a server clock that runs ahead or behind)', () => {
  let cleanup: (() => Promise<void>) | undefined
  afterEach(async () => {
    await cleanup?.()
    cleanup = undefined
  })

  for (const offset of [-600_000, 600_000]) {
    it(`every message_epoch and *_dts is server time (offset ${offset} ms)`, async () => {
      const { emulator, client, close } = await setup('http', { clockOffsetMs: offset })
      cleanup = close
      expect(emulator.clock.now()).toBe(DEFAULT_MANUAL_START + offset)
      const socket = await openAgentSocket(client)
      const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support', question: 'hi' })
      await client.joinConversation(uuid)
      emulator.customers.say(uuid, 'hello')
      socket.send({
        type: 'message',
        conversation_uuid: uuid,
        message: { body: 'from the agent', client_message_id: 'c1' },
      })
      await socket.sync()
      await socket.waitFor(eventOf('new message'))
      const seen = [
        ...times(await client.getConversation(uuid)),
        ...times(await client.getConversations()),
        ...times(await client.getConversationMessages(uuid, 0)),
        ...times(await client.getConversationWebchatQueueStatuses()),
        ...times(socket.frames),
        ...times(emulator.snapshot().conversations.map((c) => emulator.state.conversation(c.uuid))),
      ]
      expect(seen.length).toBeGreaterThan(10)
      const server = DEFAULT_MANUAL_START + offset
      for (const t of seen) {
        expect(t).toBeGreaterThanOrEqual(server)
        expect(t).toBeLessThan(server + 1000)
      }
      socket.close()
    })
  }

  it('on the real clock too', async () => {
    const { emulator, client, close } = await setup('in-process', { clock: 'real', clockOffsetMs: -600_000 })
    cleanup = close
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support', question: 'hi' })
    const before = Date.now()
    const messages = (await client.getConversationMessages(uuid, 0)).conversation_messages ?? []
    const epoch = messages[0]?.message_epoch ?? Number.NaN
    expect(Math.abs(epoch - (before - 600_000))).toBeLessThan(5_000)
    expect(Math.abs(emulator.clock.now() - (Date.now() - 600_000))).toBeLessThan(5_000)
  })
})
