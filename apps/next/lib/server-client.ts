import { type ConversationClient, createConversationClient } from '@uc-conversation/core'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import type { AgentSession } from './agent-session'
import { signedInAgent } from './signed-in-agent'
import { ultracartSettings } from './ultracart-settings'

/**
 * The signed-in agent and a server client acting as them (server components prefetch with it): their own access
 * token, which stays on the server. Without a usable session, to the sign-in page.
 */
export async function serverClient(): Promise<{ client: ConversationClient; agent: AgentSession }> {
  const agent = await signedInAgent(await headers())
  if (!agent?.accessToken) redirect('/sign-in')
  const client = createConversationClient({
    baseUrl: ultracartSettings().baseUrl,
    accessToken: agent.accessToken,
  })
  return { client, agent }
}
