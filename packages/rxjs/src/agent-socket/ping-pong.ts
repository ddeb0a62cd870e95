import type { SchedulerLike, Subscription } from 'rxjs'
import type { Heartbeat } from './heartbeat'

/** @internal The heartbeat timer of one open connection, from {@link pingPong}. */
export interface PingPong {
  /** Pings now unless a ping is already out (a page that wakes may hold a socket dead without knowing it). */
  probe(): void
  /** Clears the timer. */
  stop(): void
}

/**
 * @internal Drives `heartbeat` (the rule) for one open connection with one timer: armed for the next step only,
 * not per frame, since frames just move the heartbeat's last activity. Starts counting silence now.
 */
export function pingPong(
  heartbeat: Heartbeat,
  scheduler: SchedulerLike,
  ping: () => void,
  dead: () => void,
): PingPong {
  let timer: Subscription | undefined
  const arm = (ms: number) => {
    timer?.unsubscribe()
    timer = scheduler.schedule(beat, ms)
  }
  const send = () => {
    heartbeat.pinged(scheduler.now())
    ping()
    arm(heartbeat.limits.heartbeatTimeoutMs)
  }
  function beat() {
    const now = scheduler.now()
    const step = heartbeat.next(now)
    if (step.kind === 'dead') dead()
    else if (step.kind === 'ping') send()
    else arm(step.until - now)
  }
  heartbeat.opened(scheduler.now())
  arm(heartbeat.limits.heartbeatIntervalMs)
  return {
    probe: () => {
      if (!heartbeat.awaitingAnswer) send()
    },
    stop: () => timer?.unsubscribe(),
  }
}
