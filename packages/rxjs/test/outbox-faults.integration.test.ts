import { createFaultProxy, type FaultProxy } from '@uc-conversation/emulator'
import { filter, lastValueFrom } from 'rxjs'
import { afterEach, describe, expect, it } from 'vitest'
import { sendMessage } from '../src'
import { type Harness, startHarness } from './emulator'

let harness: Harness | undefined
let proxy: FaultProxy | undefined
afterEach(async () => {
  await proxy?.close()
  await harness?.close()
  harness = proxy = undefined
})

const parse = (frame: string) => {
  try {
    return JSON.parse(frame) as { type?: string; message?: { body?: string } }
  } catch {
    return {}
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('outbox under a hostile network', () => {
  for (const clockOffsetMs of [-600_000, 600_000])
    it(`lost writes, lost and doubled echoes, dropped sockets, server clock ${clockOffsetMs / 60_000} min: every message once`, {
      timeout: 30_000,
    }, async () => {
      harness = await startHarness({
        clockOffsetMs,
        rateLimit: { rules: [{ requests: 1_000_000, perSeconds: 3600 }] },
      })
      proxy = await createFaultProxy({ target: harness.server.websocketUrl })
      harness.emulator.setWebsocketUrlRewrite(proxy.wrap)
      const { emulator, client, socket } = harness
      const uuid = emulator.customers.arrive({ queue: 'support', question: 'faults' }).conversationUuid
      await client.joinConversation(uuid)
      const n = (frame: string) => Number(/^s #(\d+)$/.exec(parse(frame).message?.body ?? '')?.[1] ?? -1)
      let echoesLost = 0
      let writesLost = 0
      proxy.onServerFrame((frame) => {
        if (parse(frame).type !== 'message') return 'pass'
        const i = n(frame)
        if (i % 3 === 0) {
          echoesLost++
          return 'drop'
        }
        return i % 5 === 1 ? 'duplicate' : 'pass'
      })
      // Each message's first write only: the rewrite after a reconnect goes through.
      const writes = new Map<number, number>()
      proxy.onClientFrame((frame) => {
        const i = n(frame)
        if (i < 0) return 'pass'
        writes.set(i, (writes.get(i) ?? 0) + 1)
        if (i % 4 === 2 && writes.get(i) === 1) {
          writesLost++
          return 'drop'
        }
        return 'pass'
      })

      const MESSAGES = 24
      const sends: Promise<unknown>[] = []
      for (let i = 0; i < MESSAGES; i++) {
        sends.push(
          lastValueFrom(
            sendMessage(
              socket,
              uuid,
              { body: `s #${i}`, client_message_id: `cid-${i}` },
              { timeoutMs: 20_000 },
            ).pipe(filter((s) => s.status === 'sent')),
          ),
        )
        await sleep(20)
        if (i % 8 === 7) emulator.sockets.dropAll()
      }
      // The last lost echoes and writes are on a connection that stays up: the echo check settles them.
      await Promise.all(sends)
      const copies = new Map<string, number>()
      for (const m of emulator.state.messages(uuid))
        if (m.client_message_id) copies.set(m.client_message_id, (copies.get(m.client_message_id) ?? 0) + 1)
      for (let i = 0; i < MESSAGES; i++) expect(copies.get(`cid-${i}`), `cid-${i}`).toBe(1)
      expect(echoesLost).toBeGreaterThan(0)
      expect(writesLost).toBeGreaterThan(0)
      console.log(
        `outbox faults (server clock ${clockOffsetMs / 60_000} min): ${MESSAGES} sends, ${echoesLost} echoes lost, ` +
          `${writesLost} writes lost, 3 socket drops: each message once on the server`,
      )
    })
})
