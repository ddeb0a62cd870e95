'use client'
import type { ConversationClient } from '@uc-conversation/core'
import type { AgentSocket, PollOptions } from '@uc-conversation/rxjs'
import { createContext, type ReactNode, useContext, useMemo } from 'react'

/** What the hooks share: the client, the socket and polling settings. Never put into query keys. */
export interface ConversationContextValue {
  client: ConversationClient
  /** The agent socket; without one live hooks poll and sending is unavailable. */
  socket: AgentSocket | undefined
  /** Polling settings of the live streams. */
  live: PollOptions
}

export interface ConversationProviderProps {
  /** From `createConversationClient`; use a `hourlyBudget()` in production so polling stays within limits. */
  client: ConversationClient
  /**
   * The agent socket (`connectAgentSocket(client)`); it connects only while a live hook needs it.
   * @default undefined (live hooks poll; `useSendMessage` and `useTyping` need a socket)
   */
  socket?: AgentSocket | undefined
  /**
   * Polling of the live hooks while the socket is down or absent.
   * @default {} (rxjs's DEFAULT_POLL)
   */
  live?: PollOptions | undefined
  children?: ReactNode
}

const ConversationContext = createContext<ConversationContextValue | undefined>(undefined)

/**
 * Makes a client (and optionally an agent socket) available to the hooks. Place it inside the app's own
 * `QueryClientProvider`: the cache is the app's.
 */
export function ConversationProvider({ client, socket, live, children }: ConversationProviderProps) {
  const pollIntervalMs = live?.pollIntervalMs
  const pollBudgetShare = live?.pollBudgetShare
  const value = useMemo<ConversationContextValue>(() => {
    const poll: PollOptions = {}
    if (pollIntervalMs !== undefined) poll.pollIntervalMs = pollIntervalMs
    if (pollBudgetShare !== undefined) poll.pollBudgetShare = pollBudgetShare
    return { client, socket, live: poll }
  }, [client, socket, pollIntervalMs, pollBudgetShare])
  return <ConversationContext.Provider value={value}>{children}</ConversationContext.Provider>
}

/** The provider's client, socket and settings; throws outside a {@link ConversationProvider}. */
export function useConversationContext(): ConversationContextValue {
  const value = useContext(ConversationContext)
  if (!value) throw new Error('Conversation hooks must be used inside <ConversationProvider client={...}>')
  return value
}
