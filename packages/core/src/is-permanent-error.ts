import { isConversationError } from './errors'

/**
 * The server's own permanent answers: credentials refused or revoked (401), not allowed (403), unknown (404),
 * application disabled (410). Asking again gets the same answer.
 */
export const PERMANENT_STATUSES: readonly number[] = [401, 403, 404, 410]

/**
 * Whether an error will come back however often the same thing is tried, so that whatever retries (a live
 * stream, the keepalive, the agent socket, the outbox, a query) stops and reports it: one of the server's
 * {@link PERMANENT_STATUSES} (whatever the body, an HTML page from a proxy included), input refused before
 * sending (`validation`), a runtime without what the client needs (`config`: no fetch, no WebSocket), or a write
 * whose outcome is unknown (`outcome-unknown`: repeating it could do it twice; verify with the server instead).
 * Everything else is worth another attempt after a backoff: network failures, timeouts, 429, 5xx, and also a
 * 400 or an unparsable body, which a proxy or a server having a bad moment can answer to a request that was fine.
 * (Core's own per-request retries are narrower: `isRetryableError`.)
 */
export const isPermanentError = (error: unknown): boolean =>
  isConversationError(error) &&
  (error.kind === 'validation' ||
    error.kind === 'config' ||
    error.kind === 'outcome-unknown' ||
    ('status' in error && PERMANENT_STATUSES.includes(error.status)))
