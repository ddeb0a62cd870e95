import { type ConversationClient, isPermanentError } from '@uc-conversation/core'
import type { Observable, SchedulerLike, Subscription } from 'rxjs'
import type { AgentSocket } from '../agent-socket/agent-socket'
import { type BackoffOptions, backoffDelay } from '../backoff'
import type { Freshness, LiveSource, LiveWarning } from '../freshness'
import { pollDelay, type RevalidateOptions, revalidateDelay } from '../poll-delay'
import { isOffline, isPageHidden, pageChanges$, pageWake$ } from './is-page'

/**
 * Why a load runs. `gap`: server evidence showed something the stream lacks (a targeted catch-up, emitted as
 * `catch-up`); a full `catch-up` covers it. `poll` is also the periodic check while the socket is up.
 */
export type FetchSource = Extract<LiveSource, 'initial' | 'catch-up' | 'poll'> | 'gap'

/** The options of the collection (its poll and check options among them) with the engine's own parts over them. */
export interface SyncEngineSpec extends RevalidateOptions {
  client: ConversationClient
  socket?: AgentSocket | undefined
  scheduler: SchedulerLike
  retry?: BackoffOptions | undefined
  /**
   * One load (an async function: it never throws, it rejects); resolves when merged. `connection` is the socket
   * connection open when it started, if any.
   */
  fetch(signal: AbortSignal, source: FetchSource, connection: number | undefined): Promise<void>
  /** A load succeeded; `freshnessChanged` says whether `freshness` differs from the last one reported. */
  onLoaded(source: FetchSource, freshnessChanged: boolean): void
  onFreshness(freshness: Freshness): void
  /** A load failed for good (core's `isPermanentError`). */
  onError(error: unknown): void
  /** Whether the stream holds evidence it is behind that no load has settled yet. @default () => false */
  behind?(): boolean
}

export interface SyncEngine {
  /**
   * Starts the schedule with an initial load, or, `seeded` (the stream already holds data loaded before, e.g.
   * on the server), with a catch-up instead: at once when the socket is open or there is none, else when it
   * opens (polling meanwhile as after any load).
   */
  start(seeded?: boolean): void
  /** Loads now, or once more right after the load in flight (a poll in flight is abandoned for anything else). */
  request(source: FetchSource): void
  /** Subscribes `next` to `source` (its error, a socket's permanent failure, is the socket state's news) until `stop`. */
  listen<V>(source: Observable<V>, next: (value: V) => void): void
  /** Ends the schedule, the load in flight and every subscription (the engine's and those of `listen`). */
  stop(): void
  /** The socket connection open right now, if any. */
  openConnection(): number | undefined
  readonly freshness: Freshness
  /** Set while a load the stream needs waits for the client's budget. */
  readonly warning: LiveWarning | undefined
}

const rank: Record<FetchSource, number> = { poll: 0, gap: 1, 'catch-up': 2, initial: 3 }
/** Loads that mean the stream lacks something while the socket is up (a poll or a check does not). */
const needed = (source: FetchSource | undefined) => source === 'gap' || source === 'catch-up'

/**
 * The schedule every live stream shares: an initial load; a catch-up on every socket (re)connect and on
 * refocus; polling while the socket is down or absent (budget-aware, paused while hidden or offline), and a
 * budget-aware check while it is up (`revalidateMs`); one load at a time, with backoff after failures. A poll still in
 * flight (e.g. queued for the budget during an outage) is abandoned for the catch-up that supersedes it, so each
 * stream loads once, not twice, when the network returns. Never `live` while a needed load is pending.
 */
