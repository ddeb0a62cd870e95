'use client'
import { useQueryClient } from '@tanstack/react-query'
import type { ConversationClient } from '@uc-conversation/core'
import type { AgentSession, AgentSocket, PollOptions } from '@uc-conversation/rxjs'
import { createContext, type ReactNode, useContext, useMemo } from 'react'
import { ignoreElements, type Observable, share, tap } from 'rxjs'
import { applyFrameToCache } from './conversation-cache-sync'
import { sessionOf } from './live-streams'

/** What the hooks share: the session (client, socket, live collections). Never put into query keys. */
export interface ConversationContextValue {
  client: ConversationClient
  /**
   * This tab's agent socket, if it has one (a follower tab of a shared session has none: hooks go through
   * `session`, which works the same in every tab).
   */
  socket: AgentSocket | undefined
  /** Polling settings of the live streams. */
  live: PollOptions
  /** The agent session every live hook reads from. */
  session: AgentSession
  /**
   * While subscribed, writes the session's frames into the cached conversation details (shared: one
   * subscription however many hooks hold it). The live hooks hold it; an app never needs to.
   */
  cacheSync: Observable<never> | undefined
}

export type ConversationProviderProps = {
  /**
   * Polling of the live hooks while the socket is down or absent (with `client`; a `session` has its own).
   * @default {} (rxjs's DEFAULT_POLL)
   */
  live?: PollOptions | undefined
  children?: ReactNode
} & (
  | {
      /** The agent session (`createAgentSession(connectAgentSocket(client))`): its client, socket and collections. */
      session: AgentSession
      client?: undefined
      socket?: undefined
    }
  | {
      session?: undefined
      /** From `createConversationClient`; use a `hourlyBudget()` in production so polling stays within limits. */
      client: ConversationClient
      /**
       * The agent socket (`connectAgentSocket(client)`); it connects only while a live hook needs it.
       * @default undefined (live hooks poll; `useSendMessage` and `useTyping` need a socket)
       */
      socket?: AgentSocket | undefined
    }
)

const ConversationContext = createContext<ConversationContextValue | undefined>(undefined)

/**
 * Makes an agent session (or a client, and optionally an agent socket, of which it makes one) available to the
 * hooks. Place it inside the app's own `QueryClientProvider`: the cache is the app's.
 */
export function ConversationProvider({
  session: given,
  client,
  socket,
  live,
  children,
}: ConversationProviderProps) {
  const queryClient = useQueryClient()
  const pollIntervalMs = live?.pollIntervalMs
  const pollBudgetShare = live?.pollBudgetShare
  const value = useMemo<ConversationContextValue>(() => {
    const poll = { pollIntervalMs, pollBudgetShare }
    const session = sessionOf(client!, { ...poll, session: given, socket })
    return {
      client: session.client,
      socket: session.socket,
      live: poll,
      session,
      // Without a socket the session's frames are empty: holding this costs nothing.
      cacheSync: session.frames$.pipe(
        tap((frame) => applyFrameToCache(queryClient, frame)),
        ignoreElements(),
        share(),
      ),
    }
  }, [given, client, socket, pollIntervalMs, pollBudgetShare, queryClient])
  return <ConversationContext.Provider value={value}>{children}</ConversationContext.Provider>
}

/** The provider's session, client, socket and settings; throws outside a {@link ConversationProvider}. */
export function useConversationContext(): ConversationContextValue {
  const value = useContext(ConversationContext)
  if (!value) throw new Error('Conversation hooks must be used inside <ConversationProvider client={...}>')
  return value
}
