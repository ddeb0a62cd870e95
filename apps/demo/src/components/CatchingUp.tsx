import type { Freshness, LiveWarning } from '@uc-conversation/rxjs'

/**
 * Said while a live collection knows it lacks something and a load to fill it is due (e.g. queued for the hourly
 * request budget): it is never shown as up to date meanwhile. `freshness` and `warning` are the hook's
 * (`useConversations`, `useWebchatQueueStatuses`); `missing` says what may be out of date.
 */
export function CatchingUp({
  freshness,
  warning,
  missing,
  testId,
}: {
  freshness: Freshness | undefined
  warning: LiveWarning | undefined
  missing: string
  testId: string
}) {
  if (freshness !== 'behind' && !warning) return null
  return (
    <p className="muted small-text" data-testid={testId}>
      Catching up{warning ? ' (waiting for the hourly request budget)' : ''}: {missing}
    </p>
  )
}
