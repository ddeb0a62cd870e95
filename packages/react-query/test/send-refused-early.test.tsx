import { act, renderHook, waitFor } from '@testing-library/react'
import { ConversationValidationError } from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import { useConversationMessages, useSendMessage } from '../src'
import { createHarness, type Harness } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('a reply the server would refuse (issue 18 point 9)', () => {
  it('send() throws a typed error naming the body at once; nothing is queued, shown or sent', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const { result } = renderHook(
      () => ({ messages: useConversationMessages(conversationUuid), send: useSendMessage(conversationUuid) }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.messages.isSuccess).toBe(true))
    const before = result.current.messages.messages.length
    let thrown: unknown
    act(() => {
      try {
        result.current.send.send('x'.repeat(20_001))
      } catch (error) {
        thrown = error
      }
    })
    expect(thrown).toBeInstanceOf(ConversationValidationError)
    expect((thrown as ConversationValidationError).field).toBe('body')
    expect(result.current.send.isIdle).toBe(true)
    expect(h.socket?.outbox.unsent).toBe(0)
    expect(result.current.messages.messages).toHaveLength(before)
    // A reply within the limit still goes out.
    act(() => {
      result.current.send.send('x'.repeat(20_000))
    })
    await waitFor(() =>
      expect(h.emulator.state.messages(conversationUuid).some((m) => m.body?.length === 20_000)).toBe(true),
    )
  })
})
