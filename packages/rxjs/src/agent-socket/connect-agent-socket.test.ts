import { AGENT_SOCKET_CLOSE_CODES, ConversationError } from '@uc-conversation/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakePage, fakeServer, fakeSockets, flush, http, JWT, messageFrame } from '../../test/fakes'
import type { AgentSocket, AgentSocketState } from './agent-socket'
import { connectAgentSocket } from './connect-agent-socket'
import { DEFAULT_AGENT_SOCKET, JWT_REUSE_MARGIN_MS } from './options'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const setup = (options: Parameters<typeof connectAgentSocket>[1] = {}) => {
  const server = fakeServer()
  const fakes = fakeSockets()
  const socket = connectAgentSocket(server.client, {
    WebSocketCtor: fakes.WebSocketCtor,
    lingerMs: 0,
    random: () => 0,
    ...options,
  })
  const states: AgentSocketState[] = []
  socket.state$.subscribe((s) => states.push(s))
  return { server, fakes, socket, states }
}

describe('connectAgentSocket', () => {
  it('connects lazily on the first frame subscriber and decodes frames', async () => {
    const { server, fakes, socket, states } = setup()
    await flush()
    expect(server.client.getAgentWebsocketAuthorization).not.toHaveBeenCalled()
    expect(socket.state).toEqual({ status: 'closed', reason: 'idle' })
    const frames: unknown[] = []
    const sub = socket.frames$.subscribe((f) => frames.push(f))
    await flush()
    expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(1)
    const url = new URL(fakes.last.url)
    expect(url.origin + url.pathname).toBe('wss://socket.test/ws')
    expect(url.searchParams.get('jwt')).toBe(JWT)
    fakes.last.open()
    expect(socket.state).toMatchObject({ status: 'open', connection: 1 })
    expect(socket.agent?.conversation_participant_arn).toBe('arn:agent')
    fakes.last.receive(messageFrame('c1', { conversation_message_uuid: 'm1', body: 'hi', message_epoch: 1 }))
    fakes.last.receive({ type: 'ping' })
    expect(frames).toEqual([
      messageFrame('c1', { conversation_message_uuid: 'm1', body: 'hi', message_epoch: 1 }),
    ])
    sub.unsubscribe()
    expect(states.map((s) => s.status)).toEqual(['closed', 'connecting', 'open', 'closed'])
    expect(fakes.last.closedWith).toBe(1000)
  })

  it('a frames$ subscriber that leaves gets no more frames while another keeps the socket open', async () => {
    const { fakes, socket } = setup()
    const left: unknown[] = []
    const stays: unknown[] = []
    const leaving = socket.frames$.subscribe((f) => left.push(f))
    const staying = socket.frames$.subscribe((f) => stays.push(f))
    await flush()
    fakes.last.open()
    fakes.last.receive(messageFrame('c1', { conversation_message_uuid: 'm1', body: 'a', message_epoch: 1 }))
    leaving.unsubscribe()
    fakes.last.receive(messageFrame('c1', { conversation_message_uuid: 'm2', body: 'b', message_epoch: 2 }))
    expect(left).toHaveLength(1)
    expect(stays).toHaveLength(2)
    staying.unsubscribe()
  })

  it('puts the JWT under jwtParam when given (the settings go to core as they are)', async () => {
    const { fakes, socket } = setup({ jwtParam: 'token' })
    const sub = socket.frames$.subscribe()
    await flush()
    const url = new URL(fakes.last.url)
    expect(url.searchParams.get('token')).toBe(JWT)
    expect(url.searchParams.has('jwt')).toBe(false)
    sub.unsubscribe()
  })

  it('routes bad frames to rejected$ and keeps going', async () => {
    const { fakes, socket } = setup()
    const frames: unknown[] = []
    const rejected: unknown[] = []
    socket.rejected$.subscribe((r) => rejected.push(r))
    const sub = socket.frames$.subscribe((f) => frames.push(f))
    await flush()
    fakes.last.open()
    fakes.last.receiveRaw(new Uint8Array([0xff, 0x00, 0x7b]))
    fakes.last.receive('not json')
    fakes.last.receive({ type: 'message', message: { body: 42 } })
    fakes.last.receive({ type: 'event', event_type: 'brand new' })
    fakes.last.receiveRaw(undefined)
    fakes.last.receive({
      type: 'event',
      event_type: 'new conversation',
      conversation_uuid: 'c1',
      event_new_conversation: {},
    })
    expect(rejected.map((r) => (r as { kind: string }).kind)).toEqual([
      'invalid',
      'invalid',
      'invalid',
      'unknown',
      'invalid',
    ])
    expect(frames).toHaveLength(1)
    sub.unsubscribe()
  })

  it('typed selectors narrow by event type and conversation', async () => {
    const { fakes, socket } = setup()
    const typingC1: unknown[] = []
    const c2: unknown[] = []
    const s1 = socket.events('typing', 'c1').subscribe((f) => typingC1.push(f.event_typing?.value))
    const s2 = socket.conversation('c2').subscribe((f) => c2.push(f.type))
    await flush()
    fakes.last.open()
    const typingFrame = (uuid: string, value: string) => ({
      type: 'event',
      event_type: 'typing',
      conversation_uuid: uuid,
      event_typing: { value },
    })
    fakes.last.receive(typingFrame('c1', 'a'))
    fakes.last.receive(typingFrame('c2', 'b'))
    fakes.last.receive(messageFrame('c2', { conversation_message_uuid: 'x' }))
    expect(typingC1).toEqual(['a'])
    expect(c2).toEqual(['event', 'message'])
    // Two subscribers share one socket.
    expect(fakes.sockets).toHaveLength(1)
    s1.unsubscribe()
    s2.unsubscribe()
  })

  it('pings after silence and replaces a socket that stays silent', async () => {
    const { fakes, socket, server } = setup({ heartbeatIntervalMs: 25_000, heartbeatTimeoutMs: 10_000 })
    const sub = socket.frames$.subscribe()
    await flush()
    const first = fakes.last
    first.open()
    await vi.advanceTimersByTimeAsync(24_999)
    expect(first.sent).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(first.sent).toEqual(['{"type":"ping"}'])
    // A pong (any frame) keeps it alive; the next ping is due 25 s after it.
    await vi.advanceTimersByTimeAsync(5_000)
    first.receive({ type: 'ping' })
    await vi.advanceTimersByTimeAsync(24_999)
    expect(first.sent).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(first.sent).toHaveLength(2)
    // No answer this time: dead after 10 s, replaced with a fresh JWT.
    await vi.advanceTimersByTimeAsync(9_999)
    expect(socket.state.status).toBe('open')
    await vi.advanceTimersByTimeAsync(1)
    expect(first.terminated).toBe(true)
    expect(socket.state).toMatchObject({ status: 'reconnecting', attempt: 1 })
    await vi.advanceTimersByTimeAsync(1000)
    expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(2)
    expect(fakes.sockets).toHaveLength(2)
    sub.unsubscribe()
  })

  it('frames keep a busy socket alive without pings', async () => {
    const { fakes, socket } = setup({ heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 500 })
    const sub = socket.frames$.subscribe()
    await flush()
    fakes.last.open()
    for (let i = 0; i < 50; i++) {
      await vi.advanceTimersByTimeAsync(900)
      fakes.last.receive({ type: 'event', event_type: 'typing', conversation_uuid: 'c', event_typing: {} })
    }
    expect(fakes.last.sent).toEqual([])
    expect(fakes.sockets).toHaveLength(1)
    sub.unsubscribe()
  })

  it('backs off min(1000·2^n, 30 s) with jitter, fetching a fresh JWT every time, and resets after an open', async () => {
    const { fakes, socket, server, states } = setup()
    const sub = socket.frames$.subscribe()
    await flush()
    const delays: number[] = []
    for (let n = 0; n < 7; n++) {
      fakes.last.serverClose(1006)
      const s = socket.state
      if (s.status !== 'reconnecting') throw new Error(s.status)
      delays.push(s.retryAt - Date.now())
      await vi.advanceTimersByTimeAsync(s.retryAt - Date.now())
      await flush()
    }
    // random() = 0 means the full delay; jitter only ever shortens it.
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000])
    expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(8)
    fakes.last.open()
    fakes.last.serverClose(1011)
    expect(socket.state).toMatchObject({ status: 'reconnecting', attempt: 1, closeCode: 1011 })
    expect(states.filter((s) => s.status === 'open')).toHaveLength(1)
    sub.unsubscribe()
  })

  describe('reuses the JWT of attempts that never opened', () => {
    const tokenFor = (msLeft: number) =>
      `h.${Buffer.from(JSON.stringify({ exp: Math.floor((Date.now() + msLeft) / 1000) })).toString('base64url')}.s`
    const withJwt = (server: ReturnType<typeof fakeServer>, jwt: () => string) =>
      server.client.getAgentWebsocketAuthorization.mockImplementation(async () => ({
        success: true,
        agent_auth: {
          jwt: jwt(),
          websocket_url: 'wss://socket.test/ws',
          conversation_participant_arn: 'arn:agent',
          conversation_participant_name: 'Agent',
          merchant_id: 'DEMO',
        },
      }))
    /** The network refuses the socket: it closes before it opens; then the backoff runs out. */
    const refuse = async (fakes: ReturnType<typeof fakeSockets>, socket: AgentSocket, code = 1006) => {
      fakes.last.serverClose(code)
      const s = socket.state as Extract<AgentSocketState, { status: 'reconnecting' }>
      await vi.advanceTimersByTimeAsync(s.retryAt - Date.now())
      await flush()
    }
    const jwtOf = (fakes: ReturnType<typeof fakeSockets>) => new URL(fakes.last.url).searchParams.get('jwt')

    it('for up to jwtReuses further attempts, then asks again; never once it opened a socket', async () => {
      const { fakes, socket, server } = setup()
      const auth = server.client.getAgentWebsocketAuthorization
      let issued = 0
      withJwt(server, () => tokenFor(3_600_000 + ++issued * 1000))
      const sub = socket.frames$.subscribe()
      await flush()
      const first = jwtOf(fakes)
      for (let n = 0; n < DEFAULT_AGENT_SOCKET.jwtReuses; n++) await refuse(fakes, socket)
      expect(auth).toHaveBeenCalledTimes(1)
      expect(fakes.sockets).toHaveLength(1 + DEFAULT_AGENT_SOCKET.jwtReuses)
      expect(jwtOf(fakes)).toBe(first)
      await refuse(fakes, socket)
      expect(auth).toHaveBeenCalledTimes(2)
      expect(jwtOf(fakes)).not.toBe(first)
      // This one opens: a dropped socket then gets a new JWT.
      fakes.last.open()
      await refuse(fakes, socket)
      expect(auth).toHaveBeenCalledTimes(3)
      sub.unsubscribe()
    })

    it('not with less than a minute left, not after an auth close, not with jwtReuses: 0', async () => {
      for (const [left, options, code] of [
        [JWT_REUSE_MARGIN_MS - 1000, {}, 1006],
        [3_600_000, {}, AGENT_SOCKET_CLOSE_CODES.UNAUTHORIZED],
        [3_600_000, { jwtReuses: 0 }, 1006],
      ] as const) {
        const { fakes, socket, server } = setup(options)
        withJwt(server, () => tokenFor(left))
        const sub = socket.frames$.subscribe()
        await flush()
        await refuse(fakes, socket, code)
        await refuse(fakes, socket, code)
        expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(3)
        sub.unsubscribe()
      }
    })
  })

  it('jitter shortens the delay by up to half', async () => {
    const { fakes, socket } = setup({ random: () => 0.999 })
    const sub = socket.frames$.subscribe()
    await flush()
    fakes.last.serverClose(1006)
    const s = socket.state as Extract<AgentSocketState, { status: 'reconnecting' }>
    expect(s.retryAt - Date.now()).toBeGreaterThanOrEqual(500)
    expect(s.retryAt - Date.now()).toBeLessThanOrEqual(501)
    sub.unsubscribe()
  })

  it('reconnects at once with a new JWT when the server closes for auth (4001)', async () => {
    const { fakes, socket, server } = setup()
    const sub = socket.frames$.subscribe()
    await flush()
    fakes.last.open()
    fakes.last.serverClose(4001, 'jwt expired')
    expect(socket.state).toMatchObject({ status: 'reconnecting', closeCode: 4001 })
    await vi.advanceTimersByTimeAsync(0)
    expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(2)
    expect(fakes.sockets).toHaveLength(2)
    // A second auth close in a row backs off (the server keeps refusing).
    fakes.last.serverClose(4001)
    expect((socket.state as { retryAt: number }).retryAt - Date.now()).toBeGreaterThan(0)
    sub.unsubscribe()
  })

  it('retries failed authorizations, and gives up on permanent ones with an error', async () => {
    const { fakes, socket, server } = setup()
    server.failNext(http(503))
    const errors: unknown[] = []
    socket.frames$.subscribe({ error: (e) => errors.push(e) })
    await flush()
    expect(socket.state).toMatchObject({ status: 'reconnecting', attempt: 1 })
    expect(fakes.sockets).toHaveLength(0)
    server.failNext(http(401))
    await vi.advanceTimersByTimeAsync(1000)
    expect(socket.state).toMatchObject({ status: 'closed', reason: 'error' })
    expect(errors).toHaveLength(1)
    expect((errors[0] as ConversationError).kind).toBe('http')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('explains a missing WebSocket with a typed error', async () => {
    const server = fakeServer()
    const socket = connectAgentSocket(server.client, { lingerMs: 0 })
    const error = await new Promise<unknown>((resolve) => socket.frames$.subscribe({ error: resolve }))
    expect(error).toBeInstanceOf(ConversationError)
    expect((error as ConversationError).kind).toBe('config')
    expect((error as Error).message).toMatch(/WebSocketCtor/)
    expect(socket.state).toMatchObject({ status: 'closed', reason: 'error' })
  })

  it('never puts the JWT into states or errors', async () => {
    const server = fakeServer()
    const Throwing = class {
      constructor(url: string) {
        throw new TypeError(`Invalid URL: ${url}`)
      }
    }
    const socket = connectAgentSocket(server.client, {
      WebSocketCtor: Throwing as never,
      lingerMs: 0,
      random: () => 0,
    })
    const states: unknown[] = []
    socket.state$.subscribe((s) => states.push(s))
    const sub = socket.frames$.subscribe()
    await flush()
    await vi.advanceTimersByTimeAsync(5000)
    sub.unsubscribe()
    const text = JSON.stringify(states, (_k, v) => (v instanceof Error ? { ...v, message: v.message } : v))
    expect(text).toContain('Invalid URL')
    expect(text).not.toContain(JWT)
  })

  it('lingers after the last subscriber, reusing the socket when one comes back', async () => {
    const { fakes, socket } = setup({ lingerMs: 1000 })
    let sub = socket.frames$.subscribe()
    await flush()
    fakes.last.open()
    sub.unsubscribe()
    await vi.advanceTimersByTimeAsync(999)
    sub = socket.frames$.subscribe()
    await vi.advanceTimersByTimeAsync(5000)
    expect(fakes.sockets).toHaveLength(1)
    expect(fakes.last.isClosed).toBe(false)
    sub.unsubscribe()
    await vi.advanceTimersByTimeAsync(1000)
    expect(fakes.last.isClosed).toBe(true)
    expect(socket.state).toEqual({ status: 'closed', reason: 'idle' })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('times out a socket that never opens', async () => {
    const { fakes, socket } = setup({ connectTimeoutMs: 3000 })
    const sub = socket.frames$.subscribe()
    await flush()
    await vi.advanceTimersByTimeAsync(3000)
    expect(fakes.sockets[0]!.terminated).toBe(true)
    expect(socket.state.status).toBe('reconnecting')
    sub.unsubscribe()
  })

  it('sends only while open', async () => {
    const { fakes, socket } = setup()
    expect(socket.send('{"type":"ping"}')).toBe(false)
    const sub = socket.frames$.subscribe()
    await flush()
    expect(socket.send('x')).toBe(false)
    fakes.last.open()
    expect(socket.send('x')).toBe(true)
    expect(fakes.last.sent).toEqual(['x'])
    sub.unsubscribe()
  })

  it('reconnects at once when the page wakes up, and probes an open socket', async () => {
    const page = fakePage()
    const { fakes, socket } = setup()
    const sub = socket.frames$.subscribe()
    await flush()
    fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(500)
    page.hide()
    page.show()
    await flush()
    expect(fakes.sockets).toHaveLength(2)
    fakes.last.open()
    page.online()
    expect(fakes.last.sent).toEqual(['{"type":"ping"}'])
    sub.unsubscribe()
    expect(page.listeners).toBe(0)
  })

  it('reconnect() drops the current socket and connects now', async () => {
    const { fakes, socket, server } = setup()
    const sub = socket.frames$.subscribe()
    await flush()
    fakes.last.open()
    socket.reconnect()
    await flush()
    expect(fakes.sockets[0]!.isClosed).toBe(true)
    expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(2)
    sub.unsubscribe()
  })

  it('leaves no timers, sockets or listeners after the last unsubscribe', async () => {
    const page = fakePage()
    const { fakes, socket } = setup()
    const subs = [
      socket.frames$.subscribe(),
      socket.messages$.subscribe(),
      socket.events('new message').subscribe(),
    ]
    await flush()
    fakes.last.open()
    fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(1000)
    fakes.last.open()
    expect(page.listeners).toBeGreaterThan(0)
    for (const s of subs) s.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
    expect(page.listeners).toBe(0)
    expect(fakes.sockets.every((s) => s.isClosed)).toBe(true)
  })

  it('reconnect() from a state listener on a loss cancels the wait it replaces (no second attempt behind it)', async () => {
    const { fakes, socket, server } = setup()
    const sub = socket.frames$.subscribe()
    await flush()
    fakes.last.open()
    let reconnected = false
    const watch = socket.state$.subscribe((s) => {
      if (s.status === 'reconnecting' && !reconnected) {
        reconnected = true
        socket.reconnect()
      }
    })
    fakes.last.serverClose(1006)
    await flush()
    fakes.last.open()
    // The backoff wait (1 s) armed for the loss must not fire and drop the connection made by reconnect().
    await vi.advanceTimersByTimeAsync(3_000)
    expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(2)
    expect(fakes.sockets).toHaveLength(2)
    expect(socket.state).toMatchObject({ status: 'open', connection: 2 })
    watch.unsubscribe()
    sub.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a socket that reports its open twice is one connection, with one heartbeat', async () => {
    // The emulator's in-process socket under happy-dom calls `onopen` and then dispatches the event again.
    const { fakes, socket, states } = setup()
    const sub = socket.frames$.subscribe()
    await flush()
    const onopen = fakes.last.onopen as () => void
    fakes.last.open()
    onopen()
    expect(states.filter((s) => s.status === 'open')).toEqual([expect.objectContaining({ connection: 1 })])
    expect(vi.getTimerCount()).toBe(1)
    sub.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('the last subscriber leaving in any phase clears every timer, listener, request and socket', async () => {
    const page = fakePage()
    type Phase = { hang?: boolean; reach?: (t: ReturnType<typeof setup>) => Promise<void> }
    const phases: Record<string, Phase> = {
      'waiting for a JWT': { hang: true },
      'socket opening': {},
      'waiting to reconnect': { reach: async ({ fakes }) => fakes.last.serverClose(1006) },
      'open, a ping out': {
        reach: async ({ fakes }) => {
          fakes.last.open()
          await vi.advanceTimersByTimeAsync(4_000)
          expect(fakes.last.sent).toEqual(['{"type":"ping"}'])
        },
      },
      'open, closing handshake unanswered': {
        reach: async ({ fakes }) => {
          const peer = fakes.last
          peer.open()
          peer.close = (code = 1000) => {
            peer.readyState = 2
            peer.closedWith = code
          }
        },
      },
    }
    for (const [phase, { hang, reach }] of Object.entries(phases)) {
      const t = setup()
      const signals: AbortSignal[] = []
      if (hang)
        t.server.client.getAgentWebsocketAuthorization.mockImplementation(
          (options?: { signal?: AbortSignal }) => {
            if (options?.signal) signals.push(options.signal)
            return new Promise<never>(() => {})
          },
        )
      const subs = [t.socket.frames$.subscribe(), t.socket.events('typing').subscribe()]
      await flush()
      await reach?.(t)
      expect(page.listeners, phase).toBe(2)
      if (hang)
        expect(
          signals.map((s) => s.aborted),
          phase,
        ).toEqual([false])
      else expect(vi.getTimerCount(), phase).toBeGreaterThan(0)
      for (const s of subs) s.unsubscribe()
      // The one bounded close left, when the peer does not answer: closeTimeoutMs later it is terminated.
      await vi.advanceTimersByTimeAsync(DEFAULT_AGENT_SOCKET.closeTimeoutMs)
      expect(vi.getTimerCount(), phase).toBe(0)
      expect(page.listeners, phase).toBe(0)
      expect(
        signals.every((s) => s.aborted),
        phase,
      ).toBe(true)
      expect(
        t.fakes.sockets.every((s) => s.isClosed && !s.onopen && !s.onmessage),
        phase,
      ).toBe(true)
      expect(t.socket.state, phase).toEqual({ status: 'closed', reason: 'idle' })
    }
  })

  describe('truthful health (issue 11, point 7)', () => {
    it('with the defaults, a server that stops answering is reported and replaced within 10 s', async () => {
      const { fakes, socket, server, states } = setup()
      const sub = socket.frames$.subscribe()
      await flush()
      fakes.last.open()
      // The server answers the first ping, then freezes right after its last frame.
      await vi.advanceTimersByTimeAsync(5_000)
      expect(fakes.last.sentFrames()).toEqual([{ type: 'ping' }])
      fakes.last.receive({ type: 'ping' })
      expect(socket.pingReplies).toBe('answered')
      const frozenAt = Date.now()
      let reportedAt: number | undefined
      const watch = socket.state$.subscribe((s) => {
        if (s.status === 'reconnecting') reportedAt ??= Date.now()
      })
      await vi.advanceTimersByTimeAsync(10_000)
      watch.unsubscribe()
      expect(states.find((s) => s.status === 'reconnecting')).toMatchObject({ reason: 'silent' })
      expect(reportedAt! - frozenAt).toBeLessThanOrEqual(10_000)
      expect(fakes.sockets[0]!.terminated).toBe(true)
      expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(2)
      sub.unsubscribe()
    })

    it('a server that never answers pings costs one extra JWT, then only the silence limit', async () => {
      const { fakes, socket, server } = setup()
      const sub = socket.frames$.subscribe()
      await flush()
      // A quiet conversation for 10 minutes on a server that opens sockets but never answers a ping.
      for (let t = 0; t < 600_000; t += 500) {
        if (fakes.last.readyState === 0) fakes.last.open()
        await vi.advanceTimersByTimeAsync(500)
      }
      // 1 at start, 1 for the replacement that proved pings go unanswered, 1 after 5 minutes of silence
      // (the limit holds across replacements: the server is still known not to answer).
      expect(server.client.getAgentWebsocketAuthorization.mock.calls.length).toBeLessThanOrEqual(4)
      expect(socket.pingReplies).toBe('unanswered')
      // Pings still go out on a socket that is kept.
      expect(fakes.last.sentFrames().length).toBeGreaterThan(1)
      sub.unsubscribe()
    })

    it('on a server that does not answer pings, any frame still keeps the socket', async () => {
      const { fakes, socket } = setup({ silenceLimitMs: 60_000 })
      const sub = socket.frames$.subscribe()
      await flush()
      for (let t = 0; t < 30_000; t += 500) {
        if (fakes.last.readyState === 0) fakes.last.open()
        await vi.advanceTimersByTimeAsync(500)
      }
      expect(socket.pingReplies).toBe('unanswered')
      const kept = fakes.last
      for (let i = 0; i < 5; i++) {
        kept.receive({ type: 'event', event_type: 'typing', conversation_uuid: 'c', event_typing: {} })
        await vi.advanceTimersByTimeAsync(50_000)
        kept.receive({ type: 'event', event_type: 'typing', conversation_uuid: 'c', event_typing: {} })
      }
      expect(fakes.last).toBe(kept)
      expect(socket.state.status).toBe('open')
      // Silence past the limit replaces it.
      await vi.advanceTimersByTimeAsync(60_000)
      expect(socket.state).toMatchObject({ status: 'reconnecting', reason: 'silent' })
      sub.unsubscribe()
    })
  })

  it('classifies a 1009 close (message too big) in the state, and reconnects', async () => {
    const { fakes, socket, server } = setup()
    const sub = socket.frames$.subscribe()
    await flush()
    fakes.last.open()
    fakes.last.serverClose(1009, 'Max payload size exceeded')
    expect(socket.state).toMatchObject({ status: 'reconnecting', closeCode: 1009, reason: 'too-big' })
    fakes.last.open()
    await vi.advanceTimersByTimeAsync(1000)
    expect(server.client.getAgentWebsocketAuthorization).toHaveBeenCalledTimes(2)
    sub.unsubscribe()
  })

  it('a close handshake the peer never completes is cut off after closeTimeoutMs (teardown is bounded)', async () => {
    // Like `ws`: close() only starts the handshake; the socket stays CLOSING until the peer answers.
    const { fakes, socket } = setup()
    const sub = socket.frames$.subscribe()
    await flush()
    const peer = fakes.last
    peer.open()
    peer.close = (code = 1000) => {
      peer.readyState = 2
      peer.closedWith = code
    }
    sub.unsubscribe()
    expect(peer.closedWith).toBe(1000)
    expect(peer.terminated).toBe(false)
    await vi.advanceTimersByTimeAsync(999)
    expect(peer.terminated).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(peer.terminated).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a completed close handshake cancels the bound', async () => {
    const { fakes, socket } = setup()
    const sub = socket.frames$.subscribe()
    await flush()
    const peer = fakes.last
    peer.open()
    peer.close = (code = 1000) => {
      peer.readyState = 2
      peer.closedWith = code
    }
    sub.unsubscribe()
    peer.serverClose(1000)
    expect(vi.getTimerCount()).toBe(0)
    expect(peer.terminated).toBe(false)
  })
})
