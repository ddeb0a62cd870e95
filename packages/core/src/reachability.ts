import { type AnyConversationError, ConversationNetworkError } from './errors'
import { waitInLine } from './wait-in-line'

/** Consecutive failures that say the server cannot be reached before a client stops sending all but one probe. */
export const UNREACHABLE_AFTER = 3
/** Wait before the first probe once unreachable; each failed probe doubles it, up to {@link MAX_PROBE_INTERVAL_MS}. */
export const PROBE_INTERVAL_MS = 3000
/** Longest wait between two probes. */
export const MAX_PROBE_INTERVAL_MS = 30_000
/** `code` of the network error a call gets, without being sent, when the probe it waited for failed. */
export const UNREACHABLE_CODE = 'EUNREACHABLE'

/**
 * Failures that say nothing reached the server: a timeout, a refused connection, an unknown host, a network down,
 * or a browser's bare `Failed to fetch` (no code). A reset or any HTTP answer proves there is a server.
 */
const unreachableError = (error: AnyConversationError) =>
  error.kind === 'timeout' ||
  (error.kind === 'network' &&
    /^(|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)$/.test(error.code ?? ''))

/** @internal Whether a call may be sent now: `false` yes, `true` yes as the probe, an error: no (sent nothing). */
export type Entry = boolean | ConversationNetworkError

/**
 * @internal A client's view of whether its server can be reached. After {@link UNREACHABLE_AFTER} consecutive
 * unreachable failures only one call at a time is sent, as a probe, spaced by a doubling interval; the others
 * wait for the probe: when it gets any answer they are all sent, when it fails they fail with a network error
 * (code {@link UNREACHABLE_CODE}) without being sent, and their own retries wait for the next probe.
 */
export interface Reachability {
  readonly unreachable: boolean
  /** Before an attempt, ahead of the rate gate (a waiting call must not hold a slot the probe needs). */
  enter(signal?: AbortSignal): Entry | Promise<Entry>
  /** After an attempt that was sent: its error, `undefined` for an answer, `null` when the caller aborted it. */
  leave(probe: boolean, error: AnyConversationError | undefined | null): void
}

/** @internal */
export function createReachability(): Reachability {
  let failures = 0
  let probing = false
  let probeAt = 0
  let interval = PROBE_INTERVAL_MS
  let timer: ReturnType<typeof setTimeout> | undefined
  const waiting: Array<(entry: Entry) => void> = []
  const down = () => failures >= UNREACHABLE_AFTER
  const pump = () => {
    clearTimeout(timer)
    timer = undefined
    if (probing || !waiting.length) return
    // Reachable again: everyone goes (the rate gate orders them).
    if (!down()) for (const go of waiting.splice(0)) go(false)
    else if (Date.now() < probeAt) timer = setTimeout(pump, probeAt - Date.now())
    else {
      probing = true
      waiting.shift()!(true)
    }
  }
  return {
    get unreachable() {
      return down()
    },
    enter: (signal) => {
      if (!down()) return false
      if (!probing && !waiting.length && Date.now() >= probeAt) {
        probing = true
        return true
      }
      return waitInLine(waiting, pump, signal)
    },
    leave: (probe, error) => {
      if (probe) probing = false
      if (error === undefined || (error && !unreachableError(error))) {
        failures = 0
        interval = PROBE_INTERVAL_MS
      } else if (error && ++failures === UNREACHABLE_AFTER) probeAt = Date.now() + interval
      else if (error && probe) {
        interval = Math.min(MAX_PROBE_INTERVAL_MS, interval * 2)
        probeAt = Date.now() + interval
        // The probe's failure as the cause, never its text (it is scrubbed of credentials later, in place).
        const failed = new ConversationNetworkError('Server unreachable, retrying', error, UNREACHABLE_CODE)
        for (const go of waiting.splice(0)) go(failed)
      }
      pump()
    },
  }
}
