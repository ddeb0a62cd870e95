import { useConsole } from '../console-context'
import { useConnectionHealth } from '../data'
import { useNow } from '../use-now'

const TEXT = {
  live: 'Live',
  reconnecting: 'Reconnecting…',
  polling: 'Live updates unavailable: refreshing periodically',
  offline: 'You are offline. Changes will sync when the connection returns.',
} as const

export function ConnectionBanner() {
  const health = useConnectionHealth()
  const { socket } = useConsole()
  const now = useNow(500)
  const retryIn =
    health.status === 'reconnecting' && health.retryAt
      ? Math.max(0, Math.ceil((health.retryAt - now) / 1000))
      : 0
  return (
    <div
      className={`banner banner-${health.status}`}
      role="status"
      data-testid="connection"
      data-status={health.status}
    >
      <span className="dot" aria-hidden="true" />
      <span>
        {TEXT[health.status]}
        {health.status === 'reconnecting' && health.attempt ? ` attempt ${health.attempt}` : ''}
        {retryIn > 0 ? `, retrying in ${retryIn}s` : ''}
      </span>
      {health.status === 'reconnecting' || health.status === 'polling' ? (
        <button type="button" className="link" onClick={() => socket.reconnect()}>
          Retry now
        </button>
      ) : null}
    </div>
  )
}
