import { OPERATIONS } from '../operations'
import { type ConversationProxyOptions, conversationProxyOver } from './conversation-proxy'
import type { ProxyOperation } from './match-operation'

/**
 * A fetch-API handler (`(request: Request) => Promise<Response>`) that forwards the Conversation API's
 * operations to UltraCart with the merchant's credential added on the server, and nothing else: the method and
 * the normalised path must match a row of core's operation table, the caller must pass `authorize`, the
 * browser's own credentials are dropped, the body is limited, and every failure is answered in UltraCart's
 * error envelope with `UC-REST-ERROR`. It runs as it is in a Next route handler, Hono, `Bun.serve` and
 * `Deno.serve`.
 * @throws ConversationValidationError naming the option, when `authorize` or the credential is missing or bad
 */
export function createConversationProxy(
  options: ConversationProxyOptions,
): (request: Request) => Promise<Response> {
  return conversationProxyOver(TABLE, options)
}

/** Core's operation table as rows with their names (for messages). */
const TABLE: readonly ProxyOperation[] = Object.entries(OPERATIONS).map(([id, operation]) => ({
  ...operation,
  id,
}))
