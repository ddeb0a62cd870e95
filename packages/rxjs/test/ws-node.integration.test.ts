import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { connectAgentSocket } from '../src'
import { until } from './emulator'
import { fakeServer } from './fakes'

let server: Server | undefined
const held: Duplex[] = []
afterEach(async () => {
  for (const s of held.splice(0)) s.destroy()
  await new Promise((r) => server?.close(r))
})

describe('with ws in Node', () => {
  it('closing a socket that is still connecting does not crash the process', async () => {
    // A server that accepts the TCP connection but never answers the upgrade.
    const upgrades: unknown[] = []
    server = createServer()
    server.on('upgrade', (request, raw: Duplex) => {
      upgrades.push(request)
      held.push(raw)
    })
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    const { client } = fakeServer()
    client.getAgentWebsocketAuthorization.mockResolvedValue({
      success: true,
      agent_auth: {
        jwt: 'x',
        websocket_url: `ws://127.0.0.1:${port}/ws`,
        conversation_participant_arn: 'a',
        conversation_participant_name: 'A',
        merchant_id: 'M',
      },
    })
    const socket = connectAgentSocket(client, { WebSocketCtor: WebSocket, lingerMs: 0 })
    const sub = socket.frames$.subscribe()
    await until(() => upgrades.length === 1, 'the upgrade request')
    sub.unsubscribe()
    // ws reports the aborted handshake on the next tick; a crash would fail this test run.
    await new Promise((r) => setTimeout(r, 50))
    expect(socket.state).toEqual({ status: 'closed', reason: 'idle' })
  })
})
