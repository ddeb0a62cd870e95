import { type ConversationClient, ConversationConfigError } from '@uc-conversation/core'
import type { Observable, SchedulerLike } from 'rxjs'
import type { AgentSocket } from './agent-socket/agent-socket'
import type { PollOptions } from './poll-delay'

/** What a session hands a {@link SessionCollection} it runs: its connection and its polling settings. */
export interface SessionCollectionContext {
  /** The session's client (REST calls, the hourly budget). */
  readonly client: ConversationClient
  /** The session's socket; absent when it was created with a client only. */
  readonly socket: AgentSocket | undefined
  /** The session's polling options and scheduler, to pass on to the collection's own options. */
  readonly poll: PollOptions & { scheduler?: SchedulerLike }
  /**
   * The socket, for a collection that cannot work without one; throws a `ConversationValidationError` naming
   * `socket` (and `what`) when the session was created with a client only.
   */
  needSocket(what: string): AgentSocket
}

/**
 * A live collection a session can run for code outside it: `session.collection(definition, ...args)` runs it
 * once per session, name and arguments, shared and replayed to late subscribers, stopped when its last
 * subscriber leaves and ended by `session.close()`. Make one with {@link defineSessionCollection}; the arguments
 * must be structured-cloneable (strings, numbers, plain objects), since a shared session sends them to the
 * leading tab.
 */
export interface SessionCollection<A extends unknown[], T> {
  /** Unique among the collections of an app: a shared session's tabs name the collection by it. */
  readonly name: string
  /** Starts the stream on the session's connection (called once per name and arguments while it runs). */
  readonly open: (context: SessionCollectionContext, ...args: A) => Observable<T>
}

const registry = new Map<string, SessionCollection<never, unknown>>()

/**
 * Defines a collection sessions can run (see {@link SessionCollection}) and registers it by `name` in this
 * JavaScript realm, so that the leading tab of a shared session (`shareAgentSession`) can open it when a follower
 * asks for it by name (a tab cannot send code). A later definition with the same name replaces the earlier one
 * (a module evaluated again, e.g. on hot reload).
 *
 * The registry is filled when the defining module is evaluated: a leading tab that has not loaded it (a lazily
 * loaded chunk, another build of the app) cannot open it, and the follower's stream ends with a
 * `ConversationConfigError` naming the collection. Import the modules that define collections in every tab (at
 * the app's entry).
 */
export function defineSessionCollection<A extends unknown[], T>(
  name: string,
  open: (context: SessionCollectionContext, ...args: A) => Observable<T>,
): SessionCollection<A, T> {
  const definition = { name, open }
  registry.set(name, definition as SessionCollection<never, unknown>)
  return definition
}

/**
 * @internal The collection registered as `name` in this realm; a `ConversationConfigError` naming it when none
 * is (its module was not loaded here).
 */
export const sessionCollectionNamed = (name: string): SessionCollection<unknown[], unknown> => {
  const definition = registry.get(name)
  if (!definition)
    throw new ConversationConfigError(
      `The leading tab has no session collection "${name}": import the module that defines it in every tab (at the app's entry), not only in a lazily loaded one`,
    )
  return definition as unknown as SessionCollection<unknown[], unknown>
}
