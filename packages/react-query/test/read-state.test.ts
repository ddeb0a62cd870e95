import { InfiniteQueryObserver, QueryObserver } from '@tanstack/react-query'
import type { ConversationSummary, ConversationWebsocketFrame } from '@uc-conversation/core'
import type { AgentSocket, AgentSocketState } from '@uc-conversation/rxjs'
import { BehaviorSubject, Subject } from 'rxjs'
import { afterEach, describe, expect, it } from 'vitest'
import { conversationKeys, conversationQueries, flattenConversations } from '../src'
import { retainConversationCacheSync } from '../src/conversation-cache-sync'
import { writeConversationSummary } from '../src/conversation-mutations'
import { createHarness, type Harness, LIST } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

/** A socket whose frames and opens the test decides. */
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

const participantUpdate = (summary: ConversationSummary): ConversationWebsocketFrame =>
  ({
    type: 'event',
    event_type: 'participant update',
    conversation_uuid: summary.conversation_uuid,
    event_participant_update: summary,
  }) as ConversationWebsocketFrame

describe('read state in the cache only moves forward', () => {
  it('after reading, an unread event about the same message, a reload and a reopen never bring the marker back', async () => {
    h = createHarness({ socket: false })
    const { socket, open, frames$ } = scriptedSocket()
    open(1)
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    const release = retainConversationCacheSync(h.queryClient, socket)
    const list = new InfiniteQueryObserver(h.queryClient, conversationQueries.list(h.client))
    const detail = new QueryObserver(h.queryClient, conversationQueries.detail(h.client, conversationUuid))
    const stops = [list.subscribe(() => {}), detail.subscribe(() => {})]
    await expect
      .poll(() => list.getCurrentResult().isSuccess && detail.getCurrentResult().isSuccess)
      .toBe(true)
    const row = () => flattenConversations(list.getCurrentResult().data)[0]!
    expect(row().unread_messages).toBe(true)
    const known = row()

    // What useMarkRead writes once its read frame went out (the server is not told here: it lags).
    writeConversationSummary(h.queryClient, { conversation_uuid: conversationUuid, unread_messages: false })
    expect(row().unread_messages).toBe(false)
    expect(detail.getCurrentResult().data?.unread_messages).toBe(false)

    // A later event about the same last message still says unread.
    frames$.next(participantUpdate({ ...known, unread_messages: true }))
    expect(row().unread_messages).toBe(false)
    expect(detail.getCurrentResult().data?.unread_messages).toBe(false)

    // A reopen reloads the list from a server that has not taken in the read.
    open(2)
    await expect.poll(() => h.count(LIST)).toBe(2)
    await expect.poll(() => list.getCurrentResult().isFetching).toBe(false)
    expect(row().unread_messages).toBe(false)
    await h.queryClient.refetchQueries({ queryKey: conversationKeys.detail(conversationUuid) })
    expect(detail.getCurrentResult().data?.unread_messages).toBe(false)

    // A newer message makes it unread again.
    h.emulator.customers.say(conversationUuid, 'Still there?')
    const newer = (await h.client.getConversation(conversationUuid))!.conversation!
    const { messages: _m, ...summary } = newer
    frames$.next({
      type: 'event',
      event_type: 'new message',
      conversation_uuid: conversationUuid,
      event_new_message: { ...summary, unread_messages: true },
    } as ConversationWebsocketFrame)
    expect(row()).toMatchObject({ unread_messages: true, last_message_dts: newer.last_message_dts })
    for (const stop of stops) stop()
    release()
  })

  it('a closed conversation has no unread marker, and a reload does not reopen it', async () => {
    h = createHarness({ socket: false })
    const { socket, open, frames$ } = scriptedSocket()
    open(1)
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    const release = retainConversationCacheSync(h.queryClient, socket)
    const list = new InfiniteQueryObserver(h.queryClient, conversationQueries.list(h.client))
    const stop = list.subscribe(() => {})
    await expect.poll(() => list.getCurrentResult().isSuccess).toBe(true)
    const row = () => flattenConversations(list.getCurrentResult().data)[0]!
    expect(row().unread_messages).toBe(true)
    frames$.next({
      type: 'event',
      event_type: 'conversation closed',
      conversation_uuid: conversationUuid,
      event_conversation_closed: { conversation_uuid: conversationUuid, closed: true },
    } as ConversationWebsocketFrame)
    expect(row()).toMatchObject({ closed: true, unread_messages: false })
    // The emulator still has it open and unread.
    open(2)
    await expect.poll(() => h.count(LIST)).toBe(2)
    await expect.poll(() => list.getCurrentResult().isFetching).toBe(false)
    expect(row()).toMatchObject({ closed: true, unread_messages: false })
    stop()
    release()
  })
})
