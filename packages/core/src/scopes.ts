import type { ConversationClient } from './client'
import { ELEVEN_OPERATIONS } from './operations/eleven'

/** OAuth scopes of the Conversation API: reads, and writes (which include keepalive, auth and upload URLs). */
export type ConversationScope = 'conversation_read' | 'conversation_write'

/** The eleven operations of the client's methods, by UltraCart's names. */
export type ConversationOperation = Exclude<keyof ConversationClient, 'stats' | 'onOutcome' | 'call'>

/**
 * The OAuth scope each of the eleven methods needs, read from the wire table (every operation's is its
 * descriptor's `scope`): what an OAuth application must ask for.
 */
export const OPERATION_SCOPES: Readonly<Record<ConversationOperation, ConversationScope>> =
  // Both calls marked: a bundle that never reads the scopes carries neither (esbuild keeps an unmarked argument).
  /* @__PURE__ */ Object.fromEntries(
    /* @__PURE__ */ ELEVEN_OPERATIONS.map((operation) => [operation.id, operation.scope]),
  ) as Record<ConversationOperation, ConversationScope>
