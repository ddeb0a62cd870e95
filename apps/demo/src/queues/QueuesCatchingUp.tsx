import type { Freshness } from '@uc-conversation/rxjs'

/**
 * Said while the queues know they lack something and a load to fill it is due (e.g. queued for the hourly
 * request budget): they are never shown as up to date meanwhile. `freshness` is `useWebchatQueueStatuses`'s.
 */
export function QueuesCatchingUp({ freshness }: { freshness: Freshness | undefined }) {
  if (freshness !== 'behind') return null
  return (
    <p className="muted small-text" data-testid="queues-behind">
      Catching up: waiting customers and figures may be out of date.
    </p>
  )
}
