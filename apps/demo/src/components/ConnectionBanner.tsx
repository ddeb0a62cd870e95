import { useConsole } from '../console-context'
import { healthErrorText } from '../data'
import { useHealth } from '../use-health'
import { useNow } from '../use-now'

const TEXT = {
  live: 'Live',
  reconnecting: 'Reconnecting…',
  polling: 'Live updates unavailable: refreshing periodically',
  failed: 'Live updates stopped',
  offline: 'You are offline. Changes will sync when the connection returns.',
} as const

/**
 * The live channel as the socket, the keepalive and the requests report it: "Live" only while the socket is open
 * and answering; a failing request shows at once, with its cause.
 */
export function ConnectionBanner() {
  const health = useHealth()
  const { session } = useConsole()
  const now = useNow(500)
  const retryIn =
    health.status === 'reconnecting' && health.retryAt
      ? Math.max(0, Math.ceil((health.retryAt - now) / 1000))
      : 0
  // A live socket with failing requests is not "everything works": say what fails.
  const degraded = health.status === 'live' && health.network === 'failing'
  const cause =
    health.error && (health.status !== 'live' || degraded) ? healthErrorText(health.error) : undefined
  return (
    <div
      className={`banner banner-${degraded ? 'degraded' : health.status}`}
      role={health.status === 'failed' ? 'alert' : 'status'}
      data-testid="connection"
      data-status={health.status}
      data-network={health.network ?? ''}
    >
      <span className="dot" aria-hidden="true" />
      <span>
        {TEXT[health.status]}
        {degraded ? ', but requests are failing' : ''}
        {health.status === 'reconnecting' && health.attempt ? ` attempt ${health.attempt}` : ''}
        {/* The countdown is for the eye: screen readers would hear it every second. */}
        {retryIn > 0 ? (
          <span aria-hidden="true" data-testid="retry-countdown">
            , retrying in {retryIn}s
          </span>
        ) : (
          ''
        )}
        {cause ? <span data-testid="connection-cause">: {cause}</span> : null}
      </span>
      {health.status === 'reconnecting' || health.status === 'polling' ? (
        <button type="button" className="link" onClick={() => session.reconnect()}>
          Retry now
        </button>
      ) : null}
    </div>
  )
}
