import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  advanceCatchUp,
  type CatchUpCursor,
  type CatchUpWarning,
  type ConversationMessage,
  startCatchUp,
} from '../src'

type Reading = 'inclusive' | 'exclusive'

/**
 * A model of `getConversationMessages`: messages from `since` on (`>=` or `>`) in ascending epoch order (ties
 * in storage order), at most `limit`. `sortKey` is the epoch the server stores; `wire` what it sends (hostile
 * servers send a string, nothing, or the number itself).
 */
const modelServer = (stored: { uuid: string; sortKey: number; wire: unknown }[], reading: Reading) => {
  const sorted = stored.map((m, i) => ({ ...m, i })).sort((a, b) => a.sortKey - b.sortKey || a.i - b.i)
  let requests = 0
  return {
    get requests() {
      return requests
    },
    page(since: number, limit: number): ConversationMessage[] {
      requests++
      if (!(Number.isSafeInteger(since) && since >= 0)) throw new Error(`core would refuse since=${since}`)
      if (!(Number.isSafeInteger(limit) && limit >= 1 && limit <= 200)) throw new Error(`bad limit ${limit}`)
      return sorted
        .filter((m) => (reading === 'inclusive' ? m.sortKey >= since : m.sortKey > since))
        .slice(0, limit)
        .map((m) => ({ conversation_message_uuid: m.uuid, message_epoch: m.wire as number }))
    },
  }
}

/** Runs a whole catch-up the way a stream does; gives up (and fails) after `bound` requests. */
const runCatchUp = (
  server: ReturnType<typeof modelServer>,
  from: number | undefined,
  pageSize: number,
  bound: number,
  maxPageSize?: number,
) => {
  let cursor: CatchUpCursor = startCatchUp(from, { pageSize, maxPageSize })
  const delivered = new Set<string>()
  const warnings: CatchUpWarning[] = []
  while (!cursor.done) {
    if (cursor.requests >= bound) throw new Error(`no end after ${bound} requests`)
    const page = server.page(cursor.since, cursor.limit)
    for (const m of page) delivered.add(m.conversation_message_uuid!)
    const step = advanceCatchUp(cursor, page)
    if (step.warning) warnings.push(step.warning)
    cursor = step.cursor
  }
  return { delivered, warnings, cursor }
}

describe('catch-up cursor: the two reported reproductions', () => {
  const equalEpochs = (n: number, epoch = 1_736_150_400_000) =>
    Array.from({ length: n }, (_, i) => ({ uuid: `m${i}`, sortKey: epoch, wire: epoch }))

  it('an inclusive server and a full page of equal epochs: ends, everything delivered (was 1,932 requests)', () => {
    const server = modelServer(
      [...equalEpochs(8), { uuid: 'later', sortKey: 1_736_150_400_001, wire: 1_736_150_400_001 }],
      'inclusive',
    )
    const { delivered, warnings, cursor } = runCatchUp(server, 0, 5, 50)
    expect(delivered.size).toBe(9)
    expect(warnings).toEqual([])
    expect(cursor.requests).toBeLessThanOrEqual(4)
  })

  it('an exclusive server, 8 messages in one millisecond, pageSize 5: none skipped (was 2 of 8)', () => {
    const server = modelServer(equalEpochs(8), 'exclusive')
    const { delivered, warnings } = runCatchUp(server, 0, 5, 50)
    expect(delivered.size).toBe(8)
    expect(warnings).toEqual([])
  })

  it('more messages in one millisecond than the largest page: a typed warning, under either reading', () => {
    for (const reading of ['inclusive', 'exclusive'] as const) {
      const server = modelServer(
        [...equalEpochs(7, 5_000), { uuid: 'after', sortKey: 6_000, wire: 6_000 }],
        reading,
      )
      const { delivered, warnings } = runCatchUp(server, 0, 2, 50, 5)
      expect(warnings).toEqual([{ kind: 'epoch-overflow', epoch: 5_000, limit: 5 }])
      expect(delivered.has('after')).toBe(true)
      expect(delivered.size).toBeGreaterThanOrEqual(6)
    }
  })

  it('since is always a safe integer, whatever numbers the server sends', () => {
    for (const wire of [1_736_150_400_000.5, 1e20, -5, Number.NaN, undefined, '1736150400000', 1e308]) {
      const stored = Array.from({ length: 12 }, (_, i) => ({ uuid: `m${i}`, sortKey: 1000 + i, wire }))
      stored.push(
        ...Array.from({ length: 12 }, (_, i) => ({ uuid: `n${i}`, sortKey: 2000 + i, wire: 2000 + i })),
      )
      for (const reading of ['inclusive', 'exclusive'] as const) {
        const server = modelServer(stored, reading)
        // The model server throws on any since core would refuse.
        expect(() => runCatchUp(server, 0, 5, 200)).not.toThrow()
      }
    }
  })

  it('a server that ignores since stops with no-progress instead of paging forever', () => {
    let requests = 0
    let cursor = startCatchUp(100, { pageSize: 3 })
    const warnings: CatchUpWarning[] = []
    while (!cursor.done && requests < 100) {
      requests++
      const step = advanceCatchUp(cursor, [{ message_epoch: 1 }, { message_epoch: 2 }, { message_epoch: 3 }])
      if (step.warning) warnings.push(step.warning)
      cursor = step.cursor
    }
    expect(cursor.done).toBe(true)
    expect(requests).toBeLessThan(5)
    expect(warnings[0]?.kind).toBe('no-progress')
  })

  it('starts one millisecond early so `from` itself is loaded under either reading', () => {
    expect(startCatchUp(1_000).since).toBe(999)
    expect(startCatchUp(1_000.5).since).toBe(1_000)
    for (const bad of [undefined, Number.NaN, -3, Number.POSITIVE_INFINITY, 0])
      expect(startCatchUp(bad as number).since).toBe(0)
    expect(startCatchUp(1e20).since).toBe(Number.MAX_SAFE_INTEGER)
  })
})

