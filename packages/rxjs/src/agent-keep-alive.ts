import type { ConversationClient } from '@uc-conversation/core'
import { isPermanentError } from '@uc-conversation/core'
import { asyncScheduler, Observable, ReplaySubject, type SchedulerLike, type Subscription, share } from 'rxjs'
import { type BackoffOptions, backoffDelay } from './backoff'
import type { Defaults } from './internal/defaults'
import { pageWake$ } from './internal/is-page'

/** Defaults of {@link AgentKeepAliveOptions} (frozen). */
export const DEFAULT_KEEP_ALIVE: Defaults<Pick<AgentKeepAliveOptions, 'intervalMs' | 'catchUpAfterMs'>> =
  Object.freeze({
    /** Period of `getAgentKeepAlive` (UltraCart does not publish one). */
    intervalMs: 60_000,
    /** A wake-up (tab visible, network back) sends a keepalive at once unless one succeeded this recently. */
    catchUpAfterMs: 5_000,
  })

export interface AgentKeepAliveOptions {
  /**
   * Milliseconds from the end of one successful keepalive to the start of the next.
   * @default DEFAULT_KEEP_ALIVE.intervalMs (60,000)
   */
  intervalMs?: number | undefined
  /**
   * Backoff of retries after a failed keepalive (never longer than `intervalMs`).
   * @default DEFAULT_BACKOFF
   */
  retry?: BackoffOptions | undefined
  /**
   * Without a success for this long the session counts as `lapsed` (the agent is probably `unavailable` on
   * the server by now); retries continue.
   * @default 2 × intervalMs
   */
  lapseAfterMs?: number | undefined
  /**
   * When the page becomes visible or the network returns, a keepalive is sent at once unless one succeeded
   * within this many milliseconds (throttled background tabs fire timers late).
   * @default DEFAULT_KEEP_ALIVE.catchUpAfterMs (5,000)
   */
  catchUpAfterMs?: number | undefined
  /** Scheduler for every timer (tests pass a virtual one). @default asyncScheduler */
  scheduler?: SchedulerLike | undefined
}

/** What {@link agentKeepAlive} emits after every attempt (and when the session lapses). */
export interface AgentKeepAliveStatus {
  /**
   * `alive` after a success; `retrying` after failures; `lapsed` after `lapseAfterMs` without success;
   * `failed` after an answer that retrying cannot change (401, 403, 404, 410: a refused key or scope): nothing
   * more is sent until every subscriber has left and one subscribes again. `error` names the cause.
   */
  status: 'alive' | 'retrying' | 'lapsed' | 'failed'
  /** Time (scheduler clock, epoch ms) of the last success. */
  lastSuccessAt: number | undefined
  /** Failures since the last success. */
  consecutiveFailures: number
  /** When the next attempt is due (the time of the failure once `failed`: none is due). */
  nextAttemptAt: number
  /** The last failure, while not alive. */
  error?: unknown | undefined
}

/**
 * Keeps the agent's session alive: `getAgentKeepAlive` at once, then `intervalMs` after each completion;
 * failures retried with backoff, after which the schedule resumes. A permanent refusal (bad key) stops it in
 * the `failed` status instead of retrying. The subscribers of the returned observable share one schedule and get
 * the latest status at once (an app shares one through its session: `session.keepAlive()`); the last
 * unsubscribe stops everything and aborts a request in flight.
 */
export function agentKeepAlive(
  client: ConversationClient,
  options: AgentKeepAliveOptions = {},
): Observable<AgentKeepAliveStatus> {
  const scheduler = options.scheduler ?? asyncScheduler
  const intervalMs = options.intervalMs ?? DEFAULT_KEEP_ALIVE.intervalMs
  const lapseAfterMs = options.lapseAfterMs ?? 2 * intervalMs
  const catchUpAfterMs = options.catchUpAfterMs ?? DEFAULT_KEEP_ALIVE.catchUpAfterMs
  return new Observable<AgentKeepAliveStatus>((subscriber) => {
    const startedAt = scheduler.now()
    let lastSuccessAt: number | undefined
    let failures = 0
    let lastError: unknown
    let nextAttemptAt = startedAt
    let timer: Subscription | undefined
    let lapseTimer: Subscription | undefined
    let inFlight: AbortController | undefined
    let failed = false

    const emit = (status: AgentKeepAliveStatus['status']) =>
      subscriber.next({
        status,
        lastSuccessAt,
        consecutiveFailures: failures,
        nextAttemptAt,
        ...(status === 'alive' ? {} : { error: lastError }),
      })
    const lapsed = () => scheduler.now() - (lastSuccessAt ?? startedAt) >= lapseAfterMs
    const armLapse = () => {
      lapseTimer?.unsubscribe()
      // Reports the lapse even while an attempt hangs (core may retry one call for minutes).
      lapseTimer = scheduler.schedule(() => {
        if (failures > 0 || inFlight) emit('lapsed')
      }, lapseAfterMs)
    }
    const schedule = (delay: number) => {
      timer?.unsubscribe()
      nextAttemptAt = scheduler.now() + delay
      timer = scheduler.schedule(run, delay)
    }
    function run() {
      timer?.unsubscribe()
      timer = undefined
      if (inFlight) return
      const controller = new AbortController()
      inFlight = controller
      client.getAgentKeepAlive({ signal: controller.signal }).then(
        () => {
          if (controller.signal.aborted) return
          inFlight = undefined
          lastSuccessAt = scheduler.now()
          failures = 0
          lastError = undefined
          armLapse()
          schedule(intervalMs)
          emit('alive')
        },
        (error: unknown) => {
          if (controller.signal.aborted) return
          inFlight = undefined
          lastError = error
          if (isPermanentError(error)) {
            // A refused key stays refused: retrying only spends the hourly budget.
            failed = true
            failures++
            lapseTimer?.unsubscribe()
            nextAttemptAt = scheduler.now()
            emit('failed')
            return
          }
          schedule(Math.min(intervalMs, backoffDelay(failures++, options.retry)))
          emit(lapsed() ? 'lapsed' : 'retrying')
        },
      )
    }

    const wake = pageWake$.subscribe(() => {
      if (
        !failed &&
        !inFlight &&
        (lastSuccessAt === undefined || scheduler.now() - lastSuccessAt >= catchUpAfterMs)
      )
        run()
    })
    armLapse()
    run()
    return () => {
      wake.unsubscribe()
      timer?.unsubscribe()
      lapseTimer?.unsubscribe()
      inFlight?.abort()
      inFlight = undefined
    }
  }).pipe(share({ connector: () => new ReplaySubject<AgentKeepAliveStatus>(1) }))
}
