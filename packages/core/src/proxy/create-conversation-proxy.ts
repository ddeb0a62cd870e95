import { OPERATIONS } from '../operations'
import { conversationProxyOver } from './conversation-proxy'
import type { ConversationProxyOptions } from './conversation-proxy-options'
import type { ProxyOperation } from './match-operation'

/**
 * A fetch-API handler (`(request: Request) => Promise<Response>`) that forwards the chosen operations of the
 * Conversation API to UltraCart with a credential added on the server, and nothing else. In order:
 * 1. requests another site could make a browser send are refused (403): `Sec-Fetch-Site`, `Origin` outside
 *    the allowed origins, no `CLIENT_HEADER` (which core's client sends when it holds no credential);
 * 2. a request that addresses no operation of `operations` gets the same 401 as a refused `authorize`, unless
 *    `authenticate` vouches for the caller (then 404/405), so nobody can list the routes without credentials;
 * 3. `authorize(context)` decides per operation (within `authorizeTimeoutMs`);
 * 4. bodies must be `application/json` (415), arrive within `bodyTimeoutMs` (408) and fit `maxBodyBytes` (413);
 * 5. the credential is added (`accessToken` may be a function of the same context);
 * 6. the answer keeps only allow-listed headers, gets `no-store` and `nosniff`, is scrubbed of the credential,
 *    and a success that is not JSON becomes 502.
 * Every refusal is UltraCart's error envelope with generic words; the details go to `onFailure`. It runs as it is
 * in a Next route handler, Hono, `Bun.serve` and `Deno.serve`.
 * @throws ConversationValidationError naming the option, when `operations`, `authorize` or the credential is
 * missing or bad
 */
export function createConversationProxy(
  options: ConversationProxyOptions,
): (request: Request) => Promise<Response> {
  return conversationProxyOver(TABLE, options)
}

/** Core's operation table as rows with their names. */
const TABLE: readonly ProxyOperation[] = Object.entries(OPERATIONS).map(([id, operation]) => ({
  ...operation,
  id,
}))
