import { InfiniteQueryObserver } from '@tanstack/react-query'
import type { ConversationWebsocketFrame } from '@uc-conversation/core'
import type { AgentSocket, AgentSocketState } from '@uc-conversation/rxjs'
import { BehaviorSubject, Subject } from 'rxjs'
import { afterEach, describe, expect, it } from 'vitest'
import { conversationQueries, flattenConversations } from '../src'
import { retainConversationCacheSync } from '../src/conversation-cache-sync'
import { createHarness, type Harness, LIST } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

/** A socket whose opens the test decides: the order of list load and socket open is the point here. */
function scriptedSocket() {
  const state$ = new BehaviorSubject<AgentSocketState>({
    status: 'connecting',
    attempt: 0,
  } as AgentSocketState)
  const frames$ = new Subject<ConversationWebsocketFrame>()
  const socket = {
    state$,
    frames$,
    get state() {
      return state$.value
    },
  } as unknown as AgentSocket
  const open = (connection: number) =>
    state$.next({ status: 'open', connection, openedAt: Date.now() } as AgentSocketState)
  return { socket, open, frames$ }
}

describe('list cache sync and socket opens', () => {
  it('reloads a list loaded before the first open: a customer who arrived in between is not missed', async () => {
    h = createHarness({ socket: false })
    const { socket, open, frames$ } = scriptedSocket()
    const release = retainConversationCacheSync(h.queryClient, socket)
    const observer = new InfiniteQueryObserver(h.queryClient, conversationQueries.list(h.client))
    const stop = observer.subscribe(() => {})
    const loaded = () => flattenConversations(observer.getCurrentResult().data)
    await expect.poll(() => observer.getCurrentResult().isSuccess).toBe(true)
    expect(loaded()).toHaveLength(0)
    // Arrives after the list was read and before the socket is open: no event will ever tell of it.
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    open(1)
    await expect.poll(() => loaded().map((c) => c.conversation_uuid)).toEqual([conversationUuid])
    expect(h.count(LIST)).toBe(2)
    stop()
    release()
    expect(frames$.observed).toBe(false)
  })

  it('does not reload for the state replayed when it starts on a socket already open', async () => {
    h = createHarness({ socket: false })
    const { socket, open } = scriptedSocket()
    open(1)
    const observer = new InfiniteQueryObserver(h.queryClient, conversationQueries.list(h.client))
    const stop = observer.subscribe(() => {})
    await expect.poll(() => observer.getCurrentResult().isSuccess).toBe(true)
    const release = retainConversationCacheSync(h.queryClient, socket)
    // An invalidation would have started the refetch synchronously.
    expect(h.queryClient.isFetching()).toBe(0)
    expect(h.count(LIST)).toBe(1)
    // A reopen still reloads: events may have been lost while it was down.
    open(2)
    await expect.poll(() => h.count(LIST)).toBe(2)
    stop()
    release()
  })
})
