import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createLiveState,
  isLiveBehind,
  type LiveRules,
  type LiveState,
  liveFrame,
  liveLoaded,
  liveLoadFailed,
  liveLoadStarted,
  MAX_LIVE_PENDING,
} from '../src'

/**
 * A model collection: records that are never removed, only marked gone (as participants get `left_dts`), each
 * with the server's version. A frame carries one record and the server's count of present records after it.
 */
type Rec = { key: string; version: number; gone: boolean }
type Value = ReadonlyMap<string, Rec>
type Frame = { rec: Rec; present: number; seq: number }
type Evidence = { present: number; seq: number }

const presentOf = (v: Value) => [...v.values()].filter((r) => !r.gone).length

const rules: LiveRules<Value, Frame, Evidence> = {
  apply(value, { rec }) {
    const known = value.get(rec.key)
    if (known && known.version >= rec.version) return value
    return new Map(value).set(rec.key, rec)
  },
  evidence: (value, frame) =>
    presentOf(value) === frame.present ? [] : [{ present: frame.present, seq: frame.seq }],
  lacks: (value, e) => presentOf(value) !== e.present,
  key: (e) => String(e.seq),
}

const same = (a: Value | undefined, b: Value) =>
  a !== undefined &&
  a.size === b.size &&
  [...b].every(([k, r]) => JSON.stringify(a.get(k)) === JSON.stringify(r))

type Op =
  | { op: 'event'; key: number; gone: boolean }
  | { op: 'deliver'; pick: number; duplicate: boolean }
  | { op: 'lose'; pick: number }
  | { op: 'load' }
  | { op: 'answer'; readNow: boolean }
  | { op: 'fail' }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('event' as const), key: fc.nat(4), gone: fc.boolean() }),
  fc.record({ op: fc.constant('deliver' as const), pick: fc.nat(), duplicate: fc.boolean() }),
  fc.record({ op: fc.constant('lose' as const), pick: fc.nat() }),
  fc.constant({ op: 'load' as const }),
  fc.record({ op: fc.constant('answer' as const), readNow: fc.boolean() }),
  fc.constant({ op: 'fail' as const }),
)

/** Runs a script against a model server; frames travel a channel that loses, duplicates and reorders them. */
function run(ops: readonly Op[]) {
  const server = new Map<string, Rec>()
  let version = 0
  let seq = 0
  let channel: Frame[] = []
  let state: LiveState<Value, Frame, Evidence> = createLiveState()
  let loading: { read: Value | undefined } | undefined
  const snapshot = (): Value => new Map(server)
  for (const o of ops) {
    switch (o.op) {
      case 'event': {
        const rec = { key: `k${o.key}`, version: ++version, gone: o.gone }
        server.set(rec.key, rec)
        channel.push({ rec, present: presentOf(server), seq: ++seq })
        break
      }
      case 'deliver': {
        if (!channel.length) break
        const i = o.pick % channel.length
        const frame = channel[i]!
        if (!o.duplicate) channel = channel.filter((_, j) => j !== i)
        state = liveFrame(state, frame, rules)
        // The server's own count disagrees with what the value holds: the state must know it may be behind.
        if (
          state.value !== undefined &&
          presentOf(state.value) !== frame.present &&
          !state.exhausted.includes(String(frame.seq))
        )
          expect(isLiveBehind(state)).toBe(true)
        break
      }
      case 'lose':
        if (channel.length) channel.splice(o.pick % channel.length, 1)
        break
      case 'load':
        if (loading) break
        state = liveLoadStarted(state)
        loading = { read: undefined }
        break
      case 'answer':
        if (!loading) break
        // The server reads its state at some instant after the load started: now, or at the start.
        loading.read ??= snapshot()
        if (!o.readNow) {
          state = liveLoaded(state, loading.read, rules)
          loading = undefined
        }
        break
      case 'fail':
        if (!loading) break
        state = liveLoadFailed(state)
        loading = undefined
        break
    }
  }
  return { server, state, channel, loading, snapshot }
}

