import type { ConversationError, DecodedFrame } from '@uc-conversation/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AgentSocketDropReason } from '../src/agent-socket/agent-socket'
import { type ConnectionEvents, openConnection } from '../src/agent-socket/connection'
import { Heartbeat } from '../src/agent-socket/heartbeat'
import { type AgentSocketSettings, agentSocketSettings } from '../src/agent-socket/options'
import { pingPong } from '../src/agent-socket/ping-pong'
import { type FakeWebSocket, fakeSockets, JWT } from './fakes'

// The two timed parts of one websocket attempt, each alone, in virtual time: the heartbeat's timer (pingPong)
// and the connection (open timeout, heartbeat, close reasons). `vi.getTimerCount()` counts the live timers.

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const settings = (options: Parameters<typeof agentSocketSettings>[0] = {}) =>
  agentSocketSettings({ heartbeatIntervalMs: 4_000, heartbeatTimeoutMs: 3_000, ...options })

describe('pingPong (the heartbeat timer of an open connection)', () => {
  const start = (options: Parameters<typeof agentSocketSettings>[0] = {}) => {
    const s = settings(options)
    const heartbeat = new Heartbeat(s)
    const log: string[] = []
    const beat = pingPong(
      heartbeat,
      s.scheduler,
      () => log.push(`ping ${Date.now()}`),
      () => log.push(`dead ${Date.now()}`),
    )
    return { heartbeat, beat, log, t0: Date.now() }
  }

  it('pings after the interval of silence and reports death after the timeout, with one timer', async () => {
    const { log, t0 } = start()
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(3_999)
    expect(log).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(log).toEqual([`ping ${t0 + 4_000}`])
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(2_999)
    expect(log).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(log).toEqual([`ping ${t0 + 4_000}`, `dead ${t0 + 7_000}`])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a pong resets the silence: the next ping is due an interval after it, not after the ping', async () => {
    const { heartbeat, log, t0 } = start()
    await vi.advanceTimersByTimeAsync(4_000)
    await vi.advanceTimersByTimeAsync(1_000)
    heartbeat.received(Date.now(), true)
    expect(heartbeat.replies).toBe('answered')
    // The old ping's deadline passes harmlessly.
    await vi.advanceTimersByTimeAsync(3_999)
    expect(log).toEqual([`ping ${t0 + 4_000}`])
    await vi.advanceTimersByTimeAsync(1)
    expect(log).toEqual([`ping ${t0 + 4_000}`, `ping ${t0 + 9_000}`])
    expect(vi.getTimerCount()).toBe(1)
  })

  it('probe() pings at once unless a ping is out; stop() clears its timer', async () => {
    const { beat, log, t0 } = start()
    await vi.advanceTimersByTimeAsync(1_000)
    beat.probe()
    beat.probe()
    expect(log).toEqual([`ping ${t0 + 1_000}`])
    expect(vi.getTimerCount()).toBe(1)
    beat.stop()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(log).toHaveLength(1)
  })
})

