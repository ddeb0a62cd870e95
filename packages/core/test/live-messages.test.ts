import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ConversationMessage,
  type ConversationWebsocketFrame,
  createLiveMessages,
  evidenceOf,
  gapSince,
  isLiveBehind,
  type LiveMessages,
  liveMessagesFrame,
  liveMessagesLoaded,
  liveMessagesLoadFailed,
  liveMessagesLoadStarted,
  liveMessagesPage,
  MAX_LIVE_PENDING,
} from '../src'

const C = 'c'
const T0 = 1_736_150_400_000
const iso = (epoch: number) => new Date(epoch).toISOString()

/** A model of UltraCart's side: messages in the order written (epochs never go back), paged as the API does. */
class Server {
  readonly messages: ConversationMessage[] = []
  constructor(readonly reading: 'inclusive' | 'exclusive') {}
  say(epoch: number): ConversationMessage {
    const n = this.messages.length + 1
    const m = {
      conversation_message_uuid: `m${n}`,
      body: `message ${n}`,
      message_epoch: epoch,
      message_dts: iso(epoch),
    }
    this.messages.push(m)
    return m
  }
  page(since: number, limit: number): ConversationMessage[] {
    return this.messages
      .filter((m) => (this.reading === 'inclusive' ? m.message_epoch! >= since : m.message_epoch! > since))
      .sort((a, b) => a.message_epoch! - b.message_epoch!)
      .slice(0, limit)
  }
  /** The `new message` event of the newest message now. */
  summary(): ConversationWebsocketFrame {
    const last = this.messages.at(-1)!
    return {
      type: 'event',
      event_type: 'new message',
      conversation_uuid: C,
      event_new_message: {
        conversation_uuid: C,
        message_count: this.messages.length,
        last_message_dts: last.message_dts,
        last_conversation_message_body: last.body,
      },
    } as ConversationWebsocketFrame
  }
}

/** What the message stream does after a transition: a targeted catch-up when new evidence the list lacks waits. */
const asksLoad = (before: LiveMessages, after: LiveMessages) =>
  after.pending !== before.pending && isLiveBehind(after)

const uuids = (state: LiveMessages) => state.value.list.toArray().map((m) => m.conversation_message_uuid)

/** Runs a whole load against the server (pages until the cursor is done). */
const loadAll = (state: LiveMessages, server: Server, source: 'initial' | 'catch-up' | 'poll' | 'gap') => {
  let s = liveMessagesLoadStarted(state, source, 3)
  let requests = 0
  while (s.load && !s.load.cursor.done) {
    requests++
    s = liveMessagesPage(s, server.page(s.load.cursor.since, s.load.cursor.limit)).state
  }
  return { state: s.load ? liveMessagesLoaded(s) : s, requests }
}

type Op =
  | { op: 'say'; step: number; update: boolean }
  | { op: 'deliver' | 'duplicate' | 'lose'; pick: number }
  | { op: 'start'; source: 'gap' | 'catch-up' | 'poll' }
  | { op: 'page' | 'fail' }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('say' as const), step: fc.nat(2), update: fc.boolean() }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constantFrom<'deliver' | 'duplicate' | 'lose'>(
        'deliver',
        'deliver',
        'deliver',
        'duplicate',
        'lose',
      ),
      pick: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('start' as const),
      source: fc.constantFrom('gap' as const, 'catch-up' as const, 'poll' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('page' as const, 'fail' as const) }) },
)

