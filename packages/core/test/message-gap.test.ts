import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ConversationMessage,
  completeThroughOf,
  createMessageList,
  evidenceOf,
  gapSince,
  mergeMessages,
} from '../src'

const T0 = 1_736_150_400_000
const iso = (epoch: number) => new Date(epoch).toISOString()
const msg = (i: number, epoch: number, patch: Partial<ConversationMessage> = {}): ConversationMessage => ({
  conversation_message_uuid: `m${i}`,
  message_epoch: epoch,
  message_dts: iso(epoch),
  body: `body ${i}`,
  author_conversation_participant_arn: i % 2 ? 'arn:customer' : 'arn:agent',
  ...patch,
})
const summaryOf = (all: ConversationMessage[]) => ({
  kind: 'summary' as const,
  messageCount: all.length,
  lastMessageDts: all.at(-1)?.message_dts,
  lastMessageBody: all.at(-1)?.body,
})

describe('gapSince: the reported loss (issue 11 point 1)', () => {
  // 50 messages a second; message 10 and its `updated message` are lost, its `new message` event arrives.
  const all = Array.from({ length: 30 }, (_, i) => msg(i, T0 + i * 20))
  const lost = all[10]!

  it('a lost message is found from its own event although newer messages arrived (old rule: never fetched)', () => {
    const received = all.filter((m) => m !== lost)
    const list = createMessageList(received)
    const eventOfLost = summaryOf(all.slice(0, 11))
    expect(gapSince(list, eventOfLost)).toBe(lost.message_epoch)
  })

  it('and from any later summary by its count, however old the gap (12 s and more)', () => {
    const later = Array.from({ length: 700 }, (_, i) => msg(100 + i, T0 + 12_000 + i * 20))
    const list = createMessageList([...all.filter((m) => m !== lost), ...later])
    const newest = summaryOf([...all, ...later])
    // Complete through message 5 (the last complete load): load from there, not from 0.
    expect(gapSince(list, newest, { completeThrough: all[5]!.message_epoch })).toBe(all[5]!.message_epoch)
    // Never completely loaded: from the start.
    expect(gapSince(list, newest)).toBe(0)
    // Once the message is in, nothing is missing.
    const healed = mergeMessages(list, [lost]).list
    expect(gapSince(healed, newest, { completeThrough: all[5]!.message_epoch })).toBeUndefined()
    expect(completeThroughOf(healed, newest)).toBe(later.at(-1)!.message_epoch)
    expect(completeThroughOf(list, newest)).toBeUndefined()
  })

  it('two messages in one millisecond: the count and the body tell them apart', () => {
    const a = msg(1, T0)
    const b = msg(2, T0, { body: 'second' })
    const list = createMessageList([a])
    expect(gapSince(list, { kind: 'summary', messageCount: 2, lastMessageDts: iso(T0) })).toBe(0)
    expect(gapSince(list, { kind: 'summary', lastMessageDts: iso(T0), lastMessageBody: 'second' })).toBe(T0)
    // A stale summary whose count the list happens to match, naming the other message of that millisecond.
    const onlyB = createMessageList([b])
    expect(
      gapSince(onlyB, { kind: 'summary', messageCount: 1, lastMessageDts: iso(T0), lastMessageBody: a.body }),
    ).toBe(T0)
    expect(
      completeThroughOf(onlyB, {
        kind: 'summary',
        messageCount: 1,
        lastMessageDts: iso(T0),
        lastMessageBody: a.body,
      }),
    ).toBeUndefined()
    // A shortened preview of the same body is the same message.
    expect(
      gapSince(list, { kind: 'summary', messageCount: 1, lastMessageDts: iso(T0), lastMessageBody: 'body' }),
    ).toBeUndefined()
    expect(gapSince(mergeMessages(list, [b]).list, summaryOf([a, b]))).toBeUndefined()
  })

  it('messages the server counts but never returns are learned once (uncounted), not fetched forever', () => {
    const list = createMessageList(all)
    const summary = { ...summaryOf(all), messageCount: all.length + 3 }
    expect(gapSince(list, summary, { completeThrough: T0 })).toBe(T0)
    expect(gapSince(list, summary, { completeThrough: T0, uncounted: 3 })).toBeUndefined()
  })

  it('updated/read message for an unknown uuid: from its epoch; participant last_message_dts: from it', () => {
    const list = createMessageList(all.slice(0, 5))
    expect(
      gapSince(list, {
        kind: 'message',
        conversationMessageUuid: 'm20',
        messageEpoch: all[20]!.message_epoch,
      }),
    ).toBe(all[20]!.message_epoch)
    expect(
      gapSince(list, { kind: 'message', conversationMessageUuid: 'm2', messageEpoch: 1 }),
    ).toBeUndefined()
    expect(
      gapSince(list, { kind: 'message', conversationMessageUuid: 'm9', messageDts: all[9]!.message_dts }),
    ).toBe(all[9]!.message_epoch)
    expect(
      gapSince(list, {
        kind: 'participant',
        participantArn: 'arn:customer',
        lastMessageDts: all[7]!.message_dts,
      }),
    ).toBe(all[7]!.message_epoch)
    expect(
      gapSince(list, {
        kind: 'participant',
        participantArn: 'arn:customer',
        lastMessageDts: all[3]!.message_dts,
      }),
    ).toBeUndefined()
  })

  it('hostile evidence never throws and never asks for a non-finite epoch', () => {
    const list = createMessageList(all)
    for (const e of [
      { kind: 'summary', messageCount: Number.NaN, lastMessageDts: 'yesterday' },
      { kind: 'summary', messageCount: '12', lastMessageDts: 5 },
      { kind: 'message', conversationMessageUuid: 'x', messageEpoch: Number.POSITIVE_INFINITY },
      { kind: 'participant' },
      null,
      { kind: 'nope' },
    ])
      expect(gapSince(list, e as never) ?? 0).toSatisfy(Number.isFinite)
  })
})

