import type { AnyConversationError } from './errors'

/** Consecutive failures that say the server cannot be reached before a client stops sending all but one probe. */
export const UNREACHABLE_AFTER = 3
/** Wait before the first probe once unreachable; each failed probe doubles it, up to {@link MAX_PROBE_INTERVAL_MS}. */
export const PROBE_INTERVAL_MS = 3000
/** Longest wait between two probes. */
export const MAX_PROBE_INTERVAL_MS = 30_000
/** `code` of the network error a call gets, without being sent, when the probe it waited for failed. */
export const UNREACHABLE_CODE = 'EUNREACHABLE'

/**
 * @internal Failures that say nothing reached the server: a timeout, a refused connection, an unknown host, a
 * network down, or a browser's bare `Failed to fetch` (no code). A reset or any HTTP answer proves there is a server.
 * What the client's gate (rate-gate.ts) counts towards {@link UNREACHABLE_AFTER}.
 */
export const isUnreachableError = (error: AnyConversationError): boolean =>
  error.kind === 'timeout' ||
  (error.kind === 'network' &&
    /^(|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)$/.test(error.code ?? ''))
