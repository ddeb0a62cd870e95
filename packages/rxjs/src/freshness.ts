/**
 * How current a live stream's data is: `live` while the socket is open, `polling` while it polls instead,
 * `stale` while it can do neither (page hidden, offline, or the last request failed and waits for a retry).
 */
export type Freshness = 'live' | 'polling' | 'stale'

/** Why a live stream emitted. */
export type LiveSource =
  /** The first complete load. */
  | 'initial'
  /** A socket frame. */
  | 'socket'
  /** A reload after a (re)connect, a refocus, or a gap the server's evidence showed. */
  | 'catch-up'
  /** A poll while the socket was down or absent. */
  | 'poll'
  /** An own message changed state (pending, sent, failed, withdrawn). */
  | 'outbox'
  /** Only the freshness (or, for messages, the warnings) changed. */
  | 'status'
