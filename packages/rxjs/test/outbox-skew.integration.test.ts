import { firstValueFrom } from 'rxjs'
import { filter } from 'rxjs/operators'
import { afterEach, describe, expect, it } from 'vitest'
import { sendMessage } from '../src'
import { type Harness, startHarness, until } from './emulator'
import { lossyWebSocket } from './outbox-lossy-ws'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('outbox: did my write arrive, asked in server time only', () => {
  for (const [label, offsetMs] of [
    ['10 minutes behind', -10 * 60_000],
    ['10 minutes ahead', 10 * 60_000],
  ] as const)
    it(`a write whose echo was lost is not written again with the server clock ${label}`, async () => {
      const lossy = lossyWebSocket()
      harness = await startHarness({ clockOffsetMs: offsetMs }, { WebSocketCtor: lossy.WebSocketCtor })
      const { emulator, client, socket } = harness
      // The server's clock really is off: its epochs are.
      expect(Math.abs(emulator.clock.now() - Date.now() - offsetMs)).toBeLessThan(60_000)
      const uuid = emulator.customers.arrive({ queue: 'support', question: 'Hi' }).conversationUuid
      await client.joinConversation(uuid)
      const copies = (id: string) =>
        emulator.state.messages(uuid).filter((m) => m.client_message_id === id).length

      lossy.control.dropMessages = true
      const sent = firstValueFrom(
        sendMessage(socket, uuid, { body: 'Your order shipped.', client_message_id: 'cid-skew' }).pipe(
          filter((s) => s.status === 'sent'),
        ),
      )
      await until(() => copies('cid-skew') === 1, 'the first write on the server')
      lossy.control.dropMessages = false
      emulator.sockets.dropAll()

      const state = await sent
      expect(state.message.conversation_message_uuid).toBeTruthy()
      expect(copies('cid-skew')).toBe(1)
      expect(lossy.control.opened).toBeGreaterThanOrEqual(2)
    })
})
