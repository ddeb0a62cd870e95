import type { Freshness, LiveWarning } from '@uc-conversation/rxjs'

/**
 * Said while the queues know they lack something and a load to fill it is due (e.g. queued for the hourly
 * request budget): they are never shown as up to date meanwhile. `freshness` and `warning` are
 * `useWebchatQueueStatuses`'s.
 */
export function QueuesCatchingUp({
  freshness,
  warning,
}: {
  freshness: Freshness | undefined
  warning: LiveWarning | undefined
}) {
  if (freshness !== 'behind' && !warning) return null
  return (
    <p className="muted small-text" data-testid="queues-behind">
      Catching up{warning ? ' (waiting for the hourly request budget)' : ''}: waiting customers and figures
      may be out of date.
    </p>
  )
}
