import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeOrigin } from '../../test/fake-origin'
import { fakeServer } from '../../test/fakes'
import { createAgentSession } from '../agent-session'
import type { ConversationMessagesState } from '../conversation-messages'
import { browserCoordination } from './browser-coordination'
import { shareAgentSession } from './share-agent-session'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** Tabs of one origin (in-memory channel, locks and storage), each with its own fake server behind its client. */
function tabsOf(origin: ReturnType<typeof fakeOrigin>) {
  return (id: string) => {
    const server = fakeServer()
    server.add('c1', { body: 'hello' })
    const globals = origin.tab(id)
    let created = 0
    const session = shareAgentSession({
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
