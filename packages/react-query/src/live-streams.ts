import type {
  ConversationClient,
  ConversationMedium,
  ConversationMessage,
  ConversationSummary,
  ConversationWebchatQueueStatus,
} from '@uc-conversation/core'
import {
  type AgentSession,
  type AgentSocket,
  type ConversationListChange,
  type ConversationMessagesState,
  conversationListChanges,
  createAgentSession,
  type PollOptions,
} from '@uc-conversation/rxjs'
import { defer, map, type Observable, take } from 'rxjs'
import type { ConversationMessagesData, QueueStatusesData } from './conversation-data'

/** Options of the live streams behind the live queries. */
export interface LiveOptions extends PollOptions {
  /** The agent socket for live frames; without one the streams poll within the client's budget. */
  socket?: AgentSocket | undefined
  /**
   * The agent session whose shared streams to use (the provider passes its own): one running stream per
   * conversation for the query function and every mounted live hook. Without one each call starts its own.
   */
  session?: AgentSession | undefined
}

/**
 * @internal The given session, else one made for the socket (or the client) with these polling settings: the
 * session is what runs each collection, with or without a provider. One made here holds nothing that outlives
 * its subscribers (the socket is the caller's).
 */
export const sessionOf = (
  client: ConversationClient,
  { session, socket, ...poll }: LiveOptions,
): AgentSession => session ?? createAgentSession(socket ?? client, { ...poll, client })

/**
 * @internal A live stream's load failed before it had any data (it retries with backoff): the query shows this
 * error instead of loading forever, until a load succeeds.
 */
export class LoadFailure {
  constructor(readonly error: unknown) {}
}

/**
 * @internal Cache form of a live state that may report a failed load: a failure before the first successful
 * load becomes a {@link LoadFailure}; later ones only make the data `stale` (the stream says so itself).
 */
const withoutData =
  <S extends object, T>(toData: (state: S) => T) =>
  (source: Observable<S>): Observable<T | LoadFailure> =>
    defer(() => {
      let loaded = false
      return source.pipe(
        map((state) => {
          const { error } = state as { error?: unknown }
          if (error !== undefined && !loaded) return new LoadFailure(error)
          loaded = true
          return toData(state)
        }),
      )
    })

/** @internal The cache form of one `conversationMessages` emission. */
export const toMessagesData = (state: ConversationMessagesState): ConversationMessagesData => ({
  conversationUuid: state.conversationUuid,
  messages: state.list.toArray(),
  // rxjs's own frozen array: an unchanged `failed` keeps its identity in the cache.
  failed: state.failed,
  loaded: state.loaded,
  freshness: state.freshness,
  warnings: state.warnings,
  ...(state.warning && { warning: state.warning }),
})

/**
 * @internal The shared live message stream of one conversation, in cache form. `initial`: the cache entry's
 * messages (e.g. prefetched on the server and hydrated), which a stream started now begins with instead of
 * loading them again (see rxjs's `initial` option); a stream already running ignores it.
 */
export const liveMessages = (
  client: ConversationClient,
  conversationUuid: string,
  options: LiveOptions = {},
  initial?: readonly ConversationMessage[],
): Observable<ConversationMessagesData | LoadFailure> =>
  sessionOf(client, options).messages(conversationUuid, initial).pipe(withoutData(toMessagesData))

/**
 * @internal The shared live queue statuses, in cache form. `initial`: the cache entry's statuses (e.g. prefetched
 * on the server and hydrated), which a stream started now begins with instead of loading them again.
 */
export const liveQueueStatuses = (
  client: ConversationClient,
  options: LiveOptions = {},
  initial?: readonly ConversationWebchatQueueStatus[],
): Observable<QueueStatusesData | LoadFailure> =>
  sessionOf(client, options)
    .queueStatuses(initial)
    .pipe(
      withoutData(({ statuses, freshness, warning }) => ({
        statuses,
        freshness,
        ...(warning && { warning }),
      })),
    )

/**
 * @internal The shared live first page of one conversation list (rxjs's `conversationList`, `limit` newest
 * conversations): loads, socket events, catch-up after reconnects and refocus, polling while the socket is
 * down, all on rxjs's one sync engine with its one freshness rule; each state with the rows it changed for this
 * subscriber (rxjs's `conversationListChanges`), which is what the cache writes.
 */
export const liveConversationList = (
  client: ConversationClient,
  filters: { medium?: ConversationMedium | undefined; limit: number },
  options: LiveOptions = {},
  initial?: readonly ConversationSummary[],
): Observable<ConversationListChange | LoadFailure> =>
  sessionOf(client, options)
    .conversations(filters, initial)
    .pipe(
      conversationListChanges(),
      withoutData((state) => state),
    )

/**
 * @internal The first value of a stream as a promise that the query's `signal` cancels; a {@link LoadFailure}
 * rejects with its error.
 */
export const firstValue = <T>(source: Observable<T | LoadFailure>, signal?: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      subscription.unsubscribe()
      reject(signal?.reason)
    }
    const settle = () => signal?.removeEventListener('abort', onAbort)
    const subscription = source.pipe(take(1)).subscribe({
      next: (value) => {
        settle()
        if (value instanceof LoadFailure) reject(value.error)
        else resolve(value)
      },
      error: (error: unknown) => {
        settle()
        reject(error)
      },
    })
    if (!subscription.closed) signal?.addEventListener('abort', onAbort, { once: true })
  })