describe('live state (core): any interleaving of lost, duplicated and reordered frames plus REST answers', () => {
  it('converges to the server after an answer that started after the last event, whatever frames it overlaps', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), fc.array(fc.nat(), { maxLength: 10 }), (ops, late) => {
        const r = run(ops)
        let state = r.state
        if (r.loading) state = liveLoadFailed(state)
        // The final load starts after the last event; old, duplicated and reordered frames still arrive during it.
        state = liveLoadStarted(state)
        for (const pick of late)
          if (r.channel.length) state = liveFrame(state, r.channel[pick % r.channel.length]!, rules)
        state = liveLoaded(state, r.snapshot(), rules)
        expect(same(state.value, r.server)).toBe(true)
        // Evidence heard during that load may be about a past the answer cannot be told from: at most one more
        // load (with nothing new heard) settles it, and then nothing is left behind.
        if (isLiveBehind(state)) state = liveLoaded(liveLoadStarted(state), r.snapshot(), rules)
        expect(same(state.value, r.server)).toBe(true)
        expect(isLiveBehind(state)).toBe(false)
      }),
      { numRuns: 500 },
    )
  })

  it('a frame applied twice changes nothing more than once, and order does not matter (idempotent rules)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.nat(3), version: fc.nat(20), gone: fc.boolean() })),
        (recs) => {
          const frames = recs.map((r, i) => ({ rec: { ...r, key: `k${r.key}` }, present: 0, seq: i }))
          const once = frames.reduce(rules.apply, new Map() as Value)
          const twice = [...frames, ...frames].reduce(rules.apply, new Map() as Value)
          const reversed = [...frames].reverse().reduce(rules.apply, new Map() as Value)
          // Versions are unique per key on a real server; equal versions keep the first, so compare versions only.
          const versions = (v: Value) => [...v].map(([k, r]) => `${k}:${r.version}`).sort()
          expect(versions(twice)).toEqual(versions(once))
          expect(versions(reversed)).toEqual(versions(once))
        },
      ),
    )
  })

  it('knows it may be behind from the evidence until a load that started after it answers', () => {
    const value: Value = new Map([['a', { key: 'a', version: 1, gone: false }]])
    let s = liveLoaded(liveLoadStarted(createLiveState<Value, Frame, Evidence>()), value, rules)
    expect(isLiveBehind(s)).toBe(false)
    // b joined (frame lost), then a's update says two are present: behind.
    s = liveFrame(s, { rec: { key: 'a', version: 3, gone: false }, present: 2, seq: 3 }, rules)
    expect(isLiveBehind(s)).toBe(true)
    // A load that fails leaves it behind; one that answers settles it.
    s = liveLoadFailed(liveLoadStarted(s))
    expect(isLiveBehind(s)).toBe(true)
    s = liveLoadStarted(s)
    expect(isLiveBehind(s)).toBe(true)
    const server: Value = new Map([
      ['a', { key: 'a', version: 3, gone: false }],
      ['b', { key: 'b', version: 2, gone: false }],
    ])
    s = liveLoaded(s, server, rules)
    expect(isLiveBehind(s)).toBe(false)
    expect(same(s.value, server)).toBe(true)
  })

  it('the server’s answer beats remembered versions (a server clock stepped back)', () => {
    const s0 = liveLoaded(
      liveLoadStarted(createLiveState<Value, Frame, Evidence>()),
      new Map([['a', { key: 'a', version: 100, gone: true }]]),
      rules,
    )
    // The server now numbers lower (its clock stepped back) and lists a as present again.
    const answer: Value = new Map([['a', { key: 'a', version: 40, gone: false }]])
    const s1 = liveLoaded(liveLoadStarted(s0), answer, rules)
    expect(s1.value?.get('a')?.gone).toBe(false)
  })

  it('evidence a load could not satisfy does not ask again (keyed); without a key every piece asks', () => {
    const value: Value = new Map()
    let s = liveLoaded(liveLoadStarted(createLiveState<Value, Frame, Evidence>()), value, rules)
    const frame: Frame = { rec: { key: 'x', version: 1, gone: true }, present: 5, seq: 9 }
    s = liveFrame(s, frame, rules)
    expect(isLiveBehind(s)).toBe(true)
    // The server itself answers with no one present: the count was never going to match.
    s = liveLoaded(liveLoadStarted(s), new Map([['x', frame.rec]]), rules)
    expect(isLiveBehind(s)).toBe(false)
    expect(isLiveBehind(liveFrame(s, frame, rules))).toBe(false)
    const unkeyed = { ...rules, key: () => undefined }
    expect(isLiveBehind(liveFrame(s, frame, unkeyed))).toBe(true)
  })

  it('bounds pending evidence and keeps knowing it is behind beyond the bound', () => {
    let s = liveLoaded(liveLoadStarted(createLiveState<Value, Frame, Evidence>()), new Map() as Value, rules)
    for (let i = 0; i < MAX_LIVE_PENDING + 5; i++)
      s = liveFrame(s, { rec: { key: 'x', version: i + 1, gone: true }, present: 1, seq: i }, rules)
    expect(s.pending.length).toBe(MAX_LIVE_PENDING)
    s = liveLoadFailed(liveLoadStarted(s))
    expect(s.pending.length).toBe(MAX_LIVE_PENDING)
    expect(isLiveBehind(s)).toBe(true)
    s = liveLoaded(liveLoadStarted(s), new Map([['y', { key: 'y', version: 1, gone: false }]]), rules)
    expect(isLiveBehind(s)).toBe(false)
  })

  it('frames before the first answer are kept and applied over it', () => {
    let s = liveLoadStarted(createLiveState<Value, Frame, Evidence>())
    const rec = { key: 'late', version: 7, gone: false }
    s = liveFrame(s, { rec, present: 1, seq: 1 }, rules)
    expect(s.value).toBeUndefined()
    s = liveLoaded(s, new Map(), rules)
    expect(s.value?.get('late')).toEqual(rec)
  })
})
