import type { ConversationMessage } from '@uc-conversation/core'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flush, http, messageFrame, messagesStream } from '../test/fakes'
import type { conversationMessages } from './conversation-messages'
import { DEFAULT_REVALIDATE } from './poll-delay'

// Issue 11 points 1, 2, 3 and 9: completeness from what the server says, never from timing windows.

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const C = 'conv-1'
const T0 = 1_736_150_400_000

const setup = (options: Parameters<typeof conversationMessages>[2] = {}, withSocket = true) => {
  const t = messagesStream(C, options, withSocket)
  const { server } = t
  const uuids = () => t.latest('conversation_message_uuid')
  const calls = () => server.client.getConversationMessages.mock.calls
  // A server that a looping client would call forever: fail (retryably) past 200 calls, so a loop shows as a
  // count instead of hanging the test.
  const original = server.client.getConversationMessages.getMockImplementation()!
  server.client.getConversationMessages.mockImplementation(async (...args) => {
    if (calls().length > 200) throw http(503)
    return original(...args)
  })
  return { ...t, uuids, calls }
}

/** Starts the stream with the socket open and the initial load done. */
const live = async (t: ReturnType<typeof setup>) => {
  const sub = t.subscribe()
  await flush()
  t.fakes.last.open()
  await flush(10)
  return sub
}

describe('conversationMessages: gaps found from server evidence', () => {
  it('a lost message frame whose new-message event arrives is loaded, though newer messages keep coming (50 msg/s)', async () => {
    const t = setup()
    const sub = await live(t)
    const before = t.calls().length
    const lost: ConversationMessage[] = []
    for (let i = 0; i < 50; i++) {
      const m = t.server.add(C, { message_epoch: T0 + i * 20 })
      // Every tenth message frame (and its updated-message) is lost; its new-message event arrives.
      if (i % 10 === 3) lost.push(m)
      else t.fakes.last.receive(messageFrame(C, m))
      t.fakes.last.receive(t.server.newMessageEvent(C))
      await vi.advanceTimersByTimeAsync(20)
    }
    await flush(20)
    expect(t.errors).toEqual([])
    expect(lost).toHaveLength(5)
    expect(t.uuids()).toEqual(t.server.messages(C).map((m) => m.conversation_message_uuid))
    // Bounded: at most one load per lost message.
    expect(t.calls().length - before).toBeLessThanOrEqual(lost.length)
    sub.unsubscribe()
  })

  it('a lost message is recovered at the next reconnect however old it is (12 s before the newest)', async () => {
    const t = setup()
    const sub = await live(t)
    let lost: ConversationMessage | undefined
    // 15 s at 50 msg/s, message frames only (no summaries to tell of the loss); message 3 is lost.
    for (let i = 0; i < 750; i++) {
      const m = t.server.add(C, { message_epoch: T0 + i * 20 })
      if (i === 3) lost = m
      else t.fakes.last.receive(messageFrame(C, m))
    }
    await vi.advanceTimersByTimeAsync(15_000)
    t.fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(1_000)
    t.fakes.last.open()
    await flush(40)
    expect(t.errors).toEqual([])
    expect(t.states.at(-1)!.list.get(lost!.conversation_message_uuid!)).toBeDefined()
    expect(t.states.at(-1)!.list.size).toBe(750)
    sub.unsubscribe()
  })

  it('an updated-message or read-message event for an unknown uuid loads that message at once', async () => {
    const t = setup()
    const sub = await live(t)
    const a = t.server.add(C)
    t.fakes.last.receive({
      type: 'event',
      event_type: 'updated message',
      conversation_uuid: C,
      event_updated_message: { ...a, transport_statuses: [] },
    })
    await flush(10)
    const b = t.server.add(C)
    t.fakes.last.receive({
      type: 'event',
      event_type: 'read message',
      conversation_uuid: C,
      event_read_message: {
        conversation_message_uuid: b.conversation_message_uuid,
        message_epoch: b.message_epoch,
      },
    })
    await flush(10)
    expect(t.uuids()).toEqual([a.conversation_message_uuid, b.conversation_message_uuid])
    sub.unsubscribe()
  })

  it('a participant update naming a message the list lacks loads it', async () => {
    const t = setup()
    const sub = await live(t)
    const m = t.server.add(C)
    t.fakes.last.receive({
      type: 'event',
      event_type: 'participant update',
      conversation_uuid: C,
      event_participant_update: {
        conversation_uuid: C,
        participants: [
          {
            conversation_participant_arn: m.author_conversation_participant_arn,
            last_message_dts: new Date(m.message_epoch!).toISOString(),
          },
        ],
      },
    })
    await flush(10)
    expect(t.uuids()).toEqual([m.conversation_message_uuid])
    sub.unsubscribe()
  })
})

