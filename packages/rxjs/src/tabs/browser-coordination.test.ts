import { ConversationValidationError } from '@uc-conversation/core'
import { asyncScheduler, type SchedulerLike } from 'rxjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeOrigin } from '../../test/fake-origin'
import { browserCoordination } from './browser-coordination'
import type { Coordination, CoordinationMessage, Leadership } from './coordination'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

type Origin = ReturnType<typeof fakeOrigin>

const open = (
  origin: Origin,
  id: string,
  mode: 'locks' | 'lease',
  storage = true,
  scheduler?: SchedulerLike,
) => {
  const tab = origin.tab(id)
  const coordination = browserCoordination({
    name: 'agent-1',
    id,
    locks: mode === 'locks' ? tab.locks : false,
    BroadcastChannel: tab.BroadcastChannel,
    storage: storage ? origin.storage : false,
    random: () => 0,
    ...(scheduler ? { scheduler } : {}),
  })
  const seen: Leadership[] = []
  const messages: CoordinationMessage[] = []
  coordination.leadership$.subscribe((l) => seen.push(l))
  coordination.messages$.subscribe((m) => messages.push(m))
  return { coordination, seen, messages }
}

const leaders = (...tabs: { coordination: Coordination }[]) =>
  tabs.filter((t) => t.coordination.leadership.leader).map((t) => t.coordination.id)

describe.each(['locks', 'lease'] as const)('browserCoordination (%s)', (mode) => {
  it('elects one leader among three tabs, and every follower knows it and its term', async () => {
    const origin = fakeOrigin()
    const a = open(origin, 'a', mode)
    await vi.advanceTimersByTimeAsync(2000)
    const b = open(origin, 'b', mode)
    const c = open(origin, 'c', mode)
    await vi.advanceTimersByTimeAsync(3000)
    expect(leaders(a, b, c)).toEqual(['a'])
    expect(b.coordination.leadership).toMatchObject({ leader: false, leaderId: 'a', alive: true, term: 1 })
    expect(c.coordination.leadership).toMatchObject({ leader: false, leaderId: 'a', alive: true, term: 1 })
    a.coordination.publish({ hi: 1 })
    await vi.advanceTimersByTimeAsync(1)
    expect(b.messages).toEqual([{ from: 'a', term: 1, lead: true, body: { hi: 1 } }])
    expect(a.messages).toEqual([])
    for (const t of [a, b, c]) t.coordination.close()
  })

  it('hands over within 2 s when the leader closes, with a greater term', async () => {
    const origin = fakeOrigin()
    const a = open(origin, 'a', mode)
    await vi.advanceTimersByTimeAsync(2000)
    const b = open(origin, 'b', mode)
    const c = open(origin, 'c', mode)
    await vi.advanceTimersByTimeAsync(2000)
    a.coordination.close()
    await vi.advanceTimersByTimeAsync(2000)
    expect(leaders(b, c)).toHaveLength(1)
    const next = leaders(b, c)[0]
    const follower = next === 'b' ? c : b
    const leader = next === 'b' ? b : c
    const term = leader.coordination.leadership.term
    expect(term).toBeGreaterThan(1)
    expect(follower.coordination.leadership).toMatchObject({
      leader: false,
      leaderId: next,
      alive: true,
      term,
    })
    b.coordination.close()
    c.coordination.close()
  })

  it('takes over within 2 s from a leader that crashed (no resignation)', async () => {
    const origin = fakeOrigin()
    const a = open(origin, 'a', mode)
    await vi.advanceTimersByTimeAsync(2000)
    const b = open(origin, 'b', mode)
    await vi.advanceTimersByTimeAsync(2000)
    origin.crash('a')
    // The watchdog keeps running in the fake after the crash: stop it as the browser would.
    a.coordination.close()
    await vi.advanceTimersByTimeAsync(2000)
    expect(b.coordination.leadership).toMatchObject({ leader: true, term: 2 })
    b.coordination.close()
  })

  it('takes over within 2 s from a frozen leader, which steps down and is refused when it wakes', async () => {
    const origin = fakeOrigin()
    const a = open(origin, 'a', mode)
    await vi.advanceTimersByTimeAsync(2000)
    const b = open(origin, 'b', mode)
    await vi.advanceTimersByTimeAsync(2000)
    expect(a.coordination.holds(1)).toBe(true)
    origin.cut('a')
    await vi.advanceTimersByTimeAsync(500)
    expect(b.coordination.leadership.alive).toBe(true)
    await vi.advanceTimersByTimeAsync(1500)
    // While the leader is silent the follower does not call it alive; by 2 s it leads.
    expect(b.seen.some((l) => !l.alive)).toBe(true)
    expect(b.coordination.leadership).toMatchObject({ leader: true, term: 2, alive: true })
    expect(a.coordination.holds(1)).toBe(false)
    origin.join('a')
    await vi.advanceTimersByTimeAsync(1000)
    expect(leaders(a, b)).toEqual(['b'])
    expect(a.coordination.leadership).toMatchObject({ leader: false, leaderId: 'b', term: 2, alive: true })
    a.coordination.close()
    b.coordination.close()
  })

  it('keeps a leader whose timers are throttled (a hidden tab) but which answers a probe', async () => {
    const origin = fakeOrigin()
    // Every timer of tab a fires at most every 5 s, as in a background tab; its messages are not throttled.
    const throttled: SchedulerLike = {
      now: () => Date.now(),
      schedule: (work, delay, state) =>
        asyncScheduler.schedule(work as () => void, Math.max(delay ?? 0, 5000), state),
    }
    const a = open(origin, 'a', mode, true, throttled)
    await vi.advanceTimersByTimeAsync(12_000)
    expect(a.coordination.leadership.leader).toBe(true)
    const b = open(origin, 'b', mode)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(leaders(a, b)).toEqual(['a'])
    expect(b.seen.every((l) => !l.leader)).toBe(true)
    a.coordination.close()
    b.coordination.close()
  })

  it('a leader whose page is going (pagehide) resigns: another tab leads at once; the listener is removed', async () => {
    const origin = fakeOrigin()
    const listeners = new Set<(event: { persisted?: boolean }) => void>()
    const page = {
      addEventListener: (_: 'pagehide', l: (event: { persisted?: boolean }) => void) => void listeners.add(l),
      removeEventListener: (_: 'pagehide', l: (event: { persisted?: boolean }) => void) =>
        void listeners.delete(l),
    }
    const tab = origin.tab('a')
    const a = browserCoordination({
      name: 'agent-1',
      id: 'a',
      locks: mode === 'locks' ? tab.locks : false,
      BroadcastChannel: tab.BroadcastChannel,
      storage: origin.storage,
      random: () => 0,
      page,
    })
    await vi.advanceTimersByTimeAsync(2000)
    const b = open(origin, 'b', mode)
    await vi.advanceTimersByTimeAsync(1000)
    expect(a.leadership.leader).toBe(true)
    expect(listeners.size).toBe(1)
    for (const l of [...listeners]) l({ persisted: true }) // kept for the back button: stays
    expect(a.leadership.leader).toBe(true)
    for (const l of [...listeners]) l({ persisted: false })
    expect(listeners.size).toBe(0)
    // Well inside the lease (1 s): only the resignation can have made b lead this soon.
    await vi.advanceTimersByTimeAsync(700)
    expect(b.coordination.leadership.leader).toBe(true)
    b.coordination.close()
  })

  it('releases every lock, channel, listener and timer on close', async () => {
    const origin = fakeOrigin()
    const a = open(origin, 'a', mode)
    const b = open(origin, 'b', mode)
    await vi.advanceTimersByTimeAsync(3000)
    a.coordination.close()
    b.coordination.close()
    await vi.advanceTimersByTimeAsync(3000)
    expect(origin.channels.size).toBe(0)
    expect(origin.listeners()).toBe(0)
    expect(origin.held.size).toBe(0)
    expect(origin.waiting.size === 0 || [...origin.waiting.values()].every((q) => q.length === 0)).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
    expect(a.seen.at(-1)).toBeDefined()
    let completed = false
    a.coordination.leadership$.subscribe({ complete: () => (completed = true) })
    expect(completed).toBe(true)
  })
})

