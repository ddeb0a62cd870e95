import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { renderHook, waitFor } from '@testing-library/react'
import { createConversationClient } from '@uc-conversation/core'
import { createEmulator, type Emulator } from '@uc-conversation/emulator'
import { connectAgentSocket, type WebSocketLike } from '@uc-conversation/rxjs'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { ConversationProvider, useConversationMessages, useConversations } from '../src'
import { LIST, MESSAGES } from './harness'

/** A WebSocket that never opens: the socket stays down. */
class NeverOpens implements WebSocketLike {
  readyState = 0
  onopen = null
  onmessage = null
  onclose = null
  onerror = null
  send() {}
  close() {
    this.readyState = 3
  }
}

let emulator: Emulator | undefined
let queryClient: QueryClient | undefined
afterEach(async () => {
  Reflect.deleteProperty(document, 'visibilityState')
  queryClient?.clear()
  await emulator?.close()
})

function downSocketConsole() {
  emulator = createEmulator({ clock: 'manual', seed: 1 })
  const em = emulator
  const requests: string[] = []
  const client = createConversationClient({
    ...em.clientOptions(),
    fetch: async (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname.replace(/^\/rest\/v2/, '')}`)
      return em.fetch(input, init)
    },
  })
  const socket = connectAgentSocket(client, { WebSocketCtor: NeverOpens as never, lingerMs: 0 })
  const qc = new QueryClient()
  queryClient = qc
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <QueryClientProvider client={qc}>
      <ConversationProvider client={client} socket={socket}>
        {children}
      </ConversationProvider>
    </QueryClientProvider>
  )
  return { requests, wrapper, emulator: em }
}

describe('one freshness rule for the list and the messages', () => {
  it('hidden tab and socket down: the list and the messages both say stale', async () => {
    const { wrapper, emulator: em, requests } = downSocketConsole()
    const { conversationUuid } = em.customers.arrive({ queue: 'support', question: 'Hi' })
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    const { result } = renderHook(
      () => ({ list: useConversations(), messages: useConversationMessages(conversationUuid) }),
      { wrapper },
    )
    await waitFor(() => expect(result.current.list.isSuccess && result.current.messages.isSuccess).toBe(true))
    expect(result.current.messages.freshness).toBe('stale')
    expect(result.current.list.freshness).toBe(result.current.messages.freshness)
    expect(requests.filter((r) => LIST.test(r))).toHaveLength(1)
    expect(requests.filter((r) => MESSAGES.test(r)).length).toBeGreaterThan(0)
  })

  it('visible tab and socket down: both say polling', async () => {
    const { wrapper, emulator: em } = downSocketConsole()
    const { conversationUuid } = em.customers.arrive({ queue: 'support', question: 'Hi' })
    const { result } = renderHook(
      () => ({ list: useConversations(), messages: useConversationMessages(conversationUuid) }),
      { wrapper },
    )
    await waitFor(() => expect(result.current.list.isSuccess && result.current.messages.isSuccess).toBe(true))
    expect(result.current.messages.freshness).toBe('polling')
    expect(result.current.list.freshness).toBe('polling')
  })
})
