import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applyParticipantEvent,
  type ConversationParticipant,
  type ConversationWebsocketFrame,
  isParticipantPresent,
  mergeParticipants,
} from '../src'

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString()
const agent = (patch: Partial<ConversationParticipant> = {}): ConversationParticipant => ({
  conversation_participant_arn: 'arn:agent',
  conversation_participant_name: 'Ann',
  status: 'active',
  joined_dts: at(1),
  ...patch,
})
const join = (participant: ConversationParticipant): ConversationWebsocketFrame => ({
  type: 'event',
  event_type: 'participant join',
  conversation_uuid: 'c',
  event_participant_join: { conversation_uuid: 'c' },
  event_participant_join_participant: participant,
})
const left = (participant: ConversationParticipant): ConversationWebsocketFrame => ({
  type: 'event',
  event_type: 'participant left',
  conversation_uuid: 'c',
  event_participant_left: { conversation_uuid: 'c' },
  event_participant_left_participant: participant,
})

describe('applyParticipantEvent', () => {
  it('adds a participant who joins and marks one who leaves, keeping the rest', () => {
    const customer = agent({ conversation_participant_arn: 'arn:customer', joined_dts: at(0) })
    const joined = applyParticipantEvent([customer], join(agent()))
    expect(joined.map((p) => p.conversation_participant_arn)).toEqual(['arn:customer', 'arn:agent'])
    const gone = applyParticipantEvent(joined, left(agent({ status: 'left', left_dts: at(5) })))
    expect(gone[1]).toMatchObject({ status: 'left', left_dts: at(5), joined_dts: at(1) })
    expect(isParticipantPresent(gone[1]!)).toBe(false)
    expect(gone[0]).toBe(customer)
  })

  it('a join older than the known leave does not bring the participant back; a later join does', () => {
    const gone = [agent({ status: 'left', left_dts: at(5) })]
    const stale = applyParticipantEvent(gone, join(agent({ joined_dts: at(1) })))
    expect(stale).toBe(gone)
    const back = applyParticipantEvent(gone, join(agent({ joined_dts: at(9) })))
    expect(back[0]).toMatchObject({ status: 'active', joined_dts: at(9) })
    expect(back[0]!.left_dts).toBeUndefined()
    expect(isParticipantPresent(back[0]!)).toBe(true)
  })

  it('the leave wins whichever of the two arrives first', () => {
    const j = join(agent())
    const l = left(agent({ status: 'left', left_dts: at(5) }))
    const a = applyParticipantEvent(applyParticipantEvent([], j), l)
    const b = applyParticipantEvent(applyParticipantEvent([], l), j)
    expect(a).toEqual(b)
    expect(isParticipantPresent(a[0]!)).toBe(false)
  })

  it('returns the same array for a repeated event, other frames and participants without an ARN', () => {
    const list = applyParticipantEvent([], join(agent()))
    expect(applyParticipantEvent(list, join(agent()))).toBe(list)
    expect(applyParticipantEvent(list, { type: 'ping' })).toBe(list)
    expect(applyParticipantEvent(list, join({ conversation_participant_name: 'nobody' }))).toBe(list)
    expect(applyParticipantEvent(undefined, { type: 'ping' })).toBe(
      applyParticipantEvent(undefined, { type: 'ping' }),
    )
  })

  it("returns the same array for a repeated event whatever the order of the known record's fields", () => {
    // A record the server sent with left_dts before joined_dts: the leave merged into it holds the same content in
    // another field order, and the same leave again changes nothing (found by conversation-row's property test).
    const known: ConversationParticipant[] = [
      { conversation_participant_arn: 'arn:agent', left_dts: undefined },
    ]
    const leave = left({ conversation_participant_arn: 'arn:agent', joined_dts: at(0), left_dts: at(0) })
    const once = applyParticipantEvent(known, leave)
    expect(once).not.toBe(known)
    expect(applyParticipantEvent(once, leave)).toBe(once)
  })

  it('keeps the new participant fields (email, timezone, language) a record carries', () => {
    const list = applyParticipantEvent(
      [],
      join(agent({ email: 'ann@example.test', timezone: 'Europe/Paris', language_iso_code: 'fr' } as never)),
    )
    expect(list[0]).toMatchObject({
      email: 'ann@example.test',
      timezone: 'Europe/Paris',
      language_iso_code: 'fr',
    })
  })
})

