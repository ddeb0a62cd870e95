import type { Observable } from 'rxjs'

/** Who leads a group of coordinated members (a browser's tabs, a service's processes), as one member sees it. */
export interface Leadership {
  /** This member leads: it alone owns the connection, the keepalive, the polling and the request budget. */
  leader: boolean
  /**
   * The fencing token: strictly greater for every new leader. A member that leads under a term lower than the
   * newest one known is deposed, and its writes are refused (see {@link Coordination.holds}).
   */
  term: number
  /** The leading member's id, when one is known. */
  leaderId?: string | undefined
  /**
   * The leader is heard from (its heartbeats arrive within the lease). False while none leads, or the leader
   * froze or died and an election is under way: a follower's mirrored state is then not live.
   */
  alive: boolean
}

/** A message of another member, as {@link Coordination.messages$} delivers it. */
export interface CoordinationMessage {
  /** The sending member's id. */
  from: string
  /** The term the sender knew; for a leader's message, the term it leads under. */
  term: number
  /** Sent by the leader while it led (only such messages are fenced: a stale leader's are dropped). */
  lead: boolean
  /** What was published (structured-cloneable data). */
  body: unknown
}

/**
 * How the members of one group (the tabs of one origin and agent, or later the processes of one service) elect
 * a leader and talk to each other. The browser backend is {@link browserCoordination}; another backend (over
 * Redis, say) implements the same few members.
 */
export interface Coordination {
  /** This member's id, unique in the group. */
  readonly id: string
  /** The current leadership, replayed to a new subscriber; completes on {@link Coordination.close}. */
  readonly leadership$: Observable<Leadership>
  /** The current leadership, synchronously. */
  readonly leadership: Leadership
  /**
   * Every other member's published messages, in order, never this member's own. A leader's message under a
   * term older than the newest known is dropped (a deposed leader cannot talk over the new one).
   */
  readonly messages$: Observable<CoordinationMessage>
  /** Sends `body` to every other member (tagged as the leader's while this member leads). */
  publish(body: unknown): void
  /**
   * Whether this member still leads under `term` and knows of no newer one: checked right before a write to the
   * server, so that a deposed leader (a frozen tab that woke up) writes nothing.
   */
  holds(term: number): boolean
  /** Leaves the group: resigns a leadership and releases every lock, channel, listener and timer. */
  close(): void
}
