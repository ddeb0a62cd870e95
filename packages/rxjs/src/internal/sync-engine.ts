import type { ConversationClient } from '@uc-conversation/core'
import type { SchedulerLike, Subscription } from 'rxjs'
import type { AgentSocket } from '../agent-socket/agent-socket'
import { type BackoffOptions, backoffDelay } from '../backoff'
import type { Freshness, LiveSource } from '../freshness'
import { type PollOptions, pollDelay } from '../poll-delay'
import { isOffline, isPageHidden, pageChanges$, pageWake$ } from './is-page'

/**
 * Why a load runs. `gap`: server evidence showed a message the stream lacks (a targeted catch-up, emitted as
 * `catch-up`); a full `catch-up` covers it.
 */
export type FetchSource = Extract<LiveSource, 'initial' | 'catch-up' | 'poll'> | 'gap'

export interface SyncEngineSpec extends PollOptions {
  client: ConversationClient
  socket: AgentSocket | undefined
  scheduler: SchedulerLike
  retry: BackoffOptions | undefined
  /** One load; resolves when merged. `connection` is the socket connection open when it started, if any. */
  fetch(signal: AbortSignal, source: FetchSource, connection: number | undefined): Promise<void>
  /** A load succeeded; `freshnessChanged` says whether `freshness` differs from the last one reported. */
  onLoaded(source: FetchSource, freshnessChanged: boolean): void
  onFreshness(freshness: Freshness): void
  /** A load failed for good. */
  onError(error: unknown): void
  isPermanent(error: unknown): boolean
}

export interface SyncEngine {
  /**
   * Starts the schedule with an initial load, or, `seeded` (the stream already holds data loaded before, e.g.
   * on the server), with a catch-up instead: at once when the socket is open or there is none, else when it
   * opens (polling meanwhile as after any load).
   */
  start(seeded?: boolean): void
  /** Loads now, or once more right after the load in flight. */
  request(source: FetchSource): void
  stop(): void
  /** The socket connection open right now, if any. */
  openConnection(): number | undefined
  readonly freshness: Freshness
}

const rank: Record<FetchSource, number> = { poll: 0, gap: 1, 'catch-up': 2, initial: 3 }

/**
 * The schedule every live stream shares: an initial load; a catch-up on every socket (re)connect and on
 * refocus; polling while the socket is down or absent (budget-aware, paused while hidden or offline); one load
 * at a time, with backoff after failures.
 */
export function createSyncEngine(spec: SyncEngineSpec): SyncEngine {
  const { scheduler, socket } = spec
  let running = false
  let inFlight: AbortController | undefined
  let again: FetchSource | undefined
  let timer: Subscription | undefined
  let timerFor: 'poll' | 'retry' | undefined
  let failures = 0
  let loaded = false
  let freshness: Freshness | undefined
  const subscriptions: Subscription[] = []

  const openConnection = () => {
    const state = socket?.state
    return state?.status === 'open' ? state.connection : undefined
  }
  const paused = () => isPageHidden() || isOffline()

  const compute = (): Freshness =>
    failures > 0 ? 'stale' : openConnection() !== undefined ? 'live' : paused() ? 'stale' : 'polling'
  const updateFreshness = () => {
    const next = compute()
    if (next === freshness) return
    freshness = next
    if (loaded) spec.onFreshness(next)
  }

  const clearTimer = () => {
    timer?.unsubscribe()
    timer = undefined
    timerFor = undefined
  }

  const schedulePoll = () => {
    if (!running || inFlight || timerFor === 'retry') return
    if (openConnection() !== undefined || paused() || !loaded) {
      if (timerFor === 'poll') clearTimer()
      return
    }
    if (timerFor === 'poll') return
    timerFor = 'poll'
    timer = scheduler.schedule(
      () => {
        timer = undefined
        timerFor = undefined
        request('poll')
      },
      pollDelay(spec.client, spec),
    )
  }

  const run = (source: FetchSource) => {
    clearTimer()
    const controller = new AbortController()
    inFlight = controller
    let promise: Promise<void>
    try {
      promise = spec.fetch(controller.signal, source, openConnection())
    } catch (error) {
      promise = Promise.reject(error)
    }
    promise.then(
      () => {
        if (inFlight !== controller) return
        inFlight = undefined
        failures = 0
        loaded = true
        // The load's own emission carries the new freshness; no separate status emission.
        const before = freshness
        freshness = compute()
        spec.onLoaded(source, freshness !== before)
        if (!running) return
        const next = again
        again = undefined
        if (next) run(next)
        else schedulePoll()
      },
      (error: unknown) => {
        if (inFlight !== controller) return
        inFlight = undefined
        if (spec.isPermanent(error)) {
          spec.onError(error)
          return
        }
        const retryAs = again && rank[again] > rank[source] ? again : source
        again = undefined
        timerFor = 'retry'
        timer = scheduler.schedule(
          () => {
            timer = undefined
            timerFor = undefined
            request(retryAs)
          },
          backoffDelay(failures++, spec.retry),
        )
        updateFreshness()
      },
    )
  }

  function request(source: FetchSource) {
    if (!running) return
    if (inFlight) {
      if (!again || rank[source] > rank[again]) again = source
      return
    }
    // A catch-up also replaces a pending retry: it loads the same data, now.
    run(source)
  }

  return {
    start(seeded = false) {
      running = true
      let starting = true
      if (socket)
        subscriptions.push(
          socket.state$.subscribe((state) => {
            updateFreshness()
            // An open socket at subscription time is covered by the initial load, which starts after it.
            if (state.status === 'open' && !starting) request('catch-up')
            else schedulePoll()
          }),
        )
      subscriptions.push(
        pageWake$.subscribe(() => request('catch-up')),
        pageChanges$.subscribe(() => {
          updateFreshness()
          schedulePoll()
        }),
      )
      starting = false
      updateFreshness()
      if (!seeded) return run('initial')
      loaded = true
      if (!socket || openConnection() !== undefined) run('catch-up')
      else schedulePoll()
    },
    request,
    stop() {
      running = false
      for (const s of subscriptions) s.unsubscribe()
      subscriptions.length = 0
      clearTimer()
      inFlight?.abort()
      inFlight = undefined
    },
    openConnection,
    get freshness() {
      return freshness ?? 'stale'
    },
  }
}
