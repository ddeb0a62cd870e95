import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ConversationSummary,
  compareConversationSummaries,
  mergeConversationSummary,
  readConversationSummary,
} from '../src'

const BASE = Date.UTC(2026, 0, 1)
const dts = (second: number) => new Date(BASE + second * 1000).toISOString()

/** Summaries of one conversation as the server may send them: any field may be missing. */
const summary: fc.Arbitrary<ConversationSummary> = fc.record(
  {
    conversation_uuid: fc.constant('c1'),
    last_message_dts: fc.oneof(
      fc.integer({ min: 0, max: 5 }).map(dts),
      fc.constant('not a date'),
      fc.constant(undefined),
    ),
    message_count: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    unread_messages: fc.option(fc.boolean(), { nil: undefined }),
    closed: fc.option(fc.boolean(), { nil: undefined }),
    last_conversation_message_body: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }),
  },
  { requiredKeys: ['conversation_uuid'] },
)

const timeOf = (s: ConversationSummary) => {
  const t = Date.parse(s.last_message_dts ?? '')
  return Number.isNaN(t) ? undefined : t
}

describe('mergeConversationSummary', () => {
  it('an event with unread_messages: true that is not about a newer message does not bring the marker back', () => {
    const read: ConversationSummary = {
      conversation_uuid: 'c1',
      last_message_dts: dts(3),
      message_count: 4,
      unread_messages: false,
    }
    const sameMessage = { ...read, unread_messages: true }
    expect(mergeConversationSummary(read, sameMessage).unread_messages).toBe(false)
    expect(
      mergeConversationSummary(read, { conversation_uuid: 'c1', unread_messages: true }).unread_messages,
    ).toBe(false)
    const older = { conversation_uuid: 'c1', last_message_dts: dts(1), unread_messages: true }
    expect(mergeConversationSummary(read, older)).toBe(read)
    const newer = {
      conversation_uuid: 'c1',
      last_message_dts: dts(4),
      message_count: 5,
      unread_messages: true,
    }
    expect(mergeConversationSummary(read, newer).unread_messages).toBe(true)
    // Same second, one more message: a newer message after all.
    expect(mergeConversationSummary(read, { ...sameMessage, message_count: 5 }).unread_messages).toBe(true)
  })

  it('closed conversations have no unread state, and closed never goes back', () => {
    const open: ConversationSummary = {
      conversation_uuid: 'c1',
      last_message_dts: dts(1),
      unread_messages: true,
    }
    const closed = mergeConversationSummary(open, { conversation_uuid: 'c1', closed: true })
    expect(closed).toMatchObject({ closed: true, unread_messages: false })
    const later = mergeConversationSummary(closed, {
      conversation_uuid: 'c1',
      last_message_dts: dts(2),
      closed: false,
      unread_messages: true,
    })
    expect(later).toMatchObject({ closed: true, unread_messages: false, last_message_dts: dts(2) })
    expect(
      mergeConversationSummary(undefined, { conversation_uuid: 'c2', closed: true, unread_messages: true }),
    ).toMatchObject({ closed: true, unread_messages: false })
  })

  it('an older summary fills only what is not about its last message (position fields by name)', () => {
    const newer: ConversationSummary = { conversation_uuid: 'c1', last_message_dts: dts(4) }
    const older: ConversationSummary = {
      conversation_uuid: 'c1',
      last_message_dts: dts(2),
      message_count: 2,
      last_conversation_message_body: 'old',
      last_conversation_participant_arn: 'arn:old',
      last_conversation_participant_name: 'Old',
      last_interactive_message_dts: dts(1),
      start_dts: dts(0),
    }
    const expected = {
      ...newer,
      last_interactive_message_dts: dts(1),
      start_dts: dts(0),
    }
    expect(mergeConversationSummary(newer, older)).toEqual(expected)
    expect(mergeConversationSummary(older, newer)).toEqual(expected)
  })

  it("a newer summary without the customer's unanswered time says the customer was answered; an older one's never comes back", () => {
    const waiting: ConversationSummary = {
      conversation_uuid: 'c1',
      last_message_dts: dts(2),
      last_conversation_participant_arn: 'arn:customer',
      customer_first_message_unresponded_to_dts: dts(2),
    }
    // The agent's reply: the server's summary of it leaves the field out.
    const answered: ConversationSummary = {
      conversation_uuid: 'c1',
      last_message_dts: dts(3),
      last_conversation_participant_arn: 'arn:agent',
    }
    expect(mergeConversationSummary(waiting, answered)).not.toHaveProperty(
      'customer_first_message_unresponded_to_dts',
    )
    // The customer's summary arriving late (reordered frames) does not bring the wait back.
    expect(mergeConversationSummary(answered, waiting)).not.toHaveProperty(
      'customer_first_message_unresponded_to_dts',
    )
    // A summary of the same message, or one that cannot be placed, says nothing new: the wait stays.
    const sameMessage = { conversation_uuid: 'c1', last_message_dts: dts(2), closed: false }
    expect(mergeConversationSummary(waiting, sameMessage).customer_first_message_unresponded_to_dts).toBe(
      dts(2),
    )
    expect(
      mergeConversationSummary(waiting, { conversation_uuid: 'c1', unread_messages: true })
        .customer_first_message_unresponded_to_dts,
    ).toBe(dts(2))
  })

  it('keeps the identity of what did not change', () => {
    const known: ConversationSummary = {
      conversation_uuid: 'c1',
      last_message_dts: dts(1),
      unread_messages: false,
    }
    expect(mergeConversationSummary(known, { ...known })).toBe(known)
    expect(mergeConversationSummary(known, { conversation_uuid: 'c1', unread_messages: undefined })).toBe(
      known,
    )
  })

  it('compares by server time first, then message_count; nothing readable tells nothing', () => {
    const a = { last_message_dts: dts(1), message_count: 9 }
    expect(compareConversationSummaries(a, { last_message_dts: dts(2), message_count: 1 })).toBe(1)
    expect(compareConversationSummaries(a, { last_message_dts: dts(0), message_count: 99 })).toBe(-1)
    expect(compareConversationSummaries(a, { message_count: 99 })).toBe(1)
    expect(compareConversationSummaries(a, { last_message_dts: 'garbage' })).toBe(0)
    expect(compareConversationSummaries(a, {})).toBe(0)
    expect(compareConversationSummaries({}, a)).toBe(1)
    expect(compareConversationSummaries(a, { last_message_dts: dts(1), message_count: 10 })).toBe(1)
  })

  describe('properties', () => {
    it('a read conversation becomes unread only with a newer message', () => {
      fc.assert(
        fc.property(summary, summary, (previous, incoming) => {
          const next = mergeConversationSummary(previous, incoming)
          if (previous.unread_messages === false && next.unread_messages === true)
            expect(compareConversationSummaries(previous, incoming)).toBeGreaterThan(0)
        }),
      )
    })

    it('an older summary never undoes a known field', () => {
      fc.assert(
        fc.property(summary, summary, (previous, incoming) => {
          fc.pre(compareConversationSummaries(previous, incoming) < 0)
          const next = mergeConversationSummary(previous, incoming)
          for (const [key, value] of Object.entries(previous)) {
            if (value === undefined) continue
            if (key === 'closed' || key === 'unread_messages') continue
            expect(next[key as keyof ConversationSummary]).toEqual(value)
          }
          if (previous.unread_messages === false) expect(next.unread_messages).toBe(false)
        }),
      )
    })

    it('closed is absorbing and closed conversations are never unread', () => {
      fc.assert(
        fc.property(summary, fc.array(summary, { maxLength: 8 }), (first, events) => {
          let state = mergeConversationSummary(undefined, first)
          let wasClosed = state.closed === true
          for (const event of events) {
            state = mergeConversationSummary(state, event)
            if (wasClosed) expect(state.closed).toBe(true)
            wasClosed ||= state.closed === true
            if (state.closed === true) expect(state.unread_messages).toBe(false)
          }
        }),
      )
    })

    it('the known last message time never goes back, whatever the order of events', () => {
      fc.assert(
        fc.property(summary, fc.array(summary, { maxLength: 8 }), (first, events) => {
          let state = mergeConversationSummary(undefined, first)
          for (const event of events) {
            const before = timeOf(state)
            state = mergeConversationSummary(state, event)
            const after = timeOf(state)
            if (before !== undefined) expect(after).toBeGreaterThanOrEqual(before)
          }
          const times = [first, ...events].map(timeOf).filter((t) => t !== undefined)
          if (times.length) expect(timeOf(state)).toBe(Math.max(...times))
        }),
      )
    })

    it('is idempotent, and returns previous itself when nothing changes', () => {
      fc.assert(
        fc.property(fc.option(summary, { nil: undefined }), summary, (previous, incoming) => {
          const once = mergeConversationSummary(previous, incoming)
          expect(mergeConversationSummary(once, incoming)).toBe(once)
        }),
      )
    })

    it('a newer summary of an open conversation is taken as the server says it', () => {
      fc.assert(
        fc.property(summary, summary, (previous, incoming) => {
          fc.pre(
            compareConversationSummaries(previous, incoming) > 0 &&
              previous.closed !== true &&
              !incoming.closed,
          )
          const next = mergeConversationSummary(previous, incoming)
          for (const [key, value] of Object.entries(incoming)) {
            // A readable time is never replaced by an unreadable one.
            if (
              key === 'last_message_dts' &&
              timeOf(incoming) === undefined &&
              timeOf(previous) !== undefined
            )
              continue
            if (value !== undefined) expect(next[key as keyof ConversationSummary]).toEqual(value)
          }
        }),
      )
    })
  })

  describe('readConversationSummary', () => {
    // The console's row still describes message 3 (4 messages); the agent reads message 4, whose own summary
    // (5 messages, still unread on the server) is held back and arrives afterwards.
    const row: ConversationSummary = {
      conversation_uuid: 'c1',
      last_message_dts: dts(3),
      message_count: 4,
      unread_messages: true,
    }
    const lateEvent: ConversationSummary = {
      conversation_uuid: 'c1',
      last_message_dts: dts(4),
      message_count: 5,
      last_conversation_message_body: 'fourth',
      unread_messages: true,
    }

    it('a late summary of the message that was read does not bring the marker back', () => {
      const read = readConversationSummary(row, { message_dts: dts(4) })
      expect(read).toMatchObject({ unread_messages: false, last_message_dts: dts(4) })
      // A cache's structural sharing merges the read row into the row it replaces: nothing stale comes back.
      expect(mergeConversationSummary(row, read)).toEqual(read)
      const next = mergeConversationSummary(mergeConversationSummary(row, read), lateEvent)
      expect(next).toMatchObject({
        unread_messages: false,
        message_count: 5,
        last_conversation_message_body: 'fourth',
      })
      // A summary of a later message still marks it unread.
      const later = { ...lateEvent, last_message_dts: dts(5), message_count: 6 }
      expect(mergeConversationSummary(next, later).unread_messages).toBe(true)
    })

    it('reading an older message than the row knows only clears the marker', () => {
      const read = readConversationSummary(row, { message_dts: dts(2) })
      expect(read).toEqual({ ...row, unread_messages: false })
      expect(readConversationSummary(read, { message_dts: dts(2) })).toBe(read)
      expect(readConversationSummary(read, {})).toBe(read)
    })

    it('a summary without a time does not lend its count to the read position (fast-check counterexample)', () => {
      // Read up to second 5; a summary without a time says message_count 0; the server's own summary of the very
      // message read (second 5, count 1) is not newer: the marker stays off. Before: the timeless count was
      // adopted as the count of second 5, and the summary looked newer.
      let state = readConversationSummary({ conversation_uuid: 'c1' }, { message_dts: dts(5) })
      state = mergeConversationSummary(state, { conversation_uuid: 'c1', message_count: 0 })
      state = mergeConversationSummary(state, {
        conversation_uuid: 'c1',
        last_message_dts: dts(5),
        message_count: 1,
        unread_messages: true,
      })
      expect(state.unread_messages).toBe(false)
    })

    it('two summaries of the read millisecond, the second with one more message, mark it unread', () => {
      // fast-check's counterexample to the property's old wording: read up to second 4; the server then
      // summarises second 4 with 0 and with 1 messages: a second message in that millisecond, not yet read.
      let state = readConversationSummary({ conversation_uuid: 'c1' }, { message_dts: dts(4) })
      state = mergeConversationSummary(state, {
        conversation_uuid: 'c1',
        last_message_dts: dts(4),
        message_count: 0,
      })
      expect(state.unread_messages).toBe(false)
      state = mergeConversationSummary(state, {
        conversation_uuid: 'c1',
        last_message_dts: dts(4),
        message_count: 1,
        unread_messages: true,
      })
      expect(state.unread_messages).toBe(true)
    })

    it('after reading any message, only evidence of a later message makes the conversation unread', () => {
      // Evidence: a later time, no time at all (a count decides), or, within the read millisecond, a larger
      // count than one the server already gave for it (equal times are told apart by message_count).
      fc.assert(
        fc.property(
          summary,
          fc.integer({ min: 0, max: 5 }),
          fc.array(summary, { maxLength: 6 }),
          (s, m, events) => {
            let state = readConversationSummary(s, { message_dts: dts(m) })
            expect(state.unread_messages).toBe(false)
            const counts: number[] = []
            if (timeOf(s) === BASE + m * 1000 && s.message_count !== undefined) counts.push(s.message_count)
            for (const event of events) {
              const t = timeOf(event)
              const count = event.message_count
              state = mergeConversationSummary(state, event)
              if (state.unread_messages === true) {
                const laterInTheMillisecond =
                  t === BASE + m * 1000 && count !== undefined && counts.some((c) => count > c)
                expect(t === undefined || t > BASE + m * 1000 || laterInTheMillisecond).toBe(true)
                break
              }
              if (t === BASE + m * 1000 && count !== undefined) counts.push(count)
            }
          },
        ),
      )
    })
  })
})