describe('evidenceOf', () => {
  it('reads new message, participant update, updated message and read message events', () => {
    const summary = {
      message_count: 3,
      last_message_dts: iso(T0),
      last_conversation_message_body: 'hi',
      participants: [{ conversation_participant_arn: 'arn:c', last_message_dts: iso(T0 - 5) }],
    }
    expect(evidenceOf({ type: 'event', event_type: 'new message', event_new_message: summary })).toEqual([
      { kind: 'summary', messageCount: 3, lastMessageDts: iso(T0), lastMessageBody: 'hi' },
      { kind: 'participant', participantArn: 'arn:c', lastMessageDts: iso(T0 - 5) },
    ])
    expect(
      evidenceOf({
        type: 'event',
        event_type: 'read message',
        event_read_message: { conversation_message_uuid: 'u', message_epoch: T0 },
      }),
    ).toEqual([{ kind: 'message', conversationMessageUuid: 'u', messageEpoch: T0, messageDts: undefined }])
    expect(
      evidenceOf({
        type: 'event',
        event_type: 'conversation closed',
        event_conversation_closed: { message_count: 4 },
      }),
    ).toEqual([{ kind: 'summary', messageCount: 4, lastMessageDts: undefined, lastMessageBody: undefined }])
    expect(evidenceOf({ type: 'ping' })).toEqual([])
    expect(evidenceOf({ type: 'event', event_type: 'typing', event_typing: {} })).toEqual([])
  })

  it('reads nothing from events without a type or with a payload that is not a message', () => {
    for (const event_type of [undefined, 5, null, 'updated message', 'read message'])
      for (const payload of [undefined, null, 'x', {}, { conversation_message_uuid: 7 }])
        expect(
          evidenceOf({
            type: 'event',
            event_type,
            event_updated_message: payload,
            event_read_message: payload,
          } as never),
        ).toEqual([])
  })

  it('reads nothing from summaries or participants that are not objects', () => {
    for (const payload of [undefined, null, 'x', 5, true])
      expect(
        evidenceOf({ type: 'event', event_type: 'new message', event_new_message: payload } as never),
      ).toEqual([])
    const participants = [undefined, null, 'x', 5, { last_message_dts: 7 }]
    expect(
      evidenceOf({
        type: 'event',
        event_type: 'participant update',
        event_participant_update: { participants },
      } as never),
    ).toEqual([])
  })
})

