import type {
  ConversationClient,
  ConversationWebsocketFrame,
  LiveRules,
  LiveState,
} from '@uc-conversation/core'
import {
  createLiveState,
  isLiveBehind,
  liveFrame,
  liveLoaded,
  liveLoadFailed,
  liveLoadStarted,
} from '@uc-conversation/core'
import { asyncScheduler, map, Observable, type SchedulerLike } from 'rxjs'
import type { AgentSocket } from '../agent-socket/agent-socket'
import type { BackoffOptions } from '../backoff'
import type { Freshness, LiveSource, LiveWarning } from '../freshness'
import { checkRevalidateMs, type RevalidateOptions } from '../poll-delay'
import { withLoadFailures } from './load-failures'
import { createSyncEngine } from './sync-engine'

/** The collection's options (poll, check, backoff, scheduler) with its own parts over them. */
export interface LiveCollectionSpec<T, E>
  extends RevalidateOptions,
    LiveRules<T, ConversationWebsocketFrame, E> {
  client: ConversationClient
  socket?: AgentSocket | undefined
  scheduler?: SchedulerLike | undefined
  retry?: BackoffOptions | undefined
  /** The periodic check while the socket is up, when its options are not the spec's own. */
  revalidate?: RevalidateOptions | undefined
  /**
   * The authoritative value from REST; `current` is the value when the load started (for what the server does
   * not hold, e.g. a log of events). The answer replaces the value, remembered event times included.
   */
  load(signal: AbortSignal, current: T | undefined): Promise<T>
  /**
   * The frames that may change the value (the rules ignore the others, so this only narrows what they see).
   * @default every frame of the socket
   */
  frames?(socket: AgentSocket): Observable<ConversationWebsocketFrame>
  /** A value loaded before (e.g. on the server): emitted at once; the first load is then a catch-up. */
  initial?: T | undefined
}

/** One emission of {@link liveCollection}. */
export interface LiveEmission<T> {
  value: T
  source: LiveSource
  freshness: Freshness
  /** Only while a load the stream needs waits for the budget. */
  warning?: LiveWarning
}

/**
 * A value loaded through REST and kept current by socket frames, by core's live state: the server's answer
 * wins, frames that arrive while a load is in flight are applied again on top of it, and evidence in a frame
 * that the value lacks something loads at once and reports `behind` until a load started after it answers.
 * Reloaded after every (re)connect and on refocus, checked periodically within the client's budget while the
 * socket is up, polled while it is down or absent.
 */
export function liveCollection<T, E = unknown>(spec: LiveCollectionSpec<T, E>): Observable<LiveEmission<T>> {
  return new Observable((subscriber) => {
    let state: LiveState<T, ConversationWebsocketFrame, E> = createLiveState(spec.initial)
    const emit = (source: LiveSource) => {
      const { warning } = engine
      if (state.value !== undefined)
        subscriber.next({
          value: state.value,
          source,
          freshness: engine.freshness,
          ...(warning && { warning }),
        })
    }
    const engine = createSyncEngine({
      ...spec.revalidate,
      ...spec,
      scheduler: spec.scheduler ?? asyncScheduler,
      fetch: async (signal) => {
        state = liveLoadStarted(state)
        // A load abandoned for another (a superseded poll: the engine aborts it) leaves the state to the one that
        // replaced it.
        try {
          const answer = await spec.load(signal, state.value)
          if (!signal.aborted) state = liveLoaded(state, answer, spec)
        } catch (error) {
          if (!signal.aborted) state = liveLoadFailed(state)
          throw error
        }
      },
      onLoaded: (source) => {
        emit(source === 'gap' ? 'catch-up' : source)
        // Evidence heard during the load that its answer does not settle asks for the next one.
        if (isLiveBehind(state)) engine.request('gap')
      },
      onFreshness: () => emit('status'),
      onError: (error) => subscriber.error(error),
      behind: () => isLiveBehind(state),
    })
    if (spec.socket)
      engine.listen(spec.frames?.(spec.socket) ?? spec.socket.frames$, (frame) => {
        const before = state
        state = liveFrame(state, frame, spec)
        if (state.pending !== before.pending) engine.request('gap')
        if (state.value !== before.value) emit('socket')
      })
    engine.start(spec.initial !== undefined)
    if (spec.initial !== undefined) emit('initial')
    return engine.stop
  })
}

/**
 * A collection's public stream: `revalidateMs` checked at once, {@link liveCollection} with its load failures
 * reported ({@link withLoadFailures}), the value under `key` (`[]` until the first load answers).
 */
export function liveStates<S, T, E = unknown>(key: string, spec: LiveCollectionSpec<T, E>): Observable<S> {
  checkRevalidateMs(spec.revalidateMs)
  return withLoadFailures<S & { source: LiveSource; freshness: Freshness }>(
    (report) =>
      liveCollection({ ...spec, load: report(spec.load) }).pipe(
        map(({ value, ...rest }) => ({ [key]: value, ...rest }) as never),
      ),
    () => ({ [key]: [] }) as never,
  )
}
