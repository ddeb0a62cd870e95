import type { SessionSharing } from '../agent-session'
import { type BrowserCoordinationOptions, browserCoordination } from './browser-coordination'
import { type ShareAgentSessionOptions, shareAgentSession } from './share-agent-session'

/** Options of {@link acrossTabs}: the coordination's (`name` at least) and the sharing's. */
export interface AcrossTabsOptions
  extends BrowserCoordinationOptions,
    Pick<ShareAgentSessionOptions, 'announceMs'> {}

/**
 * Shares an agent session across the tabs of one origin (the `share` option of `createAgentSession`): the tabs
 * elect a leader with `browserCoordination` and mirror its session with `shareAgentSession`. Outside a browser
 * page (no `document`, e.g. Node) there are no tabs: the session is made as if unshared, unless a
 * `BroadcastChannel` is given.
 *
 * ```ts
 * const session = createAgentSession(() => connectAgentSocket(client, { outboxStorage: indexedDbOutbox() }), {
 *   share: acrossTabs({ name: `agent:${login}` }),
 * })
 * ```
 */
export const acrossTabs =
  (options: AcrossTabsOptions): SessionSharing =>
  (create) => {
    const { announceMs, ...coordination } = options
    if (!coordination.BroadcastChannel && typeof document === 'undefined') return create()
    return shareAgentSession({
      coordination: browserCoordination(coordination),
      create,
      ...(announceMs !== undefined ? { announceMs } : {}),
      ...(coordination.scheduler ? { scheduler: coordination.scheduler } : {}),
    })
  }