describe('conversationMessages: statuses only move forward (issue 11 point 6)', () => {
  it('a late updated message never moves read back to sent', async () => {
    const t = setup()
    const m = t.server.add(C)
    const sub = await live(t)
    const status = (s: 'sent' | 'read') => ({
      type: 'event',
      event_type: 'updated message',
      conversation_uuid: C,
      event_updated_message: {
        ...m,
        transport_statuses: [{ conversation_participant_arn: 'arn:agent', status: s }],
      },
    })
    t.fakes.last.receive(status('read'))
    const count = t.states.length
    t.fakes.last.receive(status('sent'))
    expect(t.states).toHaveLength(count)
    expect(t.states.at(-1)!.list.get(m.conversation_message_uuid!)!.transport_statuses).toEqual([
      { conversation_participant_arn: 'arn:agent', status: 'read' },
    ])
    sub.unsubscribe()
  })
})

describe('conversationMessages: counts the proven-complete point cannot explain', () => {
  it('a message the server wrote with an older epoch is found by one load from the start', async () => {
    const t = setup()
    const sub = await live(t)
    for (let i = 0; i < 5; i++) {
      t.fakes.last.receive(messageFrame(C, t.server.add(C)))
      t.fakes.last.receive(t.server.newMessageEvent(C))
    }
    await flush(10)
    // Stored with an epoch before everything the list has (a back-dated message), its frames lost.
    const old = t.server.add(C, { message_epoch: 5 })
    const next = t.server.add(C)
    t.fakes.last.receive(messageFrame(C, next))
    t.fakes.last.receive(t.server.newMessageEvent(C))
    await flush(30)
    expect(t.states.at(-1)!.list.get(old.conversation_message_uuid!)).toBeDefined()
    expect(t.errors).toEqual([])
    sub.unsubscribe()
  })

  it('messages the server counts but never returns cost one reload, not one per event', async () => {
    const t = setup()
    const sub = await live(t)
    const before = t.calls().length
    for (let i = 0; i < 20; i++) {
      t.fakes.last.receive(messageFrame(C, t.server.add(C)))
      const event = t.server.newMessageEvent(C)
      // The server counts 3 messages it does not return (pruned history).
      event.event_new_message.message_count += 3
      t.fakes.last.receive(event)
      await flush(10)
    }
    expect(t.calls().length - before).toBeLessThanOrEqual(2)
    expect(t.states.at(-1)!.list.size).toBe(20)
    sub.unsubscribe()
  })
})

describe('conversationMessages: an agent who gets events only', () => {
  it('each new-message event loads its message, and a reconnect after them costs one request', async () => {
    const t = setup({ pageSize: 10 })
    const sub = await live(t)
    // Not a participant: no message frames, only the summaries.
    for (let i = 0; i < 30; i++) {
      t.server.add(C)
      t.fakes.last.receive(t.server.newMessageEvent(C))
      await flush(10)
    }
    expect(t.states.at(-1)!.list.size).toBe(30)
    const before = t.calls().length
    t.fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(1_000)
    t.fakes.last.open()
    await flush(20)
    expect(t.calls().length - before).toBe(1)
    sub.unsubscribe()
  })
})

describe('conversationMessages: evidence while REST fails', () => {
  it('stays bounded and every gap loads once REST answers again', async () => {
    const t = setup({ retry: { baseDelayMs: 1_000, maxDelayMs: 1_000 } })
    const sub = await live(t)
    const original = t.server.client.getConversationMessages.getMockImplementation()!
    let down = true
    t.server.client.getConversationMessages.mockImplementation(async (...args) => {
      if (down) throw http(503)
      return original(...args)
    })
    // 1,500 messages whose frames are all lost; only their summaries arrive, while every load fails.
    for (let i = 0; i < 1_500; i++) {
      t.server.add(C, { message_epoch: T0 + i })
      t.fakes.last.receive(t.server.newMessageEvent(C))
    }
    await vi.advanceTimersByTimeAsync(3_000)
    down = false
    await vi.advanceTimersByTimeAsync(2_000)
    await flush(40)
    expect(t.errors).toEqual([])
    expect(t.states.at(-1)!.list.size).toBe(1_500)
    sub.unsubscribe()
  })
})