describe('browserCoordination split-brain', () => {
  it('two leaders of a partition: when it heals the lower term steps down and its messages are refused', async () => {
    const origin = fakeOrigin()
    const a = open(origin, 'a', 'lease', false)
    await vi.advanceTimersByTimeAsync(2000)
    const b = open(origin, 'b', 'lease', false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(leaders(a, b)).toEqual(['a'])
    origin.cut('a')
    await vi.advanceTimersByTimeAsync(2500)
    // Both believe they lead for a moment: a under term 1, b under term 2.
    expect(leaders(a, b)).toEqual(['a', 'b'])
    expect(b.coordination.holds(2)).toBe(true)
    a.coordination.publish('from a, stale')
    origin.join('a')
    await vi.advanceTimersByTimeAsync(1000)
    expect(leaders(a, b)).toEqual(['b'])
    expect(a.coordination.holds(1)).toBe(false)
    expect(a.coordination.leadership).toMatchObject({ leader: false, leaderId: 'b', term: 2 })
    expect(b.messages.map((m) => m.body)).not.toContain('from a, stale')
    a.coordination.close()
    b.coordination.close()
  })

  it('two tabs claiming the same moment end with one leader (ties broken by id)', async () => {
    const origin = fakeOrigin()
    const a = open(origin, 'a', 'lease', false)
    const b = open(origin, 'b', 'lease', false)
    await vi.advanceTimersByTimeAsync(3000)
    expect(leaders(a, b)).toHaveLength(1)
    a.coordination.close()
    b.coordination.close()
  })

  it('refuses bad options by field before anything opens', () => {
    const origin = fakeOrigin()
    const tab = origin.tab('x')
    expect(() => browserCoordination({ name: '', BroadcastChannel: tab.BroadcastChannel })).toThrow(
      ConversationValidationError,
    )
    expect(() =>
      browserCoordination({
        name: 'n',
        BroadcastChannel: tab.BroadcastChannel,
        leaseMs: 100,
        heartbeatMs: 200,
      }),
    ).toThrow(/leaseMs/)
    expect(origin.channels.size).toBe(0)
  })
})