describe('live messages: core’s live state with the message rules (property)', () => {
  it('lost, doubled and reordered frames, loads paged under either reading of since, failing midway: the list is never doubled, complete before its proven point, and one catch-up from that point converges', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 80 }),
        fc.constantFrom<'inclusive' | 'exclusive'>('inclusive', 'exclusive'),
        (ops, reading) => {
          const server = new Server(reading)
          let epoch = T0
          let channel: ConversationWebsocketFrame[] = []
          let state = loadAll(createLiveMessages(), server, 'initial').state
          let proven = state.value.completeThrough ?? Number.NEGATIVE_INFINITY
          const check = () => {
            const ids = uuids(state)
            expect(new Set(ids).size).toBe(ids.length)
            // The proven-complete point only moves forward, and everything before it is in the list.
            const through = state.value.completeThrough ?? Number.NEGATIVE_INFINITY
            expect(through).toBeGreaterThanOrEqual(proven)
            proven = through
            for (const m of server.messages)
              if (m.message_epoch! < through)
                expect(ids, `${m.conversation_message_uuid} before ${through}`).toContain(
                  m.conversation_message_uuid,
                )
            expect(state.pending.length).toBeLessThanOrEqual(MAX_LIVE_PENDING)
          }
          for (const o of ops) {
            if (o.op === 'say') {
              epoch += o.step
              const m = server.say(epoch)
              channel.push(
                { type: 'message', conversation_uuid: C, message: m } as ConversationWebsocketFrame,
                server.summary(),
              )
              if (o.update)
                channel.push({
                  type: 'event',
                  event_type: 'updated message',
                  conversation_uuid: C,
                  event_updated_message: {
                    ...m,
                    transport_statuses: [{ conversation_participant_arn: 'a', status: 'sent' }],
                  },
                } as ConversationWebsocketFrame)
            } else if (o.op === 'start') {
              if (!state.load) state = liveMessagesLoadStarted(state, o.source, 3)
            } else if (o.op === 'page') {
              if (state.load && !state.load.cursor.done)
                state = liveMessagesPage(
                  state,
                  server.page(state.load.cursor.since, state.load.cursor.limit),
                ).state
              else if (state.load) state = liveMessagesLoaded(state)
            } else if (o.op === 'fail') {
              if (state.load) state = liveMessagesLoadFailed(state)
            } else if (channel.length && 'pick' in o) {
              const i = o.pick % channel.length
              const frame = channel[i]!
              if (o.op !== 'duplicate') channel = channel.filter((_, j) => j !== i)
              if (o.op === 'lose') continue
              const step = liveMessagesFrame(state, frame)
              state = step.state
              // Evidence the list cannot account for: the state knows it is behind and asks for a load.
              for (const e of evidenceOf(frame))
                if (
                  gapSince(state.value.list, e, state.value) !== undefined &&
                  !state.exhausted.includes(JSON.stringify(e))
                )
                  expect(isLiveBehind(state)).toBe(true)
            }
            check()
          }
          // The load in flight ends; then a reconnect's catch-up starts from the proven point and brings the rest.
          while (state.load)
            state = state.load.cursor.done
              ? liveMessagesLoaded(state)
              : liveMessagesPage(state, server.page(state.load.cursor.since, state.load.cursor.limit)).state
          check()
          state = loadAll(state, server, 'catch-up').state
          check()
          expect([...uuids(state)].sort()).toEqual(
            server.messages.map((m) => m.conversation_message_uuid).sort(),
          )
          expect(state.covering).toEqual([])
        },
      ),
      { numRuns: 400 },
    )
  })

  it('every summary delivered and the gap loads it asks for run: the list holds every message it counts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean()), { minLength: 1, maxLength: 40 }),
        (plan) => {
          const server = new Server('inclusive')
          let state = loadAll(createLiveMessages(), server, 'initial').state
          let epoch = T0
          for (const [step, delivered] of plan) {
            epoch += step
            const m = server.say(epoch)
            if (delivered)
              state = liveMessagesFrame(state, {
                type: 'message',
                conversation_uuid: C,
                message: m,
              } as ConversationWebsocketFrame).state
            const next = liveMessagesFrame(state, server.summary()).state
            // Evidence asks for a load exactly when the list lacks what the summary shows.
            expect(asksLoad(state, next)).toBe(!delivered)
            state = next
            while (isLiveBehind(state)) state = loadAll(state, server, 'gap').state
          }
          expect(uuids(state)).toEqual(server.messages.map((m) => m.conversation_message_uuid))
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('live messages: messages written with an earlier epoch (property)', () => {
  it('every one whose frames were lost is found from a later summary: from its own time, or from the proven point and then once from 0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3), fc.boolean(), fc.boolean(), fc.boolean()), {
          minLength: 1,
          maxLength: 30,
        }),
        (plan) => {
          const server = new Server('inclusive')
          let state = loadAll(createLiveMessages(), server, 'initial').state
          let epoch = T0 + 1_000
          let back = T0
          const settle = () => {
            // The loads the evidence asks for, as the stream runs them (bounded: no load loops).
            for (let loads = 0; isLiveBehind(state); loads++) {
              expect(loads).toBeLessThan(3)
              state = loadAll(state, server, 'gap').state
            }
          }
          for (const [step, backdated, delivered, summarized] of plan) {
            epoch += step
            back -= step + 1
            const m = server.say(backdated ? back : epoch)
            // A back-dated message's frames are lost; the others' come when `delivered`.
            if (delivered && !backdated)
              state = liveMessagesFrame(state, {
                type: 'message',
                conversation_uuid: C,
                message: m,
              } as ConversationWebsocketFrame).state
            if (summarized) {
              state = liveMessagesFrame(state, server.summary()).state
              settle()
            }
          }
          state = liveMessagesFrame(state, server.summary()).state
          settle()
          expect([...uuids(state)].sort()).toEqual(
            server.messages.map((m) => m.conversation_message_uuid).sort(),
          )
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('live messages: the proven-complete point', () => {
  const frameOf = (m: ConversationMessage) =>
    ({ type: 'message', conversation_uuid: C, message: m }) as ConversationWebsocketFrame

  it('a late summary never moves it back (a reconnect after 300 messages costs one request, not two)', () => {
    const server = new Server('inclusive')
    let state = loadAll(createLiveMessages(), server, 'initial').state
    const summaries: ConversationWebsocketFrame[] = []
    for (let i = 0; i < 300; i++) {
      state = liveMessagesFrame(state, frameOf(server.say(T0 + i))).state
      summaries.push(server.summary())
    }
    state = liveMessagesFrame(state, summaries[299]!).state
    expect(state.value.completeThrough).toBe(T0 + 299)
    // The summary of message 50 comes last (reordered): it proves less than is known.
    state = liveMessagesFrame(state, summaries[49]!).state
    expect(state.value.completeThrough).toBe(T0 + 299)
    // A page of 3 from the proven point: one request.
    const { requests } = loadAll(state, server, 'catch-up')
    expect(requests).toBe(1)
  })

  it('a message of the same millisecond sent after a summary does not stand in for an earlier one lost (reordered frames)', () => {
    const server = new Server('inclusive')
    let state = loadAll(createLiveMessages(), server, 'initial').state
    server.say(T0) // m1: its frame is lost
    const m2 = server.say(T0 + 1)
    const summaryOfM2 = server.summary() // count 2, newest m2
    const m3 = server.say(T0 + 1) // the same millisecond as m2, sent after the summary
    state = liveMessagesFrame(state, frameOf(m2)).state
    state = liveMessagesFrame(state, frameOf(m3)).state
    // m2's summary arrives after m3: the list counts 2 up to that millisecond, but m1 is not there.
    state = liveMessagesFrame(state, summaryOfM2).state
    expect(uuids(state)).toEqual(['m2', 'm3'])
    expect(state.value.completeThrough ?? 0).toBeLessThanOrEqual(T0)
    // The newest summary shows the count short: the catch-up it asks for brings m1.
    state = liveMessagesFrame(state, server.summary()).state
    expect(isLiveBehind(state)).toBe(true)
    state = loadAll(state, server, 'gap').state
    expect(uuids(state)).toEqual(['m1', 'm2', 'm3'])
  })

  it('a seed is the answer of a load from 0: complete through its newest message, never through an epoch it cannot page from', () => {
    const seedOf = (seed: ConversationMessage[]) =>
      liveMessagesLoaded(
        liveMessagesPage(liveMessagesLoadStarted(createLiveMessages(), 'initial', 200), seed).state,
      )
    const a = { conversation_message_uuid: 'a', message_epoch: T0 }
    const b = { conversation_message_uuid: 'b', message_epoch: T0 + 5 }
    const seeded = seedOf([b, a])
    expect(seeded.value.loaded).toBe(true)
    expect(seeded.value.completeThrough).toBe(T0 + 5)
    expect(liveMessagesLoadStarted(seeded, 'catch-up', 200).load?.from).toBe(T0 + 5)
    // A server's 1e20 would make every later catch-up start beyond every message: the point stays where it was.
    const odd = seedOf([a, b, { conversation_message_uuid: 'c', message_epoch: 1e20 }])
    expect(odd.value.completeThrough).toBe(0)
    expect(odd.value.list.size).toBe(3)
  })

  it('a count short after a load from the proven point loads once from 0; one still short after that is learned, not loaded again', () => {
    const server = new Server('inclusive')
    let state = loadAll(createLiveMessages(), server, 'initial').state
    for (let i = 0; i < 3; i++) state = liveMessagesFrame(state, frameOf(server.say(T0 + 10 + i))).state
    state = liveMessagesFrame(state, server.summary()).state
    // The server counts two messages it never returns (e.g. pruned history).
    const counted = server.summary() as { event_new_message: { message_count: number } }
    counted.event_new_message.message_count += 2
    const heard = liveMessagesFrame(state, counted as ConversationWebsocketFrame).state
    expect(asksLoad(state, heard)).toBe(true)
    expect(liveMessagesLoadStarted(heard, 'gap', 3).load?.from).toBe(T0 + 12)
    let loaded = loadAll(heard, server, 'gap')
    // Still short after a load from the proven point: it waits again, for one load from the start.
    expect(loaded.state.value.fromStart).toBe(true)
    expect(asksLoad(heard, loaded.state)).toBe(true)
    expect(liveMessagesLoadStarted(loaded.state, 'gap', 3).load?.from).toBe(0)
    loaded = loadAll(loaded.state, server, 'gap')
    expect(loaded.state.value.fromStart).toBe(false)
    expect(loaded.state.value.uncounted).toBe(2)
    expect(isLiveBehind(loaded.state)).toBe(false)
    // The same count again asks for nothing.
    const again = liveMessagesFrame(loaded.state, counted as ConversationWebsocketFrame).state
    expect(asksLoad(loaded.state, again)).toBe(false)
  })

  it('a targeted catch-up whose messages came meanwhile loads nothing and leaves nothing behind', () => {
    const server = new Server('inclusive')
    let state = loadAll(createLiveMessages(), server, 'initial').state
    const m = server.say(T0)
    state = liveMessagesFrame(state, server.summary()).state
    expect(isLiveBehind(state)).toBe(true)
    state = liveMessagesFrame(state, frameOf(m)).state
    state = liveMessagesLoadStarted(state, 'gap', 3)
    expect(state.load).toBeUndefined()
    expect(isLiveBehind(state)).toBe(false)
  })

  it('a failed load: what it covered waits again, and its next try starts from the same point', () => {
    const server = new Server('inclusive')
    let state = loadAll(createLiveMessages(), server, 'initial').state
    server.say(T0)
    server.say(T0 + 7)
    state = liveMessagesFrame(state, server.summary()).state
    const started = liveMessagesLoadStarted(state, 'gap', 3)
    expect(started.pending).toEqual([])
    state = liveMessagesLoadFailed(started)
    expect(state.load).toBeUndefined()
    expect(state.pending).toHaveLength(1)
    expect(liveMessagesLoadStarted(state, 'gap', 3).load?.from).toBe(started.load?.from)
  })
})