describe('conversationMessages: paging never loops and never skips', () => {
  const sameEpoch = (t: ReturnType<typeof setup>, n: number, epoch = T0) => {
    for (let i = 0; i < n; i++) t.server.add(C, { message_epoch: epoch })
  }

  it('an inclusive server with a full page of equal epochs: ends at once with all of them (was endless)', async () => {
    const t = setup({ pageSize: 5 }, false)
    sameEpoch(t, 8)
    t.server.add(C, { message_epoch: T0 + 1 })
    const sub = t.subscribe()
    await flush(40)
    expect(t.calls().length).toBeLessThanOrEqual(4)
    expect(t.states[0]!.list.size).toBe(9)
    sub.unsubscribe()
  })

  it('an exclusive server, 8 messages in one millisecond, pageSize 5: none skipped (was 2 of 8)', async () => {
    const t = setup({ pageSize: 5 }, false)
    t.server.reading.since = 'exclusive'
    sameEpoch(t, 8)
    const sub = t.subscribe()
    await flush(40)
    expect(t.states[0]!.list.size).toBe(8)
    sub.unsubscribe()
  })

  it('more equal epochs than the largest page: a typed warning, and the stream goes on', async () => {
    for (const reading of ['inclusive', 'exclusive'] as const) {
      const t = setup({}, false)
      t.server.reading.since = reading
      sameEpoch(t, 205)
      const after = t.server.add(C, { message_epoch: T0 + 5 })
      const sub = t.subscribe()
      await flush(40)
      expect(t.errors).toEqual([])
      const state = t.states.at(-1)!
      expect(state.warnings).toEqual([{ kind: 'epoch-overflow', epoch: T0, limit: 200 }])
      expect(state.list.get(after.conversation_message_uuid!)).toBeDefined()
      expect(t.calls().length).toBeLessThanOrEqual(5)
      sub.unsubscribe()
    }
  })

  it('a pageSize over the API maximum (or not a positive integer) is clamped, not a stream-ending error', async () => {
    for (const pageSize of [500, 0, -3, 2.5]) {
      const t = setup({ pageSize }, false)
      for (let i = 0; i < 3; i++) t.server.add(C)
      const sub = t.subscribe()
      await flush(20)
      expect(t.errors).toEqual([])
      expect(t.states[0]!.list.size).toBe(3)
      for (const [, , options] of t.calls()) expect(options?.limit).toBe(200)
      sub.unsubscribe()
    }
  })

  it('odd numbers from the server (1736150400000.5, 1e20, negative, strings) never end the stream', async () => {
    const t = setup()
    const sub = await live(t)
    for (const message_epoch of [T0 + 0.5, 1e20, -5, '1736150400000' as unknown as number]) {
      const m = t.server.add(C, { message_epoch })
      t.fakes.last.receive(messageFrame(C, m))
    }
    t.fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(1_000)
    t.fakes.last.open()
    await flush(20)
    const m = t.server.add(C)
    t.fakes.last.receive(t.server.newMessageEvent(C))
    await flush(20)
    expect(t.errors).toEqual([])
    expect(t.states.at(-1)!.list.get(m.conversation_message_uuid!)).toBeDefined()
    for (const [, since] of t.calls()) expect(Number.isSafeInteger(since) && since >= 0).toBe(true)
    sub.unsubscribe()
  })
})

describe('conversationMessages: catch-up economy (issue 11 point 9)', () => {
  it('a reconnect after a burst costs at most 2 requests when the conversation was quiet meanwhile', async () => {
    const t = setup()
    const sub = await live(t)
    // A burst: 2,000 messages 5 ms apart, all delivered live with their summaries.
    for (let i = 0; i < 2_000; i++) {
      const m = t.server.add(C, { message_epoch: T0 + i * 5 })
      t.fakes.last.receive(messageFrame(C, m))
      t.fakes.last.receive(t.server.newMessageEvent(C))
    }
    await flush(10)
    const before = t.calls().length
    t.fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(1_000)
    t.fakes.last.open()
    await flush(20)
    expect(t.calls().length - before).toBeLessThanOrEqual(2)
    expect(t.states.at(-1)!.list.size).toBe(2_000)
    sub.unsubscribe()
  })
})

