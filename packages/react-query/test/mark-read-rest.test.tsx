import { act, renderHook, waitFor } from '@testing-library/react'
import type { ConversationMessage } from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import { useConversations, useMarkRead } from '../src'
import { createHarness, type Harness, scriptedSocket, wrapperWith } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

const MARK_READ = /^PUT \/conversation\/conversations\/[^/]+\/markread$/

/** A customer waiting with one unread message, and that message as the agent's view holds it. */
async function unreadConversation(harness: Harness) {
  const { conversationUuid } = harness.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
  await harness.client.joinConversation(conversationUuid)
  harness.emulator.customers.say(conversationUuid, 'Anyone there?')
  const conversation = (await harness.client.getConversation(conversationUuid))!.conversation!
  return { conversationUuid, newest: conversation.messages!.at(-1)! }
}

const renderMarkRead = (
  wrapper: Harness['wrapper'],
  conversationUuid: string,
  read: ConversationMessage | undefined,
) =>
  renderHook(
    ({ message }: { message: ConversationMessage | undefined }) => {
      useMarkRead(conversationUuid, message)
      return useConversations()
    },
    { wrapper, initialProps: { message: read } },
  )

describe('useMarkRead over REST (markReadConversation)', () => {
  it('without a socket: marks the conversation read over REST once per newer message and clears the marker', async () => {
    h = createHarness({ socket: false })
    const { conversationUuid, newest } = await unreadConversation(h)
    const { result, rerender } = renderMarkRead(h.wrapper, conversationUuid, undefined)
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    const row = () => result.current.conversations.find((c) => c.conversation_uuid === conversationUuid)
    expect(row()?.unread_messages).toBe(true)
    expect(h.count(MARK_READ)).toBe(0)

    rerender({ message: newest })
    await waitFor(() => expect(row()?.unread_messages).toBe(false))
    expect(h.count(MARK_READ)).toBe(1)
    // The server took it: the customer's message is read by the agent.
    expect(
      h.emulator.state
        .messages(conversationUuid)
        .find((m) => m.conversation_message_uuid === newest.conversation_message_uuid)
        ?.transport_statuses?.some((s) => s.status === 'read'),
    ).toBe(true)

    // The same message again (a re-render with a copy) and an older one send nothing.
    rerender({ message: { ...newest } })
    rerender({ message: { ...newest, message_epoch: (newest.message_epoch ?? 0) - 1 } })
    await act(() => new Promise((resolve) => setTimeout(resolve, 30)))
    expect(h.count(MARK_READ)).toBe(1)
    rerender({ message: { ...newest, message_epoch: (newest.message_epoch ?? 0) + 1 } })
    await waitFor(() => expect(h.count(MARK_READ)).toBe(2))
  })

  it('a socket that is not open: REST at once instead of waiting for a reconnect; no frame later', async () => {
    h = createHarness({ socket: false })
    const { socket, open } = scriptedSocket()
    const sent: string[] = []
    Object.assign(socket, { send: (frame: string) => sent.push(frame) > 0 })
    const { conversationUuid, newest } = await unreadConversation(h)
    const { result } = renderMarkRead(wrapperWith(h, socket), conversationUuid, newest)
    await waitFor(() => expect(h.count(MARK_READ)).toBe(1))
    await waitFor(() =>
      expect(
        result.current.conversations.find((c) => c.conversation_uuid === conversationUuid)?.unread_messages,
      ).toBe(false),
    )
    act(() => open(1))
    await act(() => new Promise((resolve) => setTimeout(resolve, 30)))
    expect(sent).toEqual([])
  })

  it('an open socket: the read frame, no REST; a message without uuid: REST', async () => {
    h = createHarness({ socket: false })
    const { socket, open } = scriptedSocket()
    const sent: string[] = []
    Object.assign(socket, { send: (frame: string) => sent.push(frame) > 0 })
    open(1)
    const { conversationUuid, newest } = await unreadConversation(h)
    const { rerender } = renderMarkRead(wrapperWith(h, socket), conversationUuid, newest)
    await waitFor(() => expect(sent).toHaveLength(1))
    expect(JSON.parse(sent[0]!).event_read_message.conversation_message_uuid).toBe(
      newest.conversation_message_uuid,
    )
    expect(h.count(MARK_READ)).toBe(0)
    const { conversation_message_uuid: _uuid, ...withoutUuid } = newest
    rerender({ message: { ...withoutUuid, message_epoch: (newest.message_epoch ?? 0) + 1 } })
    await waitFor(() => expect(h.count(MARK_READ)).toBe(1))
    expect(sent).toHaveLength(1)
  })

  it('a newer message aborts a REST mark still running, and unmounting aborts the last one', async () => {
    h = createHarness({ socket: false })
    const { conversationUuid, newest } = await unreadConversation(h)
    const signals: AbortSignal[] = []
    const call = h.client.call
    h.client.call = ((_operation: unknown, ...args: unknown[]) => {
      const options = args.at(-1) as { signal: AbortSignal }
      signals.push(options.signal)
      // Held until aborted: the request never finishes by itself.
      return new Promise((_resolve, reject) =>
        options.signal.addEventListener('abort', () => reject(options.signal.reason)),
      )
    }) as typeof call
    const { rerender, unmount } = renderHook(
      ({ message }: { message: ConversationMessage }) => useMarkRead(conversationUuid, message),
      { wrapper: h.wrapper, initialProps: { message: newest } },
    )
    await waitFor(() => expect(signals).toHaveLength(1))
    rerender({ message: { ...newest, message_epoch: (newest.message_epoch ?? 0) + 1 } })
    await waitFor(() => expect(signals).toHaveLength(2))
    expect(signals.map((s) => s.aborted)).toEqual([true, false])
    unmount()
    expect(signals[1]!.aborted).toBe(true)
    h.client.call = call
  })
})
