import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ConversationMessage,
  type ConversationMessageTransportStatusValue,
  createMessageList,
  isPendingMessage,
  mergeMessages,
  removeMessages,
  transportStatusRank,
} from '../src'

const msg = (uuid: string, epoch: number, extra: Partial<ConversationMessage> = {}): ConversationMessage => ({
  conversation_message_uuid: uuid,
  message_epoch: epoch,
  body: `body ${uuid}`,
  ...extra,
})
const uuids = (messages: Iterable<ConversationMessage>) =>
  [...messages].map((m) => m.conversation_message_uuid ?? `pending:${m.client_message_id}`)

describe('merge rules', () => {
  it('orders by message_epoch, ties by uuid, whatever the arrival order', () => {
    const list = createMessageList([msg('c', 3), msg('b', 1), msg('a', 3), msg('d', 2)])
    expect(uuids(list)).toEqual(['b', 'd', 'a', 'c'])
  })

  it('falls back to message_dts, then sorts undated messages last', () => {
    const list = createMessageList([
      { conversation_message_uuid: 'x', body: 'undated' },
      { conversation_message_uuid: 'y', message_dts: '1970-01-01T00:00:00.005Z' },
      msg('z', 1),
    ])
    expect(uuids(list)).toEqual(['z', 'y', 'x'])
  })

  it('dedupes by conversation_message_uuid; same content leaves the same instance', () => {
    const first = createMessageList([msg('a', 1), msg('b', 2)])
    const again = mergeMessages(first, [msg('a', 1), { ...msg('b', 2) }])
    expect(again.list).toBe(first)
    expect(again.added).toEqual([])
    expect(again.updated).toEqual([])
  })

  it('lays a newer copy over the old one (e.g. transport statuses) and reports it as updated', () => {
    const first = createMessageList([msg('a', 1), msg('b', 2)])
    const statuses = [{ conversation_participant_arn: 'p', status: 'read' as const }]
    const { list, added, updated } = mergeMessages(first, [
      { conversation_message_uuid: 'a', transport_statuses: statuses },
    ])
    expect(added).toEqual([])
    expect(updated).toEqual([{ ...msg('a', 1), transport_statuses: statuses }])
    expect(list.get('a')).toEqual({ ...msg('a', 1), transport_statuses: statuses })
    expect(uuids(list)).toEqual(['a', 'b'])
    // The old version is untouched.
    expect(first.get('a')).toEqual(msg('a', 1))
  })

  it('replaces a pending own message with its echo, matched by client_message_id', () => {
    const pending: ConversationMessage = { client_message_id: 'cm', body: 'hi', message_epoch: 50 }
    const withPending = createMessageList([msg('a', 10), pending, msg('b', 100)])
    expect(isPendingMessage(withPending.at(1)!)).toBe(true)
    expect(withPending.getByClientMessageId('cm')).toEqual(pending)
    const echo = msg('srv', 60, { client_message_id: 'cm', body: 'hi' })
    const { list, added, updated } = mergeMessages(withPending, [echo])
    expect(added).toEqual([])
    expect(updated).toEqual([echo])
    expect(uuids(list)).toEqual(['a', 'srv', 'b'])
    expect(list.size).toBe(3)
    expect(list.getByClientMessageId('cm')).toEqual(echo)
    expect(isPendingMessage(list.get('srv')!)).toBe(false)
  })

  it('a pending copy arriving after its echo changes nothing', () => {
    const echo = msg('srv', 60, { client_message_id: 'cm', body: 'hi' })
    const list = createMessageList([echo])
    const result = mergeMessages(list, [{ client_message_id: 'cm', body: 'hi', message_epoch: 50 }])
    expect(result.list).toBe(list)
  })

  it('keeps messages with neither uuid nor client id, deduping exact replays', () => {
    const notice: ConversationMessage = { type: 'notice', body: 'Agent joined', message_epoch: 5 }
    const list = createMessageList([notice, { ...notice }, { ...notice, message_epoch: 6 }])
    expect(list.size).toBe(2)
  })

  it('ignores non-objects in the input', () => {
    expect(createMessageList([null, undefined, 5] as never).size).toBe(0)
  })
})

