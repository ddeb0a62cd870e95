import type { ConversationClient, ConversationWebsocketFrame } from '@uc-conversation/core'
import { isPermanentError } from '@uc-conversation/core'
import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs'
import type { AgentSocket } from '../agent-socket/agent-socket'
import type { BackoffOptions } from '../backoff'
import type { Freshness, LiveSource } from '../freshness'
import type { PollOptions } from '../poll-delay'
import { createSyncEngine } from './sync-engine'

export interface LiveCollectionSpec<T> extends PollOptions {
  client: ConversationClient
  socket: AgentSocket | undefined
  scheduler: SchedulerLike | undefined
  retry: BackoffOptions | undefined
  /** The authoritative value from REST. */
  load(signal: AbortSignal): Promise<T>
  /** The frames that may change the value. */
  frames(socket: AgentSocket): Observable<ConversationWebsocketFrame>
  /** Applies one frame; returns the same value when nothing changed. */
  reduce(value: T, frame: ConversationWebsocketFrame): T
  /** A value loaded before (e.g. on the server): emitted at once; the first load is then a catch-up. */
  initial?: T | undefined
}

/**
 * A value loaded through REST and kept current by socket frames: reloaded after every (re)connect and on
 * refocus, polled while the socket is down or absent. Frames that arrive while a load is in flight are applied
 * again on top of its result, so a load that started before them cannot undo them.
 */
export function liveCollection<T>(
  spec: LiveCollectionSpec<T>,
): Observable<{ value: T; source: LiveSource; freshness: Freshness }> {
  return new Observable((subscriber) => {
    let value: T | undefined = spec.initial
    let duringLoad: ConversationWebsocketFrame[] | undefined
    const emit = (source: LiveSource) =>
      value !== undefined && subscriber.next({ value, source, freshness: engine.freshness })
    const engine = createSyncEngine({
      ...spec,
      scheduler: spec.scheduler ?? asyncScheduler,
      fetch: async (signal) => {
        const frames: ConversationWebsocketFrame[] = []
        duringLoad = frames
        try {
          let next: T = await spec.load(signal)
          for (const frame of frames) next = spec.reduce(next, frame)
          value = next
        } finally {
          if (duringLoad === frames) duringLoad = undefined
        }
      },
      onLoaded: (source) => emit(source === 'gap' ? 'catch-up' : source),
      onFreshness: () => emit('status'),
      onError: (error) => subscriber.error(error),
      isPermanent: isPermanentError,
    })
    const subscriptions: Subscription[] = []
    if (spec.socket)
      subscriptions.push(
        spec.frames(spec.socket).subscribe({
          next: (frame) => {
            duringLoad?.push(frame)
            if (value === undefined) return
            const next = spec.reduce(value, frame)
            if (next === value) return
            value = next
            emit('socket')
          },
          error: () => {},
        }),
      )
    engine.start(spec.initial !== undefined)
    if (spec.initial !== undefined) emit('initial')
    return () => {
      engine.stop()
      for (const s of subscriptions) s.unsubscribe()
    }
  })
}