describe('mergeParticipants', () => {
  it('tolerates what a malformed server list may hold', () => {
    expect(mergeParticipants('x' as never, [agent()])).toEqual([agent()])
    expect(mergeParticipants([agent()], 'x' as never)).toEqual([agent()])
    expect(mergeParticipants([], [undefined, null as never, 5 as never, agent()])).toEqual([agent()])
    expect(mergeParticipants([], [agent({ conversation_participant_arn: 7 as never })])).toEqual([])
  })

  it('puts a record without a readable join last, whichever order the records arrive in', () => {
    const unknown = agent({ conversation_participant_arn: 'arn:unknown', joined_dts: undefined })
    const early = agent({ conversation_participant_arn: 'arn:z', joined_dts: at(1) })
    const late = agent({ conversation_participant_arn: 'arn:a', joined_dts: at(2) })
    const other = agent({ conversation_participant_arn: 'arn:b', joined_dts: 'not a date' })
    const arns = (list: readonly ConversationParticipant[]) => list.map((p) => p.conversation_participant_arn)
    const expected = ['arn:z', 'arn:a', 'arn:b', 'arn:unknown']
    for (const order of [
      [unknown, early, late, other],
      [early, unknown, other, late],
      [other, late, early, unknown],
      [late, other, unknown, early],
    ]) {
      expect(arns(mergeParticipants([], order))).toEqual(expected)
      expect(
        arns(order.reduce<readonly ConversationParticipant[]>((l, r) => mergeParticipants(l, [r]), [])),
      ).toEqual(expected)
    }
  })

  it('is idempotent and independent of the order records arrive in (property)', () => {
    const minute = fc.integer({ min: 0, max: 6 })
    const record = fc
      .record({
        arn: fc.constantFrom('arn:a', 'arn:b', 'arn:c'),
        joined: minute,
        left: fc.option(minute, { nil: undefined }),
        name: fc.constantFrom('Ann', 'Bo'),
      })
      .map(
        ({ arn, joined, left, name }): ConversationParticipant => ({
          conversation_participant_arn: arn,
          conversation_participant_name: name,
          status: left === undefined ? 'active' : 'left',
          joined_dts: at(joined),
          ...(left === undefined ? {} : { left_dts: at(left) }),
        }),
      )
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), fc.infiniteStream(fc.nat()), (records, seeds) => {
        const fold = (list: readonly ConversationParticipant[]) =>
          list.reduce<readonly ConversationParticipant[]>((acc, r) => mergeParticipants(acc, [r]), [])
        const once = fold(records)
        const shuffled = records
          .map((r) => ({ r, k: seeds.next().value as number }))
          .sort((a, b) => a.k - b.k)
          .map(({ r }) => r)
        expect(fold(shuffled)).toEqual(once)
        expect(mergeParticipants(once, records)).toBe(once)
        expect(mergeParticipants([], records)).toEqual(once)
        // A participant is gone exactly when its latest leave is at or after its latest join.
        for (const p of once) {
          const mine = records.filter(
            (r) => r.conversation_participant_arn === p.conversation_participant_arn,
          )
          const lastJoin = Math.max(...mine.map((r) => Date.parse(r.joined_dts!)))
          const lastLeave = Math.max(
            ...mine.map((r) => (r.left_dts ? Date.parse(r.left_dts) : Number.NEGATIVE_INFINITY)),
          )
          expect(isParticipantPresent(p)).toBe(lastLeave < lastJoin)
        }
      }),
      { numRuns: 1000 },
    )
  })
})