export function createSyncEngine(spec: SyncEngineSpec): SyncEngine {
  const { scheduler, socket } = spec
  let running = false
  let inFlight: AbortController | undefined
  let inFlightSource: FetchSource | undefined
  let again: FetchSource | undefined
  let timer: Subscription | undefined
  let timerFor: 'poll' | 'check' | 'retry' | undefined
  let failures = 0
  let loaded = false
  let freshness: Freshness | undefined
  let warning: LiveWarning | undefined
  const subscriptions: Subscription[] = []
  const listen = <V>(source: Observable<V>, next: (value: V) => void) => {
    subscriptions.push(source.subscribe({ next, error: () => {} }))
  }

  const openConnection = () => {
    const state = socket?.state
    return state?.status === 'open' ? state.connection : undefined
  }
  const paused = () => isPageHidden() || isOffline()
  const behind = () => needed(inFlightSource) || needed(again) || spec.behind?.() === true

  const compute = (): Freshness =>
    failures > 0
      ? 'stale'
      : openConnection() !== undefined
        ? behind()
          ? 'behind'
          : 'live'
        : paused()
          ? 'stale'
          : 'polling'
  /** The warning last reported with a freshness (a new one is news even when the freshness stays). */
  let told: LiveWarning | undefined
  const updateFreshness = () => {
    const next = compute()
    if (next === freshness && warning === told) return
    freshness = next
    told = warning
    if (loaded) spec.onFreshness(next)
  }

  const clearTimer = () => {
    timer?.unsubscribe()
    timer = timerFor = undefined
  }
  /** One timer for the next poll, check or retry: it asks for `source`. */
  const arm = (what: typeof timerFor, delay: number, source: FetchSource = 'poll') => {
    timerFor = what
    timer = scheduler.schedule(() => {
      timer = timerFor = undefined
      request(source)
    }, delay)
  }
  /** `source`, or the load already due when that one counts more; nothing is due after. */
  const take = (source: FetchSource) => {
    const next = again && rank[again] > rank[source] ? again : source
    again = undefined
    return next
  }

  /** The timer the schedule wants now: a poll without an open socket, a check with one, none while paused. */
  const schedulePoll = () => {
    if (!running || inFlight || timerFor === 'retry') return
    const want = !loaded || paused() ? undefined : openConnection() === undefined ? 'poll' : 'check'
    if (timerFor === want) return
    clearTimer()
    const delay = want === 'check' ? revalidateDelay(spec.client, spec) : want && pollDelay(spec.client, spec)
    if (delay !== undefined) arm(want, delay)
  }

  const run = (source: FetchSource) => {
    clearTimer()
    const controller = new AbortController()
    inFlight = controller
    inFlightSource = source
    const stats = spec.client.stats
    warning =
      needed(source) && stats && stats.budgetLeft < 1
        ? { kind: 'waiting-for-budget', queued: stats.queued }
        : undefined
    /** Whether this load is still the one in flight; it no longer is after. */
    const settle = () => {
      if (inFlight !== controller) return false
      inFlight = inFlightSource = warning = undefined
      return true
    }
    spec.fetch(controller.signal, source, openConnection()).then(
      () => {
        if (!settle()) return
        failures = 0
        loaded = true
        // The load's own emission carries the new freshness (`behind` while another load is due); no separate
        // status emission.
        const before = freshness
        freshness = compute()
        told = undefined
        spec.onLoaded(source, freshness !== before)
        if (!running || inFlight) return // (onLoaded asked for the next load itself)
        const next = again
        again = undefined
        if (next) request(next)
        else schedulePoll()
      },
      (error: unknown) => {
        if (!settle()) return
        if (isPermanentError(error)) return spec.onError(error)
        arm('retry', backoffDelay(failures++, spec.retry), take(source))
        updateFreshness()
      },
    )
  }

  function request(source: FetchSource) {
    if (!running) return
    if (inFlight && (inFlightSource !== 'poll' || source === 'poll')) {
      if (!again || rank[source] > rank[again]) again = source
    } else {
      // A poll started before this catch-up was needed (e.g. queued for the budget while the network was out)
      // cannot stand for it: abandoned, so its place in the client's queue goes to the load that counts. A
      // catch-up also replaces a pending retry: it loads the same data, now (and one that was due goes with it).
      const stale = inFlight
      inFlight = undefined
      stale?.abort()
      run(take(source))
    }
    updateFreshness()
  }

  return {
    start(seeded = false) {
      running = true
      let starting = true
      if (socket)
        listen(socket.state$, (state) => {
          // An open socket at subscription time is covered by the initial load, which starts after it.
          if (state.status === 'open' && !starting) request('catch-up')
          else schedulePoll()
          updateFreshness()
        })
      listen(pageWake$, () => request('catch-up'))
      listen(pageChanges$, () => {
        updateFreshness()
        schedulePoll()
      })
      starting = false
      if (seeded && (!socket || openConnection() !== undefined)) run('catch-up')
      else if (!seeded) run('initial')
      // Said with the first emission (the seed's or the first load's), not as a status of its own.
      freshness = compute()
      if (!seeded) return
      loaded = true
      schedulePoll()
    },
    request,
    listen,
    stop() {
      running = false
      for (const s of subscriptions) s.unsubscribe()
      subscriptions.length = 0
      clearTimer()
      inFlight?.abort()
      inFlight = inFlightSource = undefined
    },
    openConnection,
    get freshness() {
      return freshness ?? 'stale'
    },
    get warning() {
      return warning
    },
  }
}
