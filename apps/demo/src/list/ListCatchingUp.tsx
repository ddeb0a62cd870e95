import type { Freshness } from '@uc-conversation/rxjs'

/**
 * Said while the list knows it lacks something and a load to fill it is due (e.g. queued for the hourly request
 * budget): it is never shown as up to date meanwhile. `freshness` is `useConversations`'s.
 */
export function ListCatchingUp({ freshness }: { freshness: Freshness | undefined }) {
  if (freshness !== 'behind') return null
  return (
    <p className="muted small-text" data-testid="conversations-behind">
      Catching up: the newest changes may be missing from this list.
    </p>
  )
}
