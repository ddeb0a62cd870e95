import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applyConversationRow,
  type ConversationParticipant,
  type ConversationSummary,
  type ConversationWebsocketFrame,
} from '../src'

const BASE = Date.UTC(2026, 0, 1)
const dts = (second: number) => new Date(BASE + second * 1000).toISOString()
const agent: ConversationParticipant = { conversation_participant_arn: 'arn:agent', joined_dts: dts(1) }
const customer: ConversationParticipant = { conversation_participant_arn: 'arn:customer', joined_dts: dts(0) }
const row: ConversationSummary = {
  conversation_uuid: 'c1',
  last_message_dts: dts(3),
  message_count: 3,
  unread_messages: false,
  participants: [customer, agent],
}
const event = (event_type: string, field: string, payload: unknown): ConversationWebsocketFrame =>
  ({ type: 'event', event_type, conversation_uuid: 'c1', [field]: payload }) as ConversationWebsocketFrame
const left = event('participant left', 'event_participant_left_participant', { ...agent, left_dts: dts(4) })
const joined = (p: ConversationParticipant) =>
  event('participant join', 'event_participant_join_participant', p)

describe('applyConversationRow: one conversation row with a summary and a frame', () => {
  it('neither a row nor a summary: no row (a join or left alone makes none)', () => {
    expect(applyConversationRow(undefined, undefined, joined(agent))).toBeUndefined()
  })

  it('a newcomer is the summary, its participants in join order', () => {
    const next = applyConversationRow(undefined, { conversation_uuid: 'c1', participants: [agent, customer] })
    expect(next).toEqual({ conversation_uuid: 'c1', participants: [customer, agent] })
  })

  it('a join or left without a summary changes the participants of a known row', () => {
    const other = { conversation_participant_arn: 'arn:other', joined_dts: dts(5) }
    expect(applyConversationRow(row, undefined, joined(other))?.participants).toEqual([
      customer,
      agent,
      other,
    ])
    const gone = applyConversationRow(row, undefined, left)
    expect(
      gone?.participants?.find((p) => p === agent || p.conversation_participant_arn === 'arn:agent'),
    ).toEqual({
      ...agent,
      left_dts: dts(4),
    })
    // A later summary that still lists the agent without left_dts does not bring them back; its newer message
    // is taken and marks the row unread.
    const stale = {
      conversation_uuid: 'c1',
      last_message_dts: dts(5),
      unread_messages: true,
      participants: [agent],
    }
    const after = applyConversationRow(gone, stale)
    expect(after?.participants).toEqual(gone?.participants)
    expect(after).toMatchObject({ last_message_dts: dts(5), unread_messages: true })
  })

  it('an older summary never undoes newer data, and a read row stays read', () => {
    const older = {
      conversation_uuid: 'c1',
      last_message_dts: dts(2),
      message_count: 2,
      unread_messages: true,
    }
    expect(applyConversationRow(row, older)).toBe(row)
  })

  it.each([
    ['a summary with the same content', { ...row, participants: [{ ...customer }, { ...agent }] }],
    ['a summary without participants', { conversation_uuid: 'c1', last_message_dts: dts(3) }],
    ['a summary listing the participants in another order', { ...row, participants: [agent, customer] }],
  ])('%s: the row itself', (_, summary) => {
    expect(applyConversationRow(row, summary, event('new message', 'event_new_message', summary))).toBe(row)
  })

  it('a row without participants, a summary without: no empty list is made up, the row stays', () => {
    const bare = { conversation_uuid: 'c1', last_message_dts: dts(3) }
    expect(applyConversationRow(bare, { ...bare })).toBe(bare)
  })

  it('applying the same summary and frame again changes nothing (the row itself)', () => {
    const time = fc.oneof(fc.integer({ min: 0, max: 5 }).map(dts), fc.constant(undefined))
    const participant = fc.record(
      {
        conversation_participant_arn: fc.constantFrom('arn:agent', 'arn:customer', 'arn:other'),
        joined_dts: time,
        left_dts: time,
      },
      { requiredKeys: ['conversation_participant_arn'] },
    )
    const summary = fc.record(
      {
        conversation_uuid: fc.constant('c1'),
        last_message_dts: time,
        message_count: fc.integer({ min: 0, max: 5 }),
        unread_messages: fc.boolean(),
        closed: fc.boolean(),
        participants: fc.array(participant, { maxLength: 3 }),
      },
      { requiredKeys: ['conversation_uuid'] },
    ) as fc.Arbitrary<ConversationSummary>
    const frame = fc.oneof(
      participant.map(joined),
      participant.map((p) => event('participant left', 'event_participant_left_participant', p)),
      fc.constant(undefined),
    )
    fc.assert(
      fc.property(
        fc.option(summary, { nil: undefined }),
        fc.option(summary, { nil: undefined }),
        frame,
        (r, s, f) => {
          const once = applyConversationRow(r, s, f)
          if (once) expect(applyConversationRow(once, s, f)).toBe(once)
        },
      ),
    )
  })
})
