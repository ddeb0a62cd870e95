import type { Freshness, LiveWarning } from '@uc-conversation/rxjs'

/**
 * Said while the list knows it lacks something and a load to fill it is due (e.g. queued for the hourly request
 * budget): it is never shown as up to date meanwhile. `freshness` and `warning` are `useConversations`'s.
 */
export function ListCatchingUp({
  freshness,
  warning,
}: {
  freshness: Freshness | undefined
  warning: LiveWarning | undefined
}) {
  if (freshness !== 'behind' && !warning) return null
  return (
    <p className="muted small-text" data-testid="conversations-behind">
      Catching up{warning ? ' (waiting for the hourly request budget)' : ''}: the newest changes may be
      missing from this list.
    </p>
  )
}