describe('openConnection (one websocket attempt)', () => {
  const open = (
    options: Parameters<typeof agentSocketSettings>[0] = {},
    s: AgentSocketSettings = settings(options),
  ) => {
    const fakes = fakeSockets()
    const heartbeat = new Heartbeat(s)
    const log: { opened: number; decoded: DecodedFrame[]; lost: [AgentSocketDropReason, ...unknown[]][] } = {
      opened: 0,
      decoded: [],
      lost: [],
    }
    const events: ConnectionEvents = {
      opened: () => log.opened++,
      decoded: (frame) => log.decoded.push(frame),
      lost: (...args) => log.lost.push(args),
    }
    const connection = openConnection(
      fakes.WebSocketCtor,
      `wss://socket.test/ws?jwt=${JWT}`,
      JWT,
      heartbeat,
      s,
      events,
    )
    return { connection, socket: fakes.last, heartbeat, log }
  }
  const handlers = (socket: FakeWebSocket) => [socket.onopen, socket.onmessage, socket.onclose]

  it('a socket that does not open within connectTimeoutMs is terminated and reported; one timer meanwhile', async () => {
    const { socket, log } = open({ connectTimeoutMs: 5_000 })
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(4_999)
    expect(log.lost).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(log.lost).toHaveLength(1)
    const [reason, closeCode, error] = log.lost[0]!
    expect([reason, closeCode]).toEqual(['open-timeout', undefined])
    expect((error as ConversationError).kind).toBe('timeout')
    expect(socket.terminated).toBe(true)
    expect(handlers(socket)).toEqual([null, null, null])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('opening clears the open timeout and starts the heartbeat: still one timer', async () => {
    const { socket, log } = open({ connectTimeoutMs: 5_000 })
    await vi.advanceTimersByTimeAsync(1_000)
    socket.open()
    expect(log.opened).toBe(1)
    expect(vi.getTimerCount()).toBe(1)
    // Past the open timeout: nothing lost, and the heartbeat pings 4 s after the open.
    await vi.advanceTimersByTimeAsync(4_000)
    expect(log.lost).toEqual([])
    expect(socket.sentFrames()).toEqual([{ type: 'ping' }])
  })

  it('an open socket silent past the heartbeat limits is terminated and reported as silent', async () => {
    const { socket, log } = open()
    socket.open()
    await vi.advanceTimersByTimeAsync(6_999)
    expect(log.lost).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(log.lost.map(([reason]) => reason)).toEqual(['silent'])
    expect((log.lost[0]![2] as ConversationError).kind).toBe('timeout')
    expect(socket.terminated).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('any frame keeps it; the answer to a ping teaches the heartbeat that pings are answered', async () => {
    const { socket, log, heartbeat } = open()
    socket.open()
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(4_000)
      expect(socket.sent.at(-1)).toBe('{"type":"ping"}')
      await vi.advanceTimersByTimeAsync(2_999)
      socket.receive({ type: 'ping' })
    }
    expect(log.lost).toEqual([])
    expect(heartbeat.replies).toBe('answered')
    expect(log.decoded.every((d) => d.ok && d.frame.type === 'ping')).toBe(true)
    expect(log.decoded).toHaveLength(10)
  })

  it('names the close: 4001 auth, 1009 too-big, any other closed; nothing is left behind', async () => {
    for (const [code, reason] of [
      [4001, 'auth'],
      [1009, 'too-big'],
      [1006, 'closed'],
    ] as const) {
      const { socket, log } = open()
      socket.open()
      socket.serverClose(code)
      expect(log.lost.map(([why, closeCode, error]) => [why, closeCode, error])).toEqual([
        [reason, code, undefined],
      ])
      expect(handlers(socket)).toEqual([null, null, null])
      expect(vi.getTimerCount()).toBe(0)
    }
  })

  it('close() clears each timer it owns, before and after the open, and says nothing', async () => {
    const before = open()
    expect(vi.getTimerCount()).toBe(1)
    before.connection.close()
    expect(vi.getTimerCount()).toBe(0)
    expect(before.socket.closedWith).toBe(1000)

    const after = open()
    after.socket.open()
    await vi.advanceTimersByTimeAsync(4_000)
    expect(after.socket.sent).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(1)
    after.connection.close()
    after.connection.close()
    expect(vi.getTimerCount()).toBe(0)
    expect(after.socket.closedWith).toBe(1000)
    expect(handlers(after.socket)).toEqual([null, null, null])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(before.log.lost).toEqual([])
    expect(after.log.lost).toEqual([])
  })

  it('an implementation that reports open twice (or close after close) still leaves one heartbeat and one loss', async () => {
    const { socket, connection, log } = open()
    const onopen = socket.onopen as () => void
    const onclose = socket.onclose as (e: unknown) => void
    socket.open()
    onopen()
    expect(log.opened).toBe(1)
    expect(vi.getTimerCount()).toBe(1)
    connection.close()
    expect(vi.getTimerCount()).toBe(0)
    onclose({ code: 1006 })
    onopen()
    expect([log.opened, log.lost.length, vi.getTimerCount()]).toEqual([1, 0, 0])

    const closed = open()
    const onclose2 = closed.socket.onclose as (e: unknown) => void
    closed.socket.serverClose(1006)
    onclose2({ code: 1006 })
    expect(closed.log.lost).toHaveLength(1)
  })

  it('sends only while open, and a constructor failure is thrown without the JWT', () => {
    const { socket, connection } = open()
    expect(connection.send('x')).toBe(false)
    socket.open()
    expect(connection.send('x')).toBe(true)
    connection.close()
    expect(connection.send('y')).toBe(false)
    expect(socket.sent).toEqual(['x'])

    const Throwing = class {
      constructor(url: string) {
        throw new TypeError(`Invalid URL: ${url}`)
      }
    }
    let thrown: unknown
    try {
      openConnection(Throwing as never, `wss://x/?jwt=${JWT}`, JWT, new Heartbeat(settings()), settings(), {
        opened() {},
        decoded() {},
        lost() {},
      })
    } catch (error) {
      thrown = error
    }
    expect((thrown as ConversationError).kind).toBe('network')
    expect((thrown as Error).message).toContain('Invalid URL')
    expect((thrown as Error).message).not.toContain(JWT)
    expect(vi.getTimerCount()).toBe(0)
  })
})
