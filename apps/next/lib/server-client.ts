import { type ConversationClient, createConversationClient } from '@uc-conversation/core'
import { upstream } from './upstream'

/** The server's own client (server components prefetch with it): the key stays on the server. */
export function serverClient(): ConversationClient {
  return createConversationClient(upstream())
}
