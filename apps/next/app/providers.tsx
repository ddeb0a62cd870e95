'use client'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createConversationClient, hourlyBudget } from '@uc-conversation/core'
import { ConversationProvider } from '@uc-conversation/react-query'
import { connectAgentSocket } from '@uc-conversation/rxjs'
import { type ReactNode, useState } from 'react'

/** The browser's side: a client without credentials (the route handler adds them), its socket and cache. */
function createBrowserConsole() {
  const client = createConversationClient({ baseUrl: '/rest/v2', budget: hourlyBudget() })
  return {
    client,
    // Connects only while a live hook needs it, so the server's render never opens one.
    socket: connectAgentSocket(client),
    queryClient: new QueryClient({
      // rxjs and core already retry; retrying again here would multiply requests.
      defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } },
    }),
  }
}

export function Providers({ children }: { children: ReactNode }) {
  const [value] = useState(createBrowserConsole)
  return (
    <QueryClientProvider client={value.queryClient}>
      <ConversationProvider client={value.client} socket={value.socket}>
        {children}
      </ConversationProvider>
    </QueryClientProvider>
  )
}
