import { createFaultProxy, type FaultProxy } from '@uc-conversation/emulator'
import { afterEach, describe, expect, it } from 'vitest'
import type { AgentSocketState } from '../src'
import { type Harness, startHarness, until } from './emulator'

// Issue 11, point 7, over real websockets: the emulator answers pings, so a frozen server is found by the
// heartbeat and replaced; a server whose pings go unanswered is detected and does not cost a JWT every few
// seconds. Short heartbeat options keep these real-time tests fast; the defaults are tested in virtual time.

let harness: Harness | undefined
let proxy: FaultProxy | undefined
afterEach(async () => {
  await proxy?.close()
  await harness?.close()
  proxy = harness = undefined
})

const heartbeat = { heartbeatIntervalMs: 200, heartbeatTimeoutMs: 200, reconnect: { baseDelayMs: 50 } }

const start = async (silenceLimitMs = 60_000) => {
  let auths = 0
  harness = await startHarness(
    {},
    { ...heartbeat, silenceLimitMs },
    {
      onRequest: (r) => {
        if (r.url.endsWith('/conversation/agent/auth')) auths++
      },
    },
  )
  proxy = await createFaultProxy({ target: harness.server.websocketUrl })
  harness.emulator.setWebsocketUrlRewrite(proxy.wrap)
  return { harness, proxy, auths: () => auths }
}

describe('heartbeat against the emulator through a fault proxy', () => {
  it('learns that pings are answered, reports a frozen server as lost and reconnects after it thaws', async () => {
    const { harness, proxy } = await start()
    const { socket } = harness
    const states: AgentSocketState[] = []
    const watch = socket.state$.subscribe((s) => states.push(s))
    const sub = socket.frames$.subscribe()
    await until(() => socket.pingReplies === 'answered', 'a ping answered')
    proxy.freeze()
    const frozenAt = Date.now()
    await until(() => socket.state.status !== 'open', 'the frozen socket to be reported')
    // Within one interval plus one timeout of the last frame (and some scheduling slack).
    expect(Date.now() - frozenAt).toBeLessThan(1000)
    expect(states.find((s) => s.status === 'reconnecting')).toMatchObject({ reason: 'silent' })
    proxy.thaw()
    await until(
      () => socket.state.status === 'open' && socket.state.connection >= 2,
      'a new connection after the thaw',
    )
    sub.unsubscribe()
    watch.unsubscribe()
  })

  it('a server that drops every ping costs one extra authorization, then keeps its socket', async () => {
    const { harness, proxy, auths } = await start()
    proxy.onClientFrame((frame) => (frame.includes('"ping"') ? 'drop' : 'pass'))
    const { socket } = harness
    const sub = socket.frames$.subscribe()
    await until(() => socket.pingReplies === 'unanswered', 'unanswered pings detected')
    expect(auths()).toBe(2)
    const connection = (socket.state as { connection: number }).connection
    // Ten more heartbeat periods in a quiet conversation: the socket is kept, no JWT is asked for.
    await new Promise((r) => setTimeout(r, 2000))
    expect(socket.state).toMatchObject({ status: 'open', connection })
    expect(auths()).toBe(2)
    sub.unsubscribe()
  }, 15_000)
})
