import { type ConversationMessage, ConversationParseError } from '@uc-conversation/core'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakePage, flush, http, messageFrame, messagesStream } from '../test/fakes'
import type { conversationMessages } from './conversation-messages'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const C = 'conv-1'

const setup = (options: Parameters<typeof conversationMessages>[2] = {}, withSocket = true) => {
  const t = messagesStream(C, options, withSocket)
  return { ...t, bodies: () => t.latest('body') }
}

describe('conversationMessages', () => {
  it('loads through REST, then merges live frames of its conversation only', async () => {
    const { server, fakes, states, subscribe, bodies } = setup()
    server.add(C)
    server.add(C)
    const sub = subscribe()
    await flush()
    expect(states).toHaveLength(1)
    expect(states[0]).toMatchObject({ source: 'initial', conversationUuid: C })
    expect(states[0]!.added).toHaveLength(2)
    fakes.last.open()
    await flush()
    fakes.last.receive(messageFrame(C, server.add(C)))
    fakes.last.receive(messageFrame('other', server.add('other')))
    const last = states.at(-1)!
    expect(last.source).toBe('socket')
    expect(last.added.map((m) => m.body)).toEqual(['message 3'])
    expect(bodies()).toEqual(['message 1', 'message 2', 'message 3'])
    // A duplicate frame changes nothing and emits nothing.
    const count = states.length
    fakes.last.receive(messageFrame(C, server.messages(C)[2]!))
    expect(states).toHaveLength(count)
    sub.unsubscribe()
  })

  it('frames that arrive during the initial load are kept', async () => {
    const { server, fakes, states, subscribe, bodies } = setup()
    server.add(C)
    let release: (() => void) | undefined
    const original = server.client.getConversationMessages.getMockImplementation()!
    server.client.getConversationMessages.mockImplementationOnce(async (...args) => {
      await new Promise<void>((r) => (release = r))
      return original(...args)
    })
    const sub = subscribe()
    await flush()
    fakes.last.open()
    fakes.last.receive(messageFrame(C, server.add(C)))
    expect(states).toHaveLength(0)
    release?.()
    await flush(10)
    expect(states[0]!.source).toBe('initial')
    expect(bodies()).toEqual(['message 1', 'message 2'])
    sub.unsubscribe()
  })

  it('catches up after a reconnect from where the server proved the list complete, nothing lost or doubled', async () => {
    // overlapMs is deprecated and ignored.
    const { server, fakes, states, subscribe, bodies } = setup({ overlapMs: 10_000 })
    const m1 = server.add(C)
    const sub = subscribe()
    await flush()
    fakes.last.open()
    await flush()
    const m2 = server.add(C)
    fakes.last.receive(messageFrame(C, m2))
    fakes.last.serverClose(1006)
    // While down: 40 messages the socket never delivers, over 40 s (more than the overlap).
    for (let i = 0; i < 40; i++) server.add(C)
    await vi.advanceTimersByTimeAsync(1000)
    fakes.last.open()
    // A live frame on the new socket before the catch-up answers must not move the catch-up's start.
    const live = server.add(C)
    fakes.last.receive(messageFrame(C, live))
    await flush(10)
    const calls = server.client.getConversationMessages.mock.calls
    // m2 came live without a summary proving nothing was missing before it: the load starts after m1 (one
    // millisecond early, so either reading of `since` includes m1's millisecond).
    expect(calls.at(-1)![1]).toBe(m1.message_epoch! - 1)
    expect(m2.message_epoch).toBeGreaterThan(m1.message_epoch!)
    expect(bodies()).toEqual(server.messages(C).map((m) => m.body))
    // The catch-up's messages come while it is still behind; live only once it is done.
    expect(states.at(-2)).toMatchObject({ source: 'catch-up', freshness: 'behind' })
    expect(states.at(-1)).toMatchObject({ source: 'status', freshness: 'live' })
    sub.unsubscribe()
  })

  it('loads page after page when a page is full', async () => {
    const { server, states, subscribe } = setup({ pageSize: 10 }, false)
    for (let i = 0; i < 35; i++) server.add(C)
    const sub = subscribe()
    await flush(30)
    expect(server.client.getConversationMessages).toHaveBeenCalledTimes(4)
    expect(states).toHaveLength(1)
    expect(states[0]!.list.size).toBe(35)
    sub.unsubscribe()
  })

  it('polls without a socket, pauses while hidden, and catches up on refocus', async () => {
    const page = fakePage()
    const { server, states, subscribe, bodies } = setup({ pollIntervalMs: 5_000 }, false)
    const sub = subscribe()
    await flush()
    expect(states[0]!.freshness).toBe('polling')
    server.add(C)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(bodies()).toEqual(['message 1'])
    expect(states.at(-1)!.source).toBe('poll')
    page.hide()
    expect(states.at(-1)).toMatchObject({ source: 'status', freshness: 'stale' })
    const calls = server.client.getConversationMessages.mock.calls.length
    await vi.advanceTimersByTimeAsync(60_000)
    expect(server.client.getConversationMessages.mock.calls.length).toBe(calls)
    server.add(C)
    page.show()
    await flush()
    expect(bodies()).toEqual(['message 1', 'message 2'])
    expect(states.at(-1)!.source).toBe('catch-up')
    expect(states.at(-1)!.freshness).toBe('polling')
    sub.unsubscribe()
    expect(page.listeners).toBe(0)
  })

  it('polls while the socket is down and stops once it is open', async () => {
    const { server, fakes, states, subscribe } = setup({ pollIntervalMs: 5_000 })
    const sub = subscribe()
    await flush()
    fakes.last.open()
    await flush()
    expect(states.at(-1)!.freshness).toBe('live')
    const before = server.client.getConversationMessages.mock.calls.length
    await vi.advanceTimersByTimeAsync(60_000)
    expect(server.client.getConversationMessages.mock.calls.length).toBe(before)
    // Refuse reconnects for a while: the stream polls meanwhile.
    server.client.getAgentWebsocketAuthorization.mockRejectedValue(http(503))
    fakes.last.serverClose(1006)
    expect(states.at(-1)!.freshness).toBe('polling')
    await vi.advanceTimersByTimeAsync(16_000)
    expect(server.client.getConversationMessages.mock.calls.length).toBeGreaterThanOrEqual(before + 3)
    sub.unsubscribe()
  })

  it('stretches the poll interval as the client budget runs low', async () => {
    const { server, subscribe } = setup({ pollIntervalMs: 5_000, pollBudgetShare: 0.25 }, false)
    server.budget.left = 100 // 3,600,000 / (100 × 0.25) = 144 s
    const sub = subscribe()
    await flush()
    await vi.advanceTimersByTimeAsync(143_999)
    expect(server.client.getConversationMessages).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(server.client.getConversationMessages).toHaveBeenCalledTimes(2)
    sub.unsubscribe()
  })

  it('a new-message event without its message triggers a catch-up at once; with its message, none', async () => {
    // gapCheckDelayMs is deprecated and ignored: the old waiting window lost messages.
    const { server, fakes, subscribe, bodies } = setup({ gapCheckDelayMs: 1000 })
    const sub = subscribe()
    await flush()
    fakes.last.open()
    await flush()
    const calls = server.client.getConversationMessages.mock.calls.length
    server.add(C)
    fakes.last.receive(server.newMessageEvent(C))
    await flush(10)
    expect(server.client.getConversationMessages.mock.calls.length).toBe(calls + 1)
    expect(bodies()).toEqual(['message 1'])
    // When the message came before its event (the server's order), no extra load.
    const m2 = server.add(C)
    fakes.last.receive(messageFrame(C, m2))
    fakes.last.receive(server.newMessageEvent(C))
    await vi.advanceTimersByTimeAsync(5000)
    expect(server.client.getConversationMessages.mock.calls.length).toBe(calls + 1)
    expect(bodies()).toEqual(['message 1', 'message 2'])
    sub.unsubscribe()
  })

  it('merges updated-message events (transport statuses)', async () => {
    const { server, fakes, states, subscribe } = setup()
    const m = server.add(C)
    const sub = subscribe()
    await flush()
    fakes.last.open()
    fakes.last.receive({
      type: 'event',
      event_type: 'updated message',
      conversation_uuid: C,
      event_updated_message: {
        ...m,
        transport_statuses: [{ status: 'read', conversation_participant_arn: 'x' }],
      },
    })
    expect(states.at(-1)!.updated).toHaveLength(1)
    expect(states.at(-1)!.list.get(m.conversation_message_uuid!)!.transport_statuses).toHaveLength(1)
    sub.unsubscribe()
  })

  it('retries failed loads with backoff (stale meanwhile) and errors on permanent failures', async () => {
    const { server, states, subscribe } = setup({ pollIntervalMs: 60_000 }, false)
    vi.spyOn(Math, 'random').mockReturnValue(0)
    server.failNext(http(503), http(503))
    const sub = subscribe()
    await flush()
    expect(states).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1000)
    expect(states).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(2000)
    expect(states).toHaveLength(1)
    expect(states[0]!.freshness).toBe('polling')
    server.failNext(http(500))
    await vi.advanceTimersByTimeAsync(60_000)
    expect(states.at(-1)!.freshness).toBe('stale')
    await vi.advanceTimersByTimeAsync(1000)
    expect(states.at(-1)!.freshness).toBe('polling')
    sub.unsubscribe()
    vi.restoreAllMocks()

    const second = setup({}, false)
    second.server.failNext(http(404))
    second.subscribe()
    await flush()
    expect(second.errors).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it("only the server's permanent answers end it: a 400 or an unparsable page is retried", async () => {
    const { server, states, errors, subscribe } = setup({}, false)
    vi.spyOn(Math, 'random').mockReturnValue(0)
    server.add(C)
    server.failNext(http(400), new ConversationParseError(200, '<html>maintenance</html>', undefined))
    const sub = subscribe()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(errors).toHaveLength(0)
    expect(states.at(-1)?.list.size).toBe(1)
    sub.unsubscribe()
    vi.restoreAllMocks()
  })

  it('leaves no timers, sockets or listeners after unsubscribe', async () => {
    const page = fakePage()
    const { server, fakes, subscribe } = setup()
    server.add(C)
    const sub = subscribe()
    await flush()
    fakes.last.open()
    fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(500)
    sub.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
    expect(page.listeners).toBe(0)
    expect(fakes.sockets.every((s) => s.isClosed)).toBe(true)
  })

  it('bad frames never break the stream (property)', async () => {
    const junk = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({ type: fc.constantFrom('message', 'event', 'ping', 'nope'), message: fc.anything() })
        .map((v) => JSON.stringify(v)),
      fc
        .record({
          type: fc.constant('event'),
          conversation_uuid: fc.constantFrom(C, 'other'),
          event_type: fc.oneof(
            fc.string(),
            fc.constantFrom('new message', 'updated message', 'typing', 'read message'),
          ),
          event_new_message: fc.anything(),
          event_updated_message: fc.anything(),
        })
        .map((v) => JSON.stringify(v)),
    )
    const good = fc.record({
      uuid: fc.integer({ min: 1, max: 30 }),
      epoch: fc.integer({ min: 1, max: 1_000 }),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            junk.map((j) => ({ junk: j })),
            good,
          ),
          { maxLength: 60 },
        ),
        async (items) => {
          const { fakes, states, errors, subscribe } = setup()
          const sub = subscribe()
          await flush()
          fakes.last.open()
          const expected = new Map<string, number>()
          for (const item of items) {
            if ('junk' in item) fakes.last.receiveRaw(item.junk)
            else {
              const id = `u${item.uuid}`
              // The first copy of a uuid fixes its epoch; later copies are duplicates.
              const epoch = expected.get(id) ?? item.epoch
              expected.set(id, epoch)
              const m: ConversationMessage = { conversation_message_uuid: id, message_epoch: epoch, body: id }
              fakes.last.receive(messageFrame(C, m))
            }
          }
          await flush()
          sub.unsubscribe()
          expect(errors).toEqual([])
          const list = states.at(-1)!.list.toArray()
          expect(list.map((m) => m.conversation_message_uuid).sort()).toEqual([...expected.keys()].sort())
          const epochs = list.map((m) => m.message_epoch!)
          expect(epochs).toEqual([...epochs].sort((a, b) => a - b))
        },
      ),
      { numRuns: 150 },
    )
  })
})
