import { QueryClient } from '@tanstack/react-query'
import type { Conversation, ConversationParticipant, ConversationWebsocketFrame } from '@uc-conversation/core'
import { reduceConversationList } from '@uc-conversation/rxjs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyFrameToCache } from '../src/conversation-cache-sync'
import { conversationKeys } from '../src/conversation-keys'

const BASE = Date.UTC(2026, 0, 1)
const dts = (second: number) => new Date(BASE + second * 1000).toISOString()
const key = conversationKeys.detail('c1')
const seeded = (detail: Conversation) => {
  const queryClient = new QueryClient()
  queryClient.setQueryData(key, detail)
  return queryClient
}

describe('applyFrameToCache: the detail entry follows the rule of a list row (core applyConversationRow)', () => {
  it('an event that repeats what a detail without participants knows keeps the entry (no empty list made up)', () => {
    const detail: Conversation = { conversation_uuid: 'c1', last_message_dts: dts(3), unread_messages: true }
    const queryClient = seeded(detail)
    applyFrameToCache(queryClient, {
      type: 'event',
      event_type: 'new message',
      conversation_uuid: 'c1',
      event_new_message: { conversation_uuid: 'c1', last_message_dts: dts(3), unread_messages: true },
    } as ConversationWebsocketFrame)
    // Before: `{ ...detail, participants: [] }`, a new object (a re-render) with a list the server never sent.
    expect(queryClient.getQueryData(key)).toBe(detail)
  })

  it('after any frames, the detail is the row rxjs’s conversation list holds (property)', () => {
    const time = fc.oneof(fc.integer({ min: 0, max: 5 }).map(dts), fc.constant(undefined))
    const participant = fc.record(
      {
        conversation_participant_arn: fc.constantFrom('arn:agent', 'arn:customer', 'arn:other'),
        joined_dts: time,
        left_dts: time,
      },
      { requiredKeys: ['conversation_participant_arn'], noNullPrototype: true },
    ) as fc.Arbitrary<ConversationParticipant>
    const summary = fc.record(
      {
        conversation_uuid: fc.constant('c1'),
        last_message_dts: time,
        message_count: fc.integer({ min: 0, max: 5 }),
        unread_messages: fc.boolean(),
        closed: fc.boolean(),
        participants: fc.array(participant, { maxLength: 3 }),
      },
      { requiredKeys: ['conversation_uuid'], noNullPrototype: true },
    ) as fc.Arbitrary<Conversation>
    const frame: fc.Arbitrary<ConversationWebsocketFrame> = fc.oneof(
      ...(['new message', 'participant update', 'conversation closed'] as const).map((type) =>
        summary.map(
          (s) =>
            ({
              type: 'event',
              event_type: type,
              conversation_uuid: 'c1',
              [`event_${type.replace(' ', '_')}`]: s,
            }) as ConversationWebsocketFrame,
        ),
      ),
      ...(['join', 'left'] as const).map((type) =>
        participant.map(
          (p) =>
            ({
              type: 'event',
              event_type: `participant ${type}`,
              conversation_uuid: 'c1',
              [`event_participant_${type}_participant`]: p,
            }) as ConversationWebsocketFrame,
        ),
      ),
    )
    fc.assert(
      fc.property(summary, fc.array(frame, { maxLength: 6 }), (start, frames) => {
        const queryClient = seeded(start)
        let list: readonly Conversation[] = [start]
        for (const f of frames) {
          applyFrameToCache(queryClient, f)
          list = reduceConversationList(list, f)
        }
        expect(queryClient.getQueryData(key)).toStrictEqual(list[0])
      }),
      {
        // A row without participants and an event without them (the case the first test pins down).
        examples: [
          [
            { conversation_uuid: 'c1' },
            [
              {
                type: 'event',
                event_type: 'new message',
                conversation_uuid: 'c1',
                event_new_message: { conversation_uuid: 'c1', message_count: 1 },
              } as ConversationWebsocketFrame,
            ],
          ],
        ],
      },
    )
  })
})
