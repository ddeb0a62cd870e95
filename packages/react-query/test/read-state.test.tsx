import { act, renderHook, waitFor } from '@testing-library/react'
import type {
  ConversationMessage,
  ConversationSummary,
  ConversationWebsocketFrame,
} from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import { conversationKeys, useConversation, useConversations, useMarkRead } from '../src'
import { shareConversationDetail, shareConversationPages } from '../src/conversation-list-cache'
import { writeConversationSummary } from '../src/conversation-mutations'
import { createHarness, type Harness, LIST, scriptedSocket, wrapperWith } from './harness'

let h: Harness
/** Lets TanStack deliver what was written (it notifies observers on a timer). */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 20)))
afterEach(async () => {
  await h?.close()
})

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
    const { socket, open, close, frames$ } = scriptedSocket()
    open(1)
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    const { result } = renderHook(
      () => ({ list: useConversations(), detail: useConversation(conversationUuid) }),
      { wrapper: wrapperWith(h, socket) },
    )
    await waitFor(() => expect(result.current.list.isSuccess && result.current.detail.isSuccess).toBe(true))
    const row = () => result.current.list.conversations[0]!
    expect(row().unread_messages).toBe(true)
    const known = row()

    // What useMarkRead writes once its read frame went out (the server is not told here: it lags).
    act(() =>
      writeConversationSummary(h.queryClient, {
        conversation_uuid: conversationUuid,
        unread_messages: false,
      }),
    )
    await settle()
    expect(row().unread_messages).toBe(false)
    expect(result.current.detail.data?.unread_messages).toBe(false)

    // A later event about the same last message still says unread.
    act(() => frames$.next(participantUpdate({ ...known, unread_messages: true })))
    await settle()
    expect(row().unread_messages).toBe(false)
    expect(result.current.detail.data?.unread_messages).toBe(false)

    // A reopen reloads the list from a server that has not taken in the read.
    close()
    open(2)
    await waitFor(() => expect(h.count(LIST)).toBe(2))
    await settle()
    expect(row().unread_messages).toBe(false)
    await act(() => h.queryClient.refetchQueries({ queryKey: conversationKeys.detail(conversationUuid) }))
    expect(result.current.detail.data?.unread_messages).toBe(false)

    // A newer message makes it unread again.
    h.emulator.customers.say(conversationUuid, 'Still there?')
    const newer = (await h.client.getConversation(conversationUuid))!.conversation!
    const { messages: _m, ...summary } = newer
    act(() =>
      frames$.next({
        type: 'event',
        event_type: 'new message',
        conversation_uuid: conversationUuid,
        event_new_message: { ...summary, unread_messages: true },
      } as ConversationWebsocketFrame),
    )
    await settle()
    expect(row()).toMatchObject({ unread_messages: true, last_message_dts: newer.last_message_dts })
    expect(result.current.detail.data?.unread_messages).toBe(true)
  })

  it('useMarkRead of a message the row has not heard of: its late summary does not bring the marker back', async () => {
    h = createHarness({ socket: false })
    const { socket, open, frames$ } = scriptedSocket()
    const sent: string[] = []
    Object.assign(socket, { send: (frame: string) => sent.push(frame) > 0 })
    open(1)
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    const { result, rerender } = renderHook(
      ({ read }: { read: ConversationMessage | undefined }) => {
        useMarkRead(conversationUuid, read)
        return useConversations()
      },
      {
        wrapper: wrapperWith(h, socket),
        initialProps: { read: undefined as ConversationMessage | undefined },
      },
    )
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    const row = () => result.current.conversations[0]!
    expect(row().unread_messages).toBe(true)

    // The customer writes again; the message reaches the agent's view, its summary event is still on its way.
    h.emulator.customers.say(conversationUuid, 'Anyone there?')
    const conversation = (await h.client.getConversation(conversationUuid))!.conversation!
    const { messages, ...lateSummary } = conversation
    const newest = messages!.at(-1)!
    expect(Date.parse(newest.message_dts!)).toBeGreaterThan(Date.parse(row().last_message_dts!))
    rerender({ read: newest })
    await waitFor(() => expect(sent).toHaveLength(1))
    await settle()
    expect(row().unread_messages).toBe(false)

    // The late `new message` event of that very message: still unread on the server, one more message counted.
    act(() =>
      frames$.next({
        type: 'event',
        event_type: 'new message',
        conversation_uuid: conversationUuid,
        event_new_message: { ...lateSummary, unread_messages: true },
      } as ConversationWebsocketFrame),
    )
    await settle()
    expect(row()).toMatchObject({
      unread_messages: false,
      message_count: lateSummary.message_count,
      last_conversation_message_body: 'Anyone there?',
    })
  })

  it('a closed conversation has no unread marker, and a reload does not reopen it', async () => {
    h = createHarness({ socket: false })
    const { socket, open, close, frames$ } = scriptedSocket()
    open(1)
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    const { result } = renderHook(() => useConversations(), { wrapper: wrapperWith(h, socket) })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    const row = () => result.current.conversations[0]!
    expect(row().unread_messages).toBe(true)
    act(() =>
      frames$.next({
        type: 'event',
        event_type: 'conversation closed',
        conversation_uuid: conversationUuid,
        event_conversation_closed: { conversation_uuid: conversationUuid, closed: true },
      } as ConversationWebsocketFrame),
    )
    await settle()
    expect(row()).toMatchObject({ closed: true, unread_messages: false })
    // The emulator still has it open and unread.
    close()
    open(2)
    await waitFor(() => expect(h.count(LIST)).toBe(2))
    await settle()
    expect(row()).toMatchObject({ closed: true, unread_messages: false })
  })

  it('a closed conversation loaded for the first time has no unread marker either', () => {
    const closed = { conversation_uuid: 'c1', closed: true, unread_messages: true }
    expect(shareConversationDetail(undefined, closed)).toMatchObject({ closed: true, unread_messages: false })
    const pages = {
      pages: [{ conversations: [closed, { conversation_uuid: 'c2', unread_messages: true }] }],
      pageParams: [0],
    }
    const shared = shareConversationPages(undefined, pages) as typeof pages
    expect(shared.pages[0]!.conversations[0]).toMatchObject({ unread_messages: false })
    expect(shared.pages[0]!.conversations[1]).toBe(pages.pages[0]!.conversations[1])
  })
})
