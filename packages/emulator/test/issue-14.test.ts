import { connect } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import {
  CLOSE_CODES,
  createEmulator,
  DEFAULT_MAX_FRAME_BYTES,
  EMULATOR_SIMPLE_KEY,
  type Emulator,
  MAX_MESSAGE_BODY_LENGTH,
} from '../src'
import { eventOf, openAgentSocket, setup, type TestSocket } from './helpers'

const keepalive = (emulator: Emulator, headers: Record<string, string> = {}) =>
  emulator.fetch('http://emulator.local/rest/v2/conversation/agent/keepalive', {
    headers: { 'x-ultracart-simple-key': EMULATOR_SIMPLE_KEY, ...headers },
  })

/** Sends raw bytes to a server and resolves with everything it answered before closing. */
const raw = (port: number, text: string) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let out = ''
    socket.setEncoding('latin1')
    socket.on('data', (d) => {
      out += d
    })
    socket.on('error', reject)
    socket.on('close', () => resolve(out))
    socket.setTimeout(2000, () => socket.destroy())
    socket.write(text)
  })

const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  vi.useRealTimers()
  for (const c of cleanup.splice(0)) await c()
})

describe('issue 11 point 14: emulator', () => {
  it('rateLimit.rejectConcurrent holds the slot during a latency fault on the real clock', async () => {
    vi.useFakeTimers()
    const emulator = createEmulator({
      clock: 'real',
      rateLimit: { rejectConcurrent: true },
      faults: { latencyMs: 100 },
    })
    cleanup.push(() => emulator.close())
    const first = keepalive(emulator)
    await vi.advanceTimersByTimeAsync(10)
    const second = keepalive(emulator)
    await vi.advanceTimersByTimeAsync(200)
    const statuses = [(await first).status, (await second).status]
    expect(statuses).toEqual([204, 429])
    // The slot is released once answered.
    const third = keepalive(emulator)
    await vi.advanceTimersByTimeAsync(200)
    expect((await third).status).toBe(204)
  })

  it('405 names the methods the path really allows', async () => {
    const emulator = createEmulator({ clock: 'manual' })
    cleanup.push(() => emulator.close())
    const allow = async (method: string, path: string) => {
      const res = await emulator.fetch(`http://emulator.local${path}`, {
        method,
        headers: { 'x-ultracart-simple-key': EMULATOR_SIMPLE_KEY },
      })
      expect(res.status).toBe(405)
      expect(res.headers.get('UC-REST-ERROR')).toBeTruthy()
      return res.headers.get('Allow')
    }
    const uuid = '00000000-0000-4000-8000-000000000000'
    expect(await allow('POST', '/rest/v2/conversation/agent/keepalive')).toBe('GET, HEAD')
    expect(await allow('GET', '/rest/v2/conversation/agent/auth')).toBe('PUT')
    expect(await allow('DELETE', '/rest/v2/conversation/conversations')).toBe('GET, HEAD, PUT')
    expect(await allow('PUT', `/rest/v2/conversation/conversations/${uuid}/leave`)).toBe('DELETE')
    expect(await allow('GET', `/rest/v2/conversation/conversations/${uuid}/join`)).toBe('PUT')
  })

  it('message uuids never repeat across restarts with the same seed; content stays deterministic', async () => {
    const run = async (idSalt?: string) => {
      const emulator = createEmulator({
        clock: 'manual',
        seed: 5,
        ...(idSalt === undefined ? {} : { idSalt }),
      })
      const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'q' })
      emulator.customers.say(conversationUuid, 'hello')
      const messages = emulator.state.messages(conversationUuid)
      const queues = emulator.snapshot().queues.map((q) => q.uuid)
      await emulator.close()
      return { conversationUuid, messages, queues }
    }
    const a = await run()
    const b = await run()
    expect(b.conversationUuid).not.toBe(a.conversationUuid)
    const ids = (r: typeof a) => r.messages.map((m) => m.conversation_message_uuid)
    expect(ids(b).some((id) => ids(a).includes(id))).toBe(false)
    expect(b.queues).toHaveLength(2)
    expect(b.queues.some((id) => a.queues.includes(id))).toBe(false)
    for (const id of [...ids(a), b.conversationUuid])
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const content = (r: typeof a) =>
      r.messages.map(
        ({ conversation_message_uuid: _, author_conversation_participant_arn: __, ...rest }) => rest,
      )
    expect(content(b)).toEqual(content(a))
    // A fixed salt makes identity reproducible too.
    expect(await run('fixed')).toEqual(await run('fixed'))
  })

  it("a request target of '*' and CONNECT get the error envelope with UC-REST-ERROR", async () => {
    const emulator = createEmulator({ clock: 'manual' })
    cleanup.push(() => emulator.close())
    const server = await emulator.listen({ port: 0 })
    for (const request of [
      'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET * HTTP/1.1\r\nHost: x\r\n\r\n',
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
    ]) {
      const answer = await raw(server.port, request)
      expect(answer).toMatch(/^HTTP\/1\.1 (400|405) /)
      expect(answer).toMatch(/\r\nUC-REST-ERROR: [^\r\n]+\r\n/i)
      expect(bodyOf(answer)).toMatchObject({
        error: { developer_message: expect.any(String), user_message: expect.any(String) },
        metadata: {},
      })
    }
  })

  describe('websocket', () => {
    const sockets: TestSocket[] = []
    afterEach(() => {
      for (const s of sockets.splice(0)) s.close()
    })

    it('a text frame with invalid UTF-8 is ignored like any bad frame; the socket stays open', async () => {
      const { client, close } = await setup('http')
      cleanup.push(close)
      const socket = await openAgentSocket(client)
      sockets.push(socket)
      socket.raw.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false })
      socket.raw.send(Buffer.from('{"type":"ping","x":"\xff"}', 'latin1'), { binary: false })
      await socket.sync()
      expect(socket.raw.readyState).toBe(WebSocket.OPEN)
      expect(socket.frames.filter((f) => f.type === 'ping')).toHaveLength(1)
    })

    for (const mode of ['http', 'in-process'] as const)
      it(`a body over MAX_MESSAGE_BODY_LENGTH is refused with 1009, never stored or echoed (${mode})`, async () => {
        expect(MAX_MESSAGE_BODY_LENGTH).toBe(20_000)
        const { client, emulator, close } = await setup(mode)
        cleanup.push(close)
        const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support', question: 'q' })
        await client.joinConversation(uuid)
        const auth = (await client.getAgentWebsocketAuthorization()).agent_auth!
        const url = `${auth.websocket_url}?jwt=${auth.jwt}`
        const frames: string[] = []
        const closed = new Promise<{ code: number; reason: string }>((resolve) => {
          const ws =
            mode === 'http' ? new WebSocket(url) : (new emulator.WebSocket(url) as unknown as WebSocket)
          const onOpen = () => {
            const send = (body: string) =>
              ws.send(JSON.stringify({ type: 'message', conversation_uuid: uuid, message: { body } }))
            send('x'.repeat(MAX_MESSAGE_BODY_LENGTH))
            send('y'.repeat(MAX_MESSAGE_BODY_LENGTH + 1))
          }
          if (mode === 'http') {
            ws.on('open', onOpen)
            ws.on('message', (d) => frames.push(d.toString()))
            ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
          } else {
            const w = ws as unknown as {
              onopen: () => void
              onmessage: (e: { data: string }) => void
              onclose: (e: { code: number; reason: string }) => void
            }
            w.onopen = onOpen
            w.onmessage = (e) => frames.push(String(e.data))
            w.onclose = (e) => resolve({ code: e.code, reason: e.reason })
          }
        })
        const { code, reason } = await closed
        expect(code).toBe(CLOSE_CODES.MESSAGE_TOO_BIG)
        expect(reason).toContain(String(MAX_MESSAGE_BODY_LENGTH))
        const bodies = emulator.state.messages(uuid).map((m) => m.body)
        expect(bodies).toEqual(['q', 'x'.repeat(MAX_MESSAGE_BODY_LENGTH)])
        expect(frames.some((f) => f.includes('yyyy'))).toBe(false)
        expect(() => emulator.customers.say(uuid, 'z'.repeat(MAX_MESSAGE_BODY_LENGTH + 1))).toThrow(
          RangeError,
        )
      })

    it(`a frame over maxFrameBytes (${DEFAULT_MAX_FRAME_BYTES} bytes) closes with 1009`, async () => {
      const { client, close } = await setup('http')
      cleanup.push(close)
      const socket = await openAgentSocket(client)
      socket.raw.send(JSON.stringify({ type: 'ping', pad: 'p'.repeat(DEFAULT_MAX_FRAME_BYTES) }))
      expect((await socket.closed).code).toBe(CLOSE_CODES.MESSAGE_TOO_BIG)
    })

    it('answerPings: false models a server that never answers pings', async () => {
      const { client, emulator, close } = await setup('http', { answerPings: false })
      cleanup.push(close)
      const socket = await openAgentSocket(client)
      sockets.push(socket)
      const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support', question: 'q' })
      socket.send({ type: 'ping' })
      socket.send({ type: 'check queue position', conversation_uuid: uuid })
      await socket.waitFor(eventOf('queue position'))
      expect(socket.frames.some((f) => f.type === 'ping')).toBe(false)
    })
  })

  describe('Authorization header', () => {
    const token = 'tok-123'
    const start = () => {
      const emulator = createEmulator({ clock: 'manual', agents: [{ accessToken: token }] })
      cleanup.push(() => emulator.close())
      return (authorization: string) =>
        emulator.fetch('http://emulator.local/rest/v2/conversation/agent/keepalive', {
          headers: { authorization },
        })
    }

    it('a non-Bearer scheme is told what is wrong, not "Missing credentials", and never echoed', async () => {
      const send = start()
      for (const header of ['Basic dXNlcjpwYXNz', 'Token tok-123 extra', 'Bearer']) {
        const res = await send(header)
        expect(res.status).toBe(401)
        const body = await res.json()
        expect(body.error.developer_message).toMatch(/Authorization must be a Bearer token/)
        expect(body.error.developer_message).not.toMatch(/Missing credentials/)
        expect(JSON.stringify(body)).not.toContain('dXNlcjpwYXNz')
      }
    })

    it("accepts the bare token UltraCart's SDK sends, as well as Bearer", async () => {
      const send = start()
      expect((await send(token)).status).toBe(204)
      expect((await send(`Bearer ${token}`)).status).toBe(204)
      expect((await send('other-token')).status).toBe(401)
    })
  })
})