describe('gapSince (properties)', () => {
  // A server history: nondecreasing integer epochs (many equal), a prefix loaded completely, and a random
  // subset of the rest received live.
  const scenario = fc
    .array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 60 })
    .chain((steps) => {
      let epoch = T0
      const all = steps.map((s, i) => {
        epoch += s
        return msg(i, epoch)
      })
      return fc.record({
        all: fc.constant(all),
        loaded: fc.integer({ min: 0, max: all.length }),
        live: fc.array(fc.boolean(), { minLength: all.length, maxLength: all.length }),
        at: fc.integer({ min: 0, max: all.length - 1 }),
      })
    })
    .map(({ all, loaded, live, at }) => {
      // Complete through the last loaded epoch: every message at or before it is in.
      const through = loaded > 0 ? all[loaded - 1]!.message_epoch! : undefined
      const have = all.filter((m, i) => (through !== undefined && m.message_epoch! <= through) || live[i])
      return { all, through, list: createMessageList(have), have, at }
    })

  it('a summary of the whole conversation: no gap exactly when nothing is missing, and the load it asks for heals it', () => {
    fc.assert(
      fc.property(scenario, ({ all, through, list, have }) => {
        const evidence = summaryOf(all)
        const gap = gapSince(list, evidence, { completeThrough: through })
        expect(gap === undefined).toBe(have.length === all.length)
        if (gap === undefined) return
        const healed = mergeMessages(
          list,
          all.filter((m) => m.message_epoch! >= gap),
        ).list
        expect(healed.serverCount).toBe(all.length)
        expect(gapSince(healed, evidence, { completeThrough: through })).toBeUndefined()
        expect(completeThroughOf(healed, evidence, {})).toBe(all.at(-1)!.message_epoch)
      }),
      { numRuns: 1_000 },
    )
  })

  it('any single message event: a gap exactly when its uuid is missing, from at most its epoch', () => {
    fc.assert(
      fc.property(scenario, ({ all, through, list, at }) => {
        const m = all[at]!
        const gap = gapSince(
          list,
          {
            kind: 'message',
            conversationMessageUuid: m.conversation_message_uuid!,
            messageEpoch: m.message_epoch,
          },
          { completeThrough: through },
        )
        expect(gap === undefined).toBe(list.get(m.conversation_message_uuid!) !== undefined)
        if (gap !== undefined) expect(gap).toBeLessThanOrEqual(m.message_epoch!)
      }),
      { numRuns: 500 },
    )
  })

  it('a newest-message summary for any prefix finds a lost newest message whatever came after it', () => {
    fc.assert(
      fc.property(scenario, ({ all, through, list, at }) => {
        const m = all[at]!
        const evidence = { kind: 'summary' as const, lastMessageDts: m.message_dts, lastMessageBody: m.body }
        const gap = gapSince(list, evidence, { completeThrough: through })
        if (list.get(m.conversation_message_uuid!)) expect(gap).toBeUndefined()
        else expect(gap).toBe(m.message_epoch)
      }),
      { numRuns: 500 },
    )
  })
})

describe('completeThroughOf', () => {
  it('holds when messages newer than the summary are already in the list', () => {
    const all = Array.from({ length: 10 }, (_, i) => msg(i, T0 + i * 10))
    const list = createMessageList(all)
    // The summary of message 6 arrives after messages 7-9: the list is still complete through message 6.
    expect(completeThroughOf(list, summaryOf(all.slice(0, 7)))).toBe(all[6]!.message_epoch)
    // With message 3 missing it is not.
    const holed = createMessageList(all.filter((_, i) => i !== 3))
    expect(completeThroughOf(holed, summaryOf(all.slice(0, 7)))).toBeUndefined()
    expect(
      completeThroughOf(list, { kind: 'summary', messageCount: Number.NaN, lastMessageDts: iso(T0) }),
    ).toBeUndefined()
  })
})