describe('conversationMessages: the proven-complete point only moves forward (issue 18)', () => {
  it('a late summary does not move the next catch-up back: a reconnect after 300 messages costs 1 request (was 2)', async () => {
    const t = setup()
    const sub = await live(t)
    const summaries = []
    for (let i = 0; i < 300; i++) {
      t.fakes.last.receive(messageFrame(C, t.server.add(C, { message_epoch: T0 + i * 5 })))
      summaries.push(t.server.newMessageEvent(C))
      t.fakes.last.receive(summaries.at(-1))
    }
    // The summary of message 50 arrives again, late (a reordered or duplicated frame): it proves less than is known.
    t.fakes.last.receive(summaries[49])
    await flush(10)
    const before = t.calls().length
    t.fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(1_000)
    t.fakes.last.open()
    await flush(20)
    // From message 300, not from message 50 (250 messages: two pages of 200).
    expect(t.calls().length - before).toBe(1)
    expect(t.states.at(-1)!.list.size).toBe(300)
    sub.unsubscribe()
  })
})

describe('conversationMessages: lost, doubled and reordered frames (property)', () => {
  it('every message a delivered summary counts, or whose frame came, ends up in the list exactly once', async () => {
    const fault = fc.constantFrom('pass', 'pass', 'pass', 'drop', 'duplicate', 'delay')
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fault, fault, fault), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.constantFrom<'inclusive' | 'exclusive'>('inclusive', 'exclusive'),
        async (plan, reading) => {
          const t = setup({ pageSize: 3 })
          t.server.reading.since = reading
          const sub = await live(t)
          let epoch = T0
          const required = new Set<string>()
          const delayed: unknown[] = []
          const deliver = (frame: unknown, how: string) => {
            if (how === 'drop') return false
            if (how === 'delay') delayed.push(frame)
            else t.fakes.last.receive(frame)
            if (how === 'duplicate') t.fakes.last.receive(frame)
            return true
          }
          for (const [step, onMessage, onEvent, onUpdate] of plan) {
            epoch += step
            const m = t.server.add(C, { message_epoch: epoch })
            if (deliver(messageFrame(C, m), onMessage)) required.add(m.conversation_message_uuid!)
            // A delivered summary counts every message so far.
            if (deliver(t.server.newMessageEvent(C), onEvent))
              for (const s of t.server.messages(C)) required.add(s.conversation_message_uuid!)
            const update = {
              type: 'event',
              event_type: 'updated message',
              conversation_uuid: C,
              event_updated_message: {
                ...m,
                transport_statuses: [{ conversation_participant_arn: 'a', status: 'sent' }],
              },
            }
            if (deliver(update, onUpdate)) required.add(m.conversation_message_uuid!)
            await flush(3)
          }
          // Reordered: the delayed frames come last, newest first.
          for (const frame of delayed.reverse()) t.fakes.last.receive(frame)
          await flush(60)
          // Some losses leave no evidence (a message of a millisecond whose count a later one of that millisecond
          // makes up, seed -671723510): the periodic catch-up repairs them within revalidateMs.
          await vi.advanceTimersByTimeAsync(DEFAULT_REVALIDATE.revalidateMs)
          await flush(60)
          expect(t.errors).toEqual([])
          const ids = t.states
            .at(-1)!
            .list.toArray()
            .map((m) => m.conversation_message_uuid!)
          expect(new Set(ids).size).toBe(ids.length)
          for (const id of required) expect(ids, `${id} missing`).toContain(id)
          sub.unsubscribe()
        },
      ),
      {
        numRuns: 150,
        // Found by CI (seed -671723510): three messages of one millisecond, the first lost with its frames, the
        // second's summary late: the list's count matches, so only the periodic catch-up finds the first.
        examples: [
          [
            [
              [0, 'drop', 'drop', 'drop'],
              [0, 'pass', 'delay', 'pass'],
              [0, 'pass', 'drop', 'pass'],
            ],
            'inclusive',
          ],
        ],
      },
    )
  })
})
