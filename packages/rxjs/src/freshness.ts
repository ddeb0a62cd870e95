/**
 * How current a live stream's data is:
 * - `live`: the socket is open and nothing is known to be missing;
 * - `behind`: the socket is open but the stream knows it lacks something (a catch-up after a reconnect, or
 *   evidence from a frame, waits for its load, e.g. for the client's hourly budget): never shown as live;
 * - `polling`: it polls instead of a socket;
 * - `stale`: it can do neither (page hidden, offline, or the last request failed and waits for a retry).
 */
export type Freshness = 'live' | 'behind' | 'polling' | 'stale'

/**
 * Why a stream is `behind` for longer than a request takes: the load it needs waits in the client's queue for
 * the hourly budget (`client.stats.budgetLeft` was below one request when it started).
 */
export interface LiveWarning {
  kind: 'waiting-for-budget'
  /** Requests queued in the client when the load started (`client.stats.queued`). */
  queued: number
}

/** Why a live stream emitted. */
export type LiveSource =
  /** The first complete load. */
  | 'initial'
  /** A socket frame. */
  | 'socket'
  /** A reload after a (re)connect, a refocus, or a gap the server's evidence showed. */
  | 'catch-up'
  /** A poll while the socket was down or absent, or the periodic check while it is up. */
  | 'poll'
  /** An own message changed state (pending, sent, failed, withdrawn). */
  | 'outbox'
  /** Only the freshness (or, for messages, the warnings) changed. */
  | 'status'
