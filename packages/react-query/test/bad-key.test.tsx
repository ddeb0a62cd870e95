import { QueryClient, type QueryClientConfig, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import { createConversationClient } from '@uc-conversation/core'
import { createEmulator, EMULATOR_SIMPLE_KEY, type Emulator } from '@uc-conversation/emulator'
import { connectAgentSocket } from '@uc-conversation/rxjs'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ConversationProvider,
  useAgentKeepAlive,
  useConnectionHealth,
  useConversation,
  useConversations,
  useJoinConversation,
  useWebchatQueueStatuses,
  withoutPermanentRetries,
} from '../src'

let emulator: Emulator | undefined
let queryClient: QueryClient | undefined
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
})
afterEach(async () => {
  queryClient?.clear()
  vi.useRealTimers()
  await emulator?.close()
})

/** A console on the in-process emulator whose key the server refuses (unless told otherwise). */
function agentConsole(options: { key?: string; socket?: boolean; config?: QueryClientConfig } = {}) {
  emulator = createEmulator({ clock: 'manual', seed: 1 })
  const requests: string[] = []
  const em = emulator
  const client = createConversationClient({
    ...em.clientOptions(),
    simpleKey: options.key ?? 'not-the-right-key',
    fetch: async (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname.replace(/^\/rest\/v2/, '')}`)
      return em.fetch(input, init)
    },
  })
  const socket =
    options.socket === false ? undefined : connectAgentSocket(client, { ...em.socketOptions(), lingerMs: 0 })
  const qc = new QueryClient(options.config)
  queryClient = qc
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <QueryClientProvider client={qc}>
      <ConversationProvider client={client} socket={socket}>
        {children}
      </ConversationProvider>
    </QueryClientProvider>
  )
  const tally = () =>
    requests.reduce<Record<string, number>>((m, r) => {
      m[r] = (m[r] ?? 0) + 1
      return m
    }, {})
  return { requests, wrapper, tally, emulator: em }
}

const advance = async (seconds: number) => {
  for (let second = 0; second < seconds; second++) await act(() => vi.advanceTimersByTimeAsync(1000))
}

const useAgentConsole = () => ({
  list: useConversations(),
  queues: useWebchatQueueStatuses(),
  keepAlive: useAgentKeepAlive(),
  health: useConnectionHealth(),
})

describe('a refused key ends in one clear, permanent state', () => {
  it('list + queues + socket + keepalive: at most 20 requests in the first minute, none after, errors on the hooks', async () => {
    const { requests, wrapper, tally } = agentConsole()
    const { result, unmount } = renderHook(useAgentConsole, { wrapper })
    await advance(60)
    console.info('bad key, first minute:', requests.length, 'requests', JSON.stringify(tally()))
    expect(requests.length).toBeLessThanOrEqual(20)
    expect(result.current.list.error).toMatchObject({ status: 401 })
    expect(result.current.queues.error).toMatchObject({ status: 401 })
    expect(result.current.list.isLoading || result.current.queues.isLoading).toBe(false)
    // The state is final: the list no longer polls a key the server refused.
    const afterMinute = requests.length
    await advance(600)
    console.info('bad key, next ten minutes:', requests.length - afterMinute, 'requests')
    expect(requests.length).toBe(afterMinute)
    expect(tally()['GET /conversation/conversations']).toBe(1)
    unmount()
  })

  it("TanStack's retries never repeat a permanent error, whatever the QueryClient's defaults or the hook's options", async () => {
    const { requests, wrapper } = agentConsole({
      socket: false,
      config: { defaultOptions: { queries: { retry: 3 }, mutations: { retry: 3 } } },
    })
    const { result } = renderHook(
      () => ({
        list: useConversations({}, { retry: 3 }),
        detail: useConversation('c-unknown', { retry: 5 }),
        join: useJoinConversation({ retry: 3 }),
      }),
      { wrapper },
    )
    let failure: unknown
    await act(async () => {
      result.current.join.mutateAsync('c-unknown').catch((error: unknown) => {
        failure = error
      })
    })
    await advance(60)
    expect(failure).toMatchObject({ status: 401 })
    expect(result.current.list.error).toMatchObject({ status: 401 })
    expect(result.current.detail.error).toMatchObject({ status: 401 })
    expect(requests.filter((r) => r.startsWith('PUT ')).length).toBe(1)
    expect(requests.filter((r) => r === 'GET /conversation/conversations').length).toBe(1)
    expect(requests.filter((r) => r === 'GET /conversation/conversations/c-unknown').length).toBe(1)
  })

  it('withoutPermanentRetries keeps an app retry for transient errors only', () => {
    const retry = withoutPermanentRetries(2) as (n: number, e: unknown) => boolean
    expect(retry(0, new Error('stream failed'))).toBe(true)
    expect(retry(2, new Error('stream failed'))).toBe(false)
    expect(withoutPermanentRetries(false)).toBe(false)
  })
})

describe('an unreachable upstream', () => {
  it('reports the failure on the hooks while the streams back off', async () => {
    const { requests, wrapper, tally, emulator: em } = agentConsole({ key: EMULATOR_SIMPLE_KEY })
    em.faults.set({ resetRate: 1 })
    const { result, unmount } = renderHook(useAgentConsole, { wrapper })
    await advance(60)
    console.info('unreachable upstream, first minute:', requests.length, 'requests', JSON.stringify(tally()))
    expect(result.current.list.error).toMatchObject({ kind: 'network' })
    expect(result.current.queues.error).toMatchObject({ kind: 'network' })
    expect(result.current.queues.isLoading).toBe(false)
    expect(result.current.queues.freshness).toBe('stale')
    // The network comes back: the streams recover by themselves and the errors go.
    const firstMinute = requests.length
    await advance(540)
    console.info(
      'unreachable upstream, minutes 2-10:',
      requests.length - firstMinute,
      'requests',
      JSON.stringify(tally()),
    )
    em.faults.clear()
    await advance(60)
    expect(result.current.queues.isSuccess).toBe(true)
    expect(result.current.queues.error).toBeNull()
    expect(result.current.list.isSuccess).toBe(true)
    unmount()
  })
})
