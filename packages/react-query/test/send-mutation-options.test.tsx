import { useMutation } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import { ConversationConfigError } from '@uc-conversation/core'
import type { SendMessageState } from '@uc-conversation/rxjs'
import { afterEach, describe, expect, it } from 'vitest'
import { conversationMutations } from '../src'
import { createHarness, type Harness } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('conversationMutations.sendMessage without a session', () => {
  it('sends once over a raw agent socket; without one it fails with a config error before anything is sent', async () => {
    h = createHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await h.client.joinConversation(conversationUuid)
    const { result } = renderHook(
      () => ({
        socket: useMutation(conversationMutations.sendMessage(h.socket)),
        none: useMutation(conversationMutations.sendMessage(undefined)),
      }),
      { wrapper: h.wrapper },
    )
    let sent: SendMessageState | undefined
    await act(async () => {
      sent = await result.current.socket.mutateAsync({ conversationUuid, body: 'Over the raw socket' })
    })
    expect(sent?.status).toBe('sent')
    expect(
      h.emulator.state.messages(conversationUuid).filter((m) => m.body === 'Over the raw socket'),
    ).toHaveLength(1)

    await act(async () => {
      await result.current.none.mutateAsync({ conversationUuid, body: 'Nowhere' }).catch(() => {})
    })
    await waitFor(() => expect(result.current.none.error).toBeInstanceOf(ConversationConfigError))
    expect(result.current.none.error?.message).toMatch(/agent socket/)
    expect(h.emulator.state.messages(conversationUuid).some((m) => m.body === 'Nowhere')).toBe(false)
  })
})
