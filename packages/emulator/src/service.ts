import type { AgentPresence } from './agent-presence'
import { createAgentPresence } from './agent-presence'
import { type ConversationLifecycle, createConversationLifecycle } from './conversation-lifecycle'
import { createMessaging, type Messaging } from './messaging'
import type { ServiceConfig } from './service-config'
import { createWebchatUpdates, type WebchatUpdates } from './webchat-updates'

export type { ServiceConfig } from './service-config'
export type { MessageInput } from './store-message'

/**
 * The domain: every change to conversations, queues and agents goes through here, and every change pushes the
 * frames the fact sheet describes. Routes, the socket handler and the simulation call it; none of them change
 * the state's conversations directly. Four parts, each in its own file. @internal
 */
export type Service = ConversationLifecycle & Messaging & AgentPresence & WebchatUpdates

/** @internal */
export function createService(config: ServiceConfig): Service {
  return {
    ...createConversationLifecycle(config),
    ...createMessaging(config),
    ...createAgentPresence(config),
    ...createWebchatUpdates(config),
  }
}
