import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import type { ConversationWebsocketFrame } from '@uc-conversation/core'
import { type ConversationClient, createConversationClient } from '@uc-conversation/core'
import { createEmulator, type Emulator } from '@uc-conversation/emulator'
import { type AgentSocket, type AgentSocketState, connectAgentSocket } from '@uc-conversation/rxjs'
import type { ReactNode } from 'react'
import { BehaviorSubject, Subject } from 'rxjs'
import { ConversationProvider } from '../src'

export interface Harness {
  emulator: Emulator
  client: ConversationClient
  socket: AgentSocket | undefined
  queryClient: QueryClient
  /** `METHOD /path` of every REST request, in order. */
  requests: string[]
  count: (pattern: RegExp) => number
  wrapper: (props: { children?: ReactNode }) => ReactNode
  close: () => Promise<void>
}

/** An in-process emulator, a counting client, an in-process socket and a fresh QueryClient. */
export function createHarness(
  options: {
    socket?: boolean
    seed?: number
    /** Asked before each REST request reaches the emulator (`METHOD /path`); a promise holds it until settled. */
    before?: (request: string) => Promise<void> | undefined
  } = {},
): Harness {
  const emulator = createEmulator({ clock: 'manual', seed: options.seed ?? 1 })
  const requests: string[] = []
  const reach = emulator.clientOptions()
  const client = createConversationClient({
    ...reach,
    fetch: async (input, init) => {
      const url = String(input)
      const request = `${init?.method ?? 'GET'} ${new URL(url).pathname.replace(/^\/rest\/v2/, '')}`
      requests.push(request)
      await options.before?.(request)
      return emulator.fetch(input, init)
    },
  })
  const socket =
    options.socket === false
      ? undefined
      : connectAgentSocket(client, { ...emulator.socketOptions(), lingerMs: 0 })
  const queryClient = new QueryClient()
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <ConversationProvider client={client} socket={socket}>
        {children}
      </ConversationProvider>
    </QueryClientProvider>
  )
  return {
    emulator,
    client,
    socket,
    queryClient,
    requests,
    count: (pattern) => requests.filter((r) => pattern.test(r)).length,
    wrapper,
    close: async () => {
      queryClient.clear()
      await emulator.close()
    },
  }
}

export const LIST = /^GET \/conversation\/conversations$/
export const MESSAGES = /^GET \/conversation\/conversations\/[^/]+\/messages\//

/** A socket whose frames and opens the test decides: the order of loads, events and opens is the point. */
export function scriptedSocket() {
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
  const close = () => state$.next({ status: 'connecting', attempt: 1 } as AgentSocketState)
  return { socket, open, close, frames$ }
}

/** The harness's emulator and client with another socket. */
export const wrapperWith =
  (h: Harness, socket: AgentSocket | undefined) =>
  ({ children }: { children?: ReactNode }) => (
    <QueryClientProvider client={h.queryClient}>
      <ConversationProvider client={h.client} socket={socket}>
        {children}
      </ConversationProvider>
    </QueryClientProvider>
  )
