import { useAgentKeepAlive } from '@uc-conversation/react-query'
import { formatTime } from '../format'
import { healthErrorText } from '../health-error-text'
import { useHealth } from '../use-health'

/**
 * The agent's session as the health reports it: "Session alive" only after a keepalive the server accepted,
 * while the last one did not fail, requests get through and the live socket is not lost; a failing, lapsed or
 * refused keepalive says so with its cause, and so do failing requests (a dead server cannot confirm a session).
 */
export function KeepAliveIndicator() {
  // Keeps the session alive while the console is open (one schedule however many components use it).
  const keepAlive = useAgentKeepAlive()
  const health = useHealth()
  // A keepalive that succeeded earlier confirms nothing while the server is not answering now: requests fail,
  // the browser is offline, or the live socket is lost (a silent server: its requests may just hang).
  const unconfirmed =
    health.keepAlive === 'alive' &&
    (health.network === 'failing' ||
      health.status === 'offline' ||
      health.status === 'reconnecting' ||
      health.status === 'failed')
  const status = unconfirmed ? 'unconfirmed' : (health.keepAlive ?? 'unknown')
  const cause =
    health.error && (unconfirmed || health.error.source === 'keepAlive')
      ? `: ${healthErrorText(health.error)}`
      : ''
  const label =
    status === 'alive'
      ? `Session alive${keepAlive?.lastSuccessAt ? ` · ${formatTime(new Date(keepAlive.lastSuccessAt).toISOString())}` : ''}`
      : status === 'unconfirmed'
        ? health.status === 'offline'
          ? 'Session unconfirmed: offline'
          : `Session unconfirmed${cause}`
        : status === 'failing'
          ? `Session keepalive failing${cause}`
          : status === 'lapsed'
            ? `Session lapsed${cause}`
            : status === 'failed'
              ? `Session refused${cause}`
              : 'Keeping session alive…'
  return (
    <span
      className={`keepalive keepalive-${status}`}
      data-testid="keepalive"
      data-status={status}
      title={label}
    >
      <span className="dot" aria-hidden="true" />
      <span className="keepalive-label">{label}</span>
    </span>
  )
}
