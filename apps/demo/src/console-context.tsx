import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { type ConversationClient, createConversationClient, hourlyBudget } from '@uc-conversation/core'
import { ConversationProvider } from '@uc-conversation/react-query'
import {
  type AgentSession,
  acrossTabs,
  connectAgentSocket,
  createAgentSession,
  webStorageOutbox,
} from '@uc-conversation/rxjs'
import { createContext, type ReactNode, useContext, useState } from 'react'
import { createHealthStore, type HealthStore } from './health-store'

/** The API base on the dev server; it proxies to the emulator or UltraCart and adds the key there. */
export const API_BASE_URL = '/api/uc/rest/v2'

interface Console {
  client: ConversationClient
  /**
   * The agent's session: the socket, the outbox and every live collection, shared by all hooks and by every tab
   * of the console (one tab leads and connects, the others follow it).
   */
  session: AgentSession
  /** What the banner and the agent bar show, derived from the socket, the keepalive and every request. */
  health: HealthStore
}

const ConsoleContext = createContext<Console | undefined>(undefined)

export function createConsole(): Console & { queryClient: QueryClient } {
  // No credentials here: the dev server adds them, so none ever reach the browser. It writes into the page the
  // headers its proxy requires (a secret made at each start, server/dev-proxy-guard.ts); the client sends them.
  const meta = document.querySelector<HTMLMetaElement>('meta[name="uc-dev-proxy-headers"]')
  const headers = JSON.parse(meta?.content || '{}') as Record<string, string>
  const client = createConversationClient({ baseUrl: API_BASE_URL, budget: hourlyBudget(), headers })
  const queryClient = new QueryClient({
    // The rxjs layer and core already retry; retrying again here would multiply requests.
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } },
  })
  // One connection for all the agent's tabs: the leading tab alone runs the socket, keepalive, polling and the
  // request budget; the others mirror it, and one of them takes over within 2 s when it goes. Unsent messages
  // survive a closed or reloaded tab (e.g. written offline) and go out, once, from the next leader.
  const session = createAgentSession(
    () => connectAgentSocket(client, { outboxStorage: webStorageOutbox(localStorage) }),
    { share: acrossTabs({ name: 'uc-console' }) },
  )
  const health = createHealthStore(session.health$)
  return { client: session.client, session, health, queryClient }
}

export function ConsoleProvider({ children }: { children: ReactNode }) {
  const [value] = useState(createConsole)
  return (
    <QueryClientProvider client={value.queryClient}>
      <ConversationProvider session={value.session}>
        <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>
      </ConversationProvider>
    </QueryClientProvider>
  )
}

export function useConsole(): Console {
  const value = useContext(ConsoleContext)
  if (!value) throw new Error('useConsole outside <ConsoleProvider>')
  return value
}
