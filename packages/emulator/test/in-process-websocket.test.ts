import {
  buildSocketUrl,
  type ConversationWebsocketFrame,
  createConversationClient,
  decodeFrame,
  encodeMessageFrame,
} from '@uc-conversation/core'
import { describe, expect, it } from 'vitest'
import { createEmulator, EMULATOR_SIMPLE_KEY, type EmulatorWebSocket, IN_PROCESS_BASE_URL } from '../src'

const tick = () => new Promise((r) => setTimeout(r, 0))

function record(socket: EmulatorWebSocket) {
  const frames: ConversationWebsocketFrame[] = []
  const events: string[] = []
  let closed: { code: number; reason: string; wasClean: boolean } | undefined
  socket.onopen = () => events.push('open')
  socket.onmessage = (e) => {
    const d = decodeFrame(e.data)
    if (d.ok) frames.push(d.frame)
  }
  socket.addEventListener('close', (e) => {
    const c = e as Event & { code: number; reason: string; wasClean: boolean }
    closed = { code: c.code, reason: c.reason, wasClean: c.wasClean }
  })
  return { frames, events, closed: () => closed }
}

describe('in-process WebSocket', () => {
  const start = async () => {
    const emulator = createEmulator({ clock: 'manual' })
    const client = createConversationClient({
      baseUrl: IN_PROCESS_BASE_URL,
      fetch: emulator.fetch,
      simpleKey: EMULATOR_SIMPLE_KEY,
    })
    const auth = (await client.getAgentWebsocketAuthorization()).agent_auth!
    return { emulator, client, url: buildSocketUrl(auth.websocket_url!, auth.jwt!) }
  }

  it('opens with a valid JWT, answers pings and echoes messages', async () => {
    const { emulator, client, url } = await start()
    const socket = new emulator.WebSocket(url)
    expect(socket.readyState).toBe(socket.CONNECTING)
    const r = record(socket)
    await tick()
    expect(socket.readyState).toBe(emulator.WebSocket.OPEN)
    expect(r.events).toEqual(['open'])
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support' })
    await client.joinConversation(conversationUuid)
    socket.send('{"type":"ping"}')
    socket.send(encodeMessageFrame(conversationUuid, { body: 'hi', client_message_id: 'abc' }))
    await tick()
    expect(r.frames.some((f) => f.type === 'ping')).toBe(true)
    const echo = r.frames.find((f) => f.type === 'message')
    expect(echo).toMatchObject({
      conversation_uuid: conversationUuid,
      message: { client_message_id: 'abc', body: 'hi' },
    })
    socket.close(1000, 'done')
    await tick()
    expect(r.closed()).toEqual({ code: 1000, reason: 'done', wasClean: true })
    expect(emulator.sockets.count).toBe(0)
    await emulator.close()
  })

  it('uses the same close codes: bad JWT, expiry, drops, emulator close', async () => {
    const { emulator, url } = await start()
    const bad = record(new emulator.WebSocket('ws://emulator.local/ws?jwt=nope'))
    await tick()
    expect(bad.closed()).toEqual({ code: 4001, reason: 'jwt invalid (malformed)', wasClean: true })

    const expiring = record(new emulator.WebSocket(url))
    await tick()
    emulator.clock.advance(15 * 60_000)
    await tick()
    expect(expiring.closed()).toEqual({ code: 4001, reason: 'jwt expired', wasClean: true })

    const fresh = emulator.sockets.issueJwt()
    const dropped = record(new emulator.WebSocket(`ws://emulator.local/ws?jwt=${fresh}`))
    await tick()
    emulator.sockets.dropAll()
    await tick()
    expect(dropped.closed()).toMatchObject({ code: 1006, wasClean: false })

    const last = record(new emulator.WebSocket(`ws://emulator.local/ws?jwt=${fresh}`))
    await tick()
    await emulator.close()
    await tick()
    expect(last.closed()).toEqual({ code: 1001, reason: 'emulator closing', wasClean: true })
  })

  it('refuses non-ws URLs and fails on the wrong path', async () => {
    const emulator = createEmulator()
    expect(() => new emulator.WebSocket('http://emulator.local/ws')).toThrow(SyntaxError)
    const wrong = record(new emulator.WebSocket('ws://emulator.local/other'))
    await tick()
    expect(wrong.closed()).toMatchObject({ code: 1006, wasClean: false })
    await emulator.close()
  })
})