describe('MessageList', () => {
  const list = createMessageList(
    Array.from({ length: 500 }, (_, i) => msg(`m${String(i).padStart(3, '0')}`, i)),
  )

  it('reads by position, uuid, and in slices', () => {
    expect(list.size).toBe(500)
    expect(list.at(0)?.conversation_message_uuid).toBe('m000')
    expect(list.at(-1)?.conversation_message_uuid).toBe('m499')
    expect(list.last?.conversation_message_uuid).toBe('m499')
    expect(list.at(500)).toBeUndefined()
    expect(list.get('m250')?.message_epoch).toBe(250)
    expect(list.get('nope')).toBeUndefined()
    expect(uuids(list.slice(-2))).toEqual(['m498', 'm499'])
    expect(uuids(list.slice(10, 12))).toEqual(['m010', 'm011'])
    expect(list.slice(498, 1000)).toHaveLength(2)
  })

  it('materializes a frozen array once per version, and serializes as one', () => {
    const array = list.toArray()
    expect(Object.isFrozen(array)).toBe(true)
    expect(list.toArray()).toBe(array)
    expect(JSON.parse(JSON.stringify(list))).toHaveLength(500)
    expect([...list]).toHaveLength(500)
  })

  it('old versions stay valid after newer merges, and can be merged into again (branching)', () => {
    const v1 = createMessageList([msg('a', 1)])
    const v2 = mergeMessages(v1, [msg('b', 2)]).list
    const v3 = mergeMessages(v2, [msg('c', 3)]).list
    const branch = mergeMessages(v1, [msg('z', 0)]).list
    expect(uuids(v1)).toEqual(['a'])
    expect(uuids(v2)).toEqual(['a', 'b'])
    expect(uuids(v3)).toEqual(['a', 'b', 'c'])
    expect(uuids(branch)).toEqual(['z', 'a'])
    expect(v2.get('b')).toBeDefined()
    expect(v1.get('b')).toBeUndefined()
    expect(v3.get('z')).toBeUndefined()
    // v3 keeps working after the branch took its own index.
    expect(uuids(mergeMessages(v3, [msg('d', 4)]).list)).toEqual(['a', 'b', 'c', 'd'])
  })
})

// A pool where each uuid always has the same content, as the server guarantees.
const pool = fc
  .uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 50 })), {
    selector: ([uuid]) => uuid,
    minLength: 1,
    maxLength: 60,
  })
  .map((entries) => entries.map(([uuid, epoch]) => msg(uuid, epoch)))

const reference = (messages: ConversationMessage[]) => {
  const unique = new Map(messages.map((m) => [m.conversation_message_uuid, m]))
  return [...unique.values()]
    .sort(
      (a, b) =>
        a.message_epoch! - b.message_epoch! ||
        (a.conversation_message_uuid! < b.conversation_message_uuid! ? -1 : 1),
    )
    .map((m) => m.conversation_message_uuid)
}

