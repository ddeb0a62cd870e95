import { ConversationConfigError, ConversationValidationError } from '@uc-conversation/core'
import { Observable } from 'rxjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeOrigin } from '../../test/fake-origin'
import { fakeServer } from '../../test/fakes'
import { createAgentSession } from '../agent-session'
import type { ConversationMessagesState } from '../conversation-messages'
import { conversationParticipantsOf } from '../conversation-participants'
import { defineSessionCollection } from '../session-collection'
import { browserCoordination } from './browser-coordination'
import { shareAgentSession } from './share-agent-session'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** Tabs of one origin (in-memory channel, locks and storage), each with its own fake server behind its client. */
function tabsOf(origin: ReturnType<typeof fakeOrigin>, share = shareAgentSession) {
  return (id: string) => {
    const server = fakeServer()
    server.add('c1', { body: 'hello' })
    const globals = origin.tab(id)
    let created = 0
    const session = share({
      coordination: browserCoordination({
        name: 'agent',
        id,
        locks: globals.locks,
        BroadcastChannel: globals.BroadcastChannel,
        storage: origin.storage,
        random: () => 0,
      }),
      create: () => {
        created++
        return createAgentSession(server.client, { pollIntervalMs: 60_000 })
      },
    })
    return { session, server, created: () => created }
  }
}

describe('shareAgentSession (virtual time)', () => {
  it('a follower mirrors the leader’s stream and starts no session of its own; close releases every timer, channel, listener and lock', async () => {
    const origin = fakeOrigin()
    const open = tabsOf(origin)
    const a = open('a')
    await vi.advanceTimersByTimeAsync(1000)
    const b = open('b')
    const states: Record<string, ConversationMessagesState[]> = { a: [], b: [] }
    let completed = 0
    const subscriptions = [
      a.session.messages('c1').subscribe({ next: (s) => states.a!.push(s), complete: () => completed++ }),
      b.session.messages('c1').subscribe({ next: (s) => states.b!.push(s), complete: () => completed++ }),
    ]
    await vi.advanceTimersByTimeAsync(3000)
    expect(a.created()).toBe(1)
    expect(b.created()).toBe(0)
    expect(b.server.client.getConversationMessages).not.toHaveBeenCalled()
    expect(
      states
        .b!.at(-1)
        ?.list.toArray()
        .map((m) => m.body),
    ).toEqual(['hello'])
    expect(states.b!.at(-1)?.list.size).toBe(states.a!.at(-1)?.list.size)

    // The leader goes: b's own session takes over, seeded with what it mirrored, and its stream goes on.
    a.session.close()
    await vi.advanceTimersByTimeAsync(2000)
    expect(b.created()).toBe(1)
    expect(
      states
        .b!.at(-1)
        ?.list.toArray()
        .map((m) => m.body),
    ).toEqual(['hello'])
    b.session.close()
    await vi.advanceTimersByTimeAsync(5000)
    expect(completed).toBe(2)
    expect(subscriptions.every((s) => s.closed)).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
    expect(origin.channels.size).toBe(0)
    expect(origin.listeners()).toBe(0)
    expect(origin.held.size).toBe(0)
  })

  it('a follower whose leader froze shows its mirrored state stale until a leader speaks again', async () => {
    const origin = fakeOrigin()
    const open = tabsOf(origin)
    const a = open('a')
    await vi.advanceTimersByTimeAsync(1000)
    const b = open('b')
    const freshness: string[] = []
    b.session.messages('c1').subscribe((s) => freshness.push(s.freshness))
    await vi.advanceTimersByTimeAsync(3000)
    expect(freshness.at(-1)).not.toBe('stale')
    origin.cut('a')
    await vi.advanceTimersByTimeAsync(1300)
    expect(freshness).toContain('stale')
    a.session.close()
    b.session.close()
  })
})