describe('catch-up cursor (property, against a model server in both readings)', () => {
  const epochPool = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 12 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 12 }).map((n) => n + 0.5) },
    { weight: 1, arbitrary: fc.constantFrom(1e20, Number.MAX_SAFE_INTEGER + 1, -4) },
  )
  const stored = fc
    .array(epochPool, { maxLength: 60 })
    .map((epochs) => epochs.map((e, i) => ({ uuid: `m${i}`, sortKey: e, wire: e as unknown })))

  it('terminates within a bound, delivers every reachable message, warns exactly when a millisecond overflows', () => {
    fc.assert(
      fc.property(
        stored,
        fc.constantFrom<Reading>('inclusive', 'exclusive'),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 13 }),
        (messages, reading, pageSize, extra, from) => {
          const maxPageSize = pageSize + extra - 1
          const server = modelServer(messages, reading)
          const bound = 3 * (messages.length + 2)
          const { delivered, warnings } = runCatchUp(server, from, pageSize, bound, maxPageSize)
          // Within one millisecond bucket, how many messages could compete for one page. Past the largest safe
          // integer `since` cannot be expressed at all: everything there is one bucket.
          const SAFE = Number.MAX_SAFE_INTEGER
          const near = (a: number, b: number) => Math.abs(a - b) <= 1 || (a >= SAFE && b >= SAFE)
          const crowd = (e: number) => messages.filter((m) => near(m.sortKey, e)).length
          const startSince = from > 0 ? Math.ceil(from) - 1 : 0
          for (const m of messages) {
            const reachable =
              m.sortKey >= from &&
              (reading === 'inclusive' ? m.sortKey >= startSince : m.sortKey > startSince)
            if (!reachable || delivered.has(m.uuid)) continue
            // A message may only be missing behind a reported overflow of its millisecond.
            const excuse = warnings.find((w) => near(w.epoch, m.sortKey))
            expect(excuse, `${m.uuid}@${m.sortKey} lost without a warning`).toBeDefined()
          }
          // No false alarm: a warning only where a millisecond really crowds the largest page.
          for (const w of warnings) expect(crowd(w.epoch)).toBeGreaterThanOrEqual(maxPageSize)
        },
      ),
      { numRuns: 2_000 },
    )
  })

  it('hostile wire numbers never loop, never throw, and keep since a safe integer', () => {
    const hostile = fc.oneof(
      fc.integer({ min: 0, max: 20 }),
      fc.double({ noNaN: false }),
      fc.constantFrom(undefined, null, '15', 1e20, -1, Number.MAX_VALUE),
    )
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), hostile), { maxLength: 40 }),
        fc.constantFrom<Reading>('inclusive', 'exclusive'),
        fc.integer({ min: 1, max: 6 }),
        (items, reading, pageSize) => {
          const server = modelServer(
            items.map(([sortKey, wire], i) => ({ uuid: `m${i}`, sortKey, wire })),
            reading,
          )
          const { cursor } = runCatchUp(server, 0, pageSize, 3 * (items.length + 2), 8)
          expect(cursor.done).toBe(true)
        },
      ),
      { numRuns: 1_000 },
    )
  })
})
