import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ConversationMessage,
  type ConversationWebsocketFrame,
  createLiveState,
  createMessageList,
  evidenceOf,
  gapSince,
  isLiveBehind,
  type LiveRules,
  type LiveState,
  liveFrame,
  liveLoaded,
  liveLoadStarted,
  type MessageEvidence,
  type MessageList,
  mergeMessages,
} from '../src'

/**
 * The live state serves the message list too: frames merge with core's `mergeMessages`, the evidence is core's
 * `evidenceOf`, and evidence is lacking while `gapSince` names a gap (the catch-up cursor's paging stays the
 * message stream's own I/O). A load's answer is the list with the server's messages merged in.
 */
const rules: LiveRules<MessageList, ConversationWebsocketFrame, MessageEvidence> = {
  apply: (list, frame) => (frame.type === 'message' ? mergeMessages(list, [frame.message]).list : list),
  evidence: (_list, frame) => evidenceOf(frame),
  lacks: (list, e) => gapSince(list, e) !== undefined,
  key: (e) => JSON.stringify(e),
}

const T0 = Date.UTC(2026, 0, 1, 12)
const uuids = (list: MessageList | undefined) => list?.toArray().map((m) => m.conversation_message_uuid)

type Op = { op: 'say' } | { op: 'deliver' | 'duplicate' | 'lose'; pick: number } | { op: 'load' }
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ op: 'say' as const }),
  fc.record({
    op: fc.constantFrom('deliver' as const, 'duplicate' as const, 'lose' as const),
    pick: fc.nat(),
  }),
  fc.constant({ op: 'load' as const }),
)

describe('live state with the message rules (core’s gap evidence)', () => {
  it('lost, duplicated and reordered frames: behind whenever a delivered summary shows a gap; converges after a load', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const server: ConversationMessage[] = []
        let channel: ConversationWebsocketFrame[] = []
        const answer = () => mergeMessages(createMessageList(), server).list
        let state: LiveState<MessageList, ConversationWebsocketFrame, MessageEvidence> = liveLoaded(
          liveLoadStarted(createLiveState()),
          answer(),
          rules,
        )
        for (const o of ops) {
          if (o.op === 'say') {
            const n = server.length + 1
            const m: ConversationMessage = {
              conversation_message_uuid: `m${n}`,
              body: `message ${n}`,
              message_epoch: T0 + n * 1000,
              message_dts: new Date(T0 + n * 1000).toISOString(),
            }
            server.push(m)
            channel.push(
              { type: 'message', conversation_uuid: 'c', message: m } as ConversationWebsocketFrame,
              {
                type: 'event',
                event_type: 'new message',
                conversation_uuid: 'c',
                event_new_message: {
                  conversation_uuid: 'c',
                  message_count: n,
                  last_message_dts: m.message_dts,
                  last_conversation_message_body: m.body,
                },
              } as ConversationWebsocketFrame,
            )
          } else if (o.op === 'load') {
            state = liveLoaded(liveLoadStarted(state), answer(), rules)
            expect(uuids(state.value)).toEqual(server.map((m) => m.conversation_message_uuid))
            expect(isLiveBehind(state)).toBe(false)
          } else if (channel.length) {
            const i = o.pick % channel.length
            const frame = channel[i]!
            if (o.op !== 'duplicate') channel = channel.filter((_, j) => j !== i)
            if (o.op === 'lose') continue
            state = liveFrame(state, frame, rules)
            // A summary the list cannot account for: the state knows it is behind.
            for (const e of evidenceOf(frame))
              if (gapSince(state.value!, e) !== undefined) expect(isLiveBehind(state)).toBe(true)
          }
        }
        state = liveLoaded(liveLoadStarted(state), answer(), rules)
        expect(uuids(state.value)).toEqual(server.map((m) => m.conversation_message_uuid))
        expect(isLiveBehind(state)).toBe(false)
      }),
      { numRuns: 300 },
    )
  })
})