describe('shareAgentSession: collections defined outside the session (virtual time)', () => {
  it('a follower mirrors a collection the leader runs for it by name, and the leader’s stream error reaches it typed', async () => {
    const runs: string[] = []
    const emit = new Map<string, (value: string) => void>()
    const echo = defineSessionCollection('test:echo', (context, id: string) => {
      runs.push(id)
      return new Observable<string>((subscriber) => {
        emit.set(id, (v) => subscriber.next(v))
        // The leader's client: the follower's stream runs in the leading tab.
        subscriber.next(`from ${context.client === a.server.client ? 'a' : 'elsewhere'}`)
      })
    })
    const origin = fakeOrigin()
    const open = tabsOf(origin)
    const a = open('a')
    await vi.advanceTimersByTimeAsync(1000)
    const b = open('b')
    const values: string[] = []
    b.session.collection(echo, 'k1').subscribe((v) => values.push(v))
    await vi.advanceTimersByTimeAsync(2000)
    expect(values).toEqual(['from a'])
    emit.get('k1')!('next')
    await vi.advanceTimersByTimeAsync(100)
    expect(values).toEqual(['from a', 'next'])
    expect(runs).toEqual(['k1'])
    expect(b.created()).toBe(0)

    // The leader's session has no socket: its participants stream fails, and so does the follower's (no hang).
    let failed: unknown
    const participants = conversationParticipantsOf(b.session, 'c1').subscribe({ error: (e) => (failed = e) })
    await vi.advanceTimersByTimeAsync(2000)
    expect(failed).toBeInstanceOf(ConversationValidationError)
    expect(failed).toMatchObject({ kind: 'validation', field: 'socket' })
    expect(participants.closed).toBe(true)
    a.session.close()
    b.session.close()
  })

  it('a follower whose leader froze shows a plug-in’s mirrored state stale (states with a freshness only)', async () => {
    const live = defineSessionCollection(
      'test:live',
      (_context, withFreshness: boolean) =>
        new Observable<object>((subscriber) => {
          subscriber.next(withFreshness ? { freshness: 'live', n: 1 } : { n: 1 })
        }),
    )
    const origin = fakeOrigin()
    const open = tabsOf(origin)
    const a = open('a')
    await vi.advanceTimersByTimeAsync(1000)
    const b = open('b')
    const states: { with: object[]; without: object[] } = { with: [], without: [] }
    b.session.collection(live, true).subscribe((s) => states.with.push(s))
    b.session.collection(live, false).subscribe((s) => states.without.push(s))
    await vi.advanceTimersByTimeAsync(3000)
    expect(states.with.at(-1)).toEqual({ freshness: 'live', n: 1 })
    origin.cut('a')
    await vi.advanceTimersByTimeAsync(1300)
    // (then b leads and runs it itself: live again)
    expect(states.with).toContainEqual({ freshness: 'stale', n: 1 })
    expect(states.without.every((s) => JSON.stringify(s) === '{"n":1}')).toBe(true)
    a.session.close()
    b.session.close()
  })

  it('a collection the leading tab has not loaded ends the follower’s stream with a config error naming it', async () => {
    // The leading tab's module graph is evaluated apart (its own registry), and never imports the participants
    // module: as a tab whose bundle did not load it.
    vi.resetModules()
    const leaderModule = await import('./share-agent-session')
    const origin = fakeOrigin()
    const a = tabsOf(origin, leaderModule.shareAgentSession)('a')
    await vi.advanceTimersByTimeAsync(1000)
    const b = tabsOf(origin)('b')
    let failed: unknown
    const states: unknown[] = []
    const participants = conversationParticipantsOf(b.session, 'c1').subscribe({
      next: (s) => states.push(s),
      error: (e) => (failed = e),
    })
    await vi.advanceTimersByTimeAsync(2000)
    expect(states).toEqual([])
    expect(failed).toBeInstanceOf(ConversationConfigError)
    expect(failed).toMatchObject({ kind: 'config' })
    expect((failed as Error).message).toMatch(/no session collection "participants"/)
    expect(participants.closed).toBe(true)

    // Asked again later (the leader still holds the ended stream or starts it anew): the same error, at once.
    let again: unknown
    conversationParticipantsOf(b.session, 'c1').subscribe({ error: (e) => (again = e) })
    await vi.advanceTimersByTimeAsync(2000)
    expect(again).toBeInstanceOf(ConversationConfigError)
    a.session.close()
    b.session.close()
    await vi.advanceTimersByTimeAsync(5000)
    expect(vi.getTimerCount()).toBe(0)
    expect(origin.channels.size).toBe(0)
    expect(origin.held.size).toBe(0)
  })
})