describe('merge properties', () => {
  it('matches a sort-and-dedupe reference, whatever the order and batching', () => {
    fc.assert(
      fc.property(
        pool.chain((messages) =>
          fc.tuple(
            fc.constant(messages),
            fc.shuffledSubarray([...messages, ...messages], { minLength: 0 }),
            fc.integer({ min: 1, max: 7 }),
          ),
        ),
        ([messages, arrivals, batch]) => {
          let list = createMessageList()
          const all = [...arrivals, ...messages]
          for (let i = 0; i < all.length; i += batch) list = mergeMessages(list, all.slice(i, i + batch)).list
          expect(uuids(list)).toEqual(reference(messages))
          expect(list.size).toBe(new Set(messages.map((m) => m.conversation_message_uuid)).size)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('is order-independent: A then B equals B then A', () => {
    fc.assert(
      fc.property(pool, fc.nat(), (messages, cut) => {
        const a = messages.slice(0, cut % (messages.length + 1))
        const b = messages.slice(cut % (messages.length + 1))
        const ab = mergeMessages(createMessageList(a), b).list
        const ba = mergeMessages(createMessageList(b), a).list
        expect(ab.toArray()).toEqual(ba.toArray())
      }),
    )
  })

  it('is idempotent: merging the same messages again changes nothing', () => {
    fc.assert(
      fc.property(pool, (messages) => {
        const once = createMessageList(messages)
        const twice = mergeMessages(once, messages)
        expect(twice.list).toBe(once)
        expect(twice.added).toHaveLength(0)
      }),
    )
  })

  it('pending own messages and their echoes converge in any order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        (ids, seed) => {
          const pending = ids.map((id) => ({
            client_message_id: `c${id}`,
            body: `b${id}`,
            message_epoch: id,
          }))
          const echoes = ids.map((id) =>
            msg(`u${id}`, id + 1, { client_message_id: `c${id}`, body: `b${id}` }),
          )
          const events = [...pending, ...echoes]
          // A deterministic shuffle from the seed.
          const shuffled = events
            .map((e, i) => ({ e, k: (i * 2654435761 + seed) % 4294967296 }))
            .sort((x, y) => x.k - y.k)
            .map((x) => x.e)
          const list = createMessageList(shuffled)
          expect(list.size).toBe(ids.length)
          expect([...list].every((m) => !isPendingMessage(m))).toBe(true)
        },
      ),
    )
  })

  it('stays correct at scale (random inserts and echoes into 20,000 messages)', () => {
    const n = 20_000
    const messages = Array.from({ length: n }, (_, i) => msg(`m${i}`, (i * 7919) % 10_007))
    let list = createMessageList()
    for (let i = 0; i < n; i += 97) list = mergeMessages(list, messages.slice(i, i + 97)).list
    expect(list.size).toBe(n)
    const array = list.toArray()
    for (let i = 1; i < n; i++) {
      const a = array[i - 1]!
      const b = array[i]!
      expect(
        a.message_epoch! < b.message_epoch! ||
          (a.message_epoch === b.message_epoch &&
            a.conversation_message_uuid! < b.conversation_message_uuid!),
      ).toBe(true)
    }
    for (const i of [0, 1, 31, 32, 33, 1000, n - 1]) expect(list.at(i)).toBe(array[i])
  })
})

describe('reads across a long list (thousands of messages: many storage chunks)', () => {
  // Random writes into a list far longer than one storage chunk; every read agrees with the plain array.
  it('at, slice, get, inMillisecond and serverCountThrough agree with toArray after random writes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              op: fc.constant('add' as const),
              from: fc.nat(3000),
              n: fc.integer({ min: 1, max: 700 }),
            }),
            fc.record({
              op: fc.constant('remove' as const),
              from: fc.nat(3000),
              n: fc.integer({ min: 1, max: 300 }),
            }),
            fc.record({ op: fc.constant('own' as const), epoch: fc.nat(3000) }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        fc.integer({ min: -3100, max: 3100 }),
        fc.integer({ min: -3100, max: 3100 }),
        (ops, p, q) => {
          let list = createMessageList()
          const versions = []
          let own = 0
          for (const o of ops) {
            versions.push({ list, array: [...list.toArray()] })
            if (o.op === 'add')
              list = mergeMessages(
                list,
                Array.from({ length: o.n }, (_, i) =>
                  msg(`m${(o.from + i * 37) % 3000}`, ((o.from + i * 37) % 3000) >> 1),
                ),
              ).list
            else if (o.op === 'remove')
              list = removeMessages(
                list,
                Array.from({ length: o.n }, (_, i) => `m${(o.from + i) % 3000}`),
              ).list
            else {
              const cid = `own${own++}`
              list = mergeMessages(list, [{ client_message_id: cid, body: cid, message_epoch: o.epoch }]).list
              list = mergeMessages(list, [
                msg(`s${cid}`, o.epoch + 1, { client_message_id: cid, body: cid }),
              ]).list
            }
          }
          versions.push({ list, array: [...list.toArray()] })
          for (const { list: v, array } of versions) {
            // Old versions are untouched by later writes.
            expect(v.toArray()).toEqual(array)
            expect(v.size).toBe(array.length)
            expect(v.at(p)).toBe(array.at(p))
            expect(v.at(-1)).toBe(array.at(-1))
            expect(v.slice(p, q)).toEqual(array.slice(p, q))
            expect(v.slice(p)).toEqual(array.slice(p))
            const m = array[Math.abs(p) % Math.max(1, array.length)]
            if (m) {
              expect(v.get(m.conversation_message_uuid!)).toBe(m)
              const t = m.message_epoch!
              expect(v.inMillisecond(t)).toEqual(array.filter((x) => x.message_epoch === t))
              expect(v.serverCountThrough(t)).toBe(array.filter((x) => x.message_epoch! <= t).length)
            }
            expect(v.serverCount).toBe(array.length)
          }
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('removeMessages', () => {
  it('removes by uuid or by client_message_id, leaving older versions intact', () => {
    const pending: ConversationMessage = { client_message_id: 'cm', body: 'hi', message_epoch: 5 }
    const v1 = createMessageList([msg('a', 1), pending, msg('b', 9)])
    const { list, removed } = removeMessages(v1, ['cm', 'a', 'nope'])
    expect(uuids(list)).toEqual(['b'])
    expect(removed).toEqual([pending, msg('a', 1)])
    expect(list.getByClientMessageId('cm')).toBeUndefined()
    expect(uuids(v1)).toEqual(['a', 'pending:cm', 'b'])
    expect(removeMessages(list, ['zzz']).list).toBe(list)
    // The same message can come back later.
    expect(uuids(mergeMessages(list, [pending]).list)).toEqual(['pending:cm', 'b'])
  })
})

describe('transport statuses only move forward (issue 11 point 6)', () => {
  const statuses = fc.constantFrom(
    'accepted',
    'scheduled',
    'queued',
    'sending',
    'sent',
    'read',
    'SENT_TO_TWILIO',
    'TWILIO_ERROR',
    'SENT_TO_PINPOINT',
    'PINPOINT_ERROR',
    'TWILIO_CREDENTIALS_MISSING',
    'something new',
  ) as fc.Arbitrary<ConversationMessageTransportStatusValue>
  const copy = fc
    .uniqueArray(
      fc.record({ conversation_participant_arn: fc.constantFrom('a', 'b', 'c'), status: statuses }),
      {
        maxLength: 3,
        selector: (s) => s.conversation_participant_arn,
      },
    )
    .map(
      (transport_statuses): ConversationMessage => ({
        conversation_message_uuid: 'u1',
        message_epoch: 5,
        body: 'x',
        transport_statuses,
      }),
    )
  const byArn = (m: ConversationMessage | undefined) =>
    Object.fromEntries((m?.transport_statuses ?? []).map((s) => [s.conversation_participant_arn, s.status]))

  it('a late updated message never moves read back to sent', () => {
    const read = {
      conversation_message_uuid: 'u1',
      message_epoch: 5,
      transport_statuses: [{ conversation_participant_arn: 'a', status: 'read' as const }],
    }
    const late = {
      ...read,
      transport_statuses: [{ conversation_participant_arn: 'a', status: 'sent' as const }],
    }
    const list = createMessageList([read])
    const result = mergeMessages(list, [late])
    expect(result.list).toBe(list)
    expect(result.updated).toEqual([])
    expect(result.list.get('u1')!.transport_statuses).toEqual([
      { conversation_participant_arn: 'a', status: 'read' },
    ])
    // Forward still works, per participant.
    const next = mergeMessages(list, [
      { ...read, transport_statuses: [{ conversation_participant_arn: 'b', status: 'sent' as const }] },
    ]).list
    expect(byArn(next.get('u1'))).toEqual({ a: 'read', b: 'sent' })
  })

  it('ranks the provider statuses between sending and sent, and a delivery survives a later error', () => {
    expect(transportStatusRank('sending')).toBeLessThan(transportStatusRank('SENT_TO_TWILIO'))
    expect(transportStatusRank('SENT_TO_TWILIO')).toBeLessThan(transportStatusRank('TWILIO_ERROR'))
    expect(transportStatusRank('TWILIO_ERROR')).toBeLessThan(transportStatusRank('sent'))
    expect(transportStatusRank('nonsense')).toBe(0)
  })

  it('per participant the furthest status wins, whatever the order and batching of the copies (property)', () => {
    fc.assert(
      fc.property(fc.array(copy, { minLength: 1, maxLength: 6 }), fc.nat(), (copies, seed) => {
        const forward = createMessageList(copies)
        const shuffled = [...copies].sort(
          (a, b) => ((seed * 31 + copies.indexOf(a)) % 7) - ((seed * 31 + copies.indexOf(b)) % 7),
        )
        let stepwise = createMessageList()
        for (const c of shuffled) stepwise = mergeMessages(stepwise, [c]).list
        expect(byArn(stepwise.get('u1'))).toEqual(byArn(forward.get('u1')))
        // Each participant's status is the furthest any copy gave it.
        for (const [arn, status] of Object.entries(byArn(forward.get('u1')))) {
          const best = Math.max(
            ...copies.flatMap((c) =>
              (c.transport_statuses ?? [])
                .filter((s) => s.conversation_participant_arn === arn)
                .map((s) => transportStatusRank(s.status)),
            ),
          )
          expect(transportStatusRank(status)).toBe(best)
        }
        // Merging any copy again changes nothing.
        for (const c of copies) expect(mergeMessages(forward, [c]).list).toBe(forward)
      }),
      { numRuns: 500 },
    )
  })
})
