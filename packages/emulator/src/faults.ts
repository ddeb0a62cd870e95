import type { OperationName } from './operations'
import type { Random } from './random'

/** A probability for every route, or per operation name with `'*'` for the others. */
export type PerRoute = number | Partial<Record<OperationName | '*', number>>

/**
 * Faults to inject. Random choices come from the emulator's seeded `faults` stream, so a run with the same
 * seed and the same requests fails the same way.
 */
export interface FaultConfig {
  /** Delay before every HTTP answer, in ms: fixed, or `[min, max]` drawn per request. Runs on the emulator clock. */
  latencyMs?: number | readonly [number, number]
  /** Probability (0 to 1) that a request is answered with `errorStatus` and the error envelope. */
  errorRate?: PerRoute
  /**
   * Status of injected errors.
   * @default 500
   */
  errorStatus?: number
  /**
   * Probability that a request's connection is reset: over `listen()` the TCP socket is destroyed; through
   * the in-process `fetch` the promise rejects with a `TypeError('fetch failed')`, as `fetch` does.
   */
  resetRate?: PerRoute
  /** Drop each agent socket (no close frame: the client sees 1006) once it has been sent this many frames. */
  socketDropEveryFrames?: number
  /** Drop each agent socket this many ms after it connected (or after this fault was set). */
  socketDropEveryMs?: number
  /** Deliver every outgoing websocket frame this many ms late (order is kept). */
  socketDelayMs?: number
  /**
   * Sockets connected while this is set, and those open when it is set, go silent for the rest of their life:
   * they stay open but send nothing and ignore every frame, pings included.
   */
  silentSockets?: boolean
}

const rateFor = (rate: PerRoute | undefined, op: OperationName | undefined) => {
  if (rate === undefined) return 0
  if (typeof rate === 'number') return rate
  return (op ? rate[op] : undefined) ?? rate['*'] ?? 0
}

/** Fault injection; see {@link FaultConfig}. */
export interface FaultControl {
  /** Merges `patch` into the active faults. */
  set(patch: FaultConfig): void
  clear(): void
  readonly current: Readonly<FaultConfig>
}

/** The faults as the routes and the hub consult them. @internal */
export interface Faults extends FaultControl {
  /** Called after every change (the hub re-arms drop timers and silences sockets). */
  onChange(listener: () => void): void
  /** Decides one request's fate; draws nothing from the stream when no fault is configured. */
  roll(op: OperationName | undefined): 'reset' | 'error' | undefined
  /** This request's latency in ms (0 without a latency fault). */
  latency(): number
}

/** @internal */
export function createFaults(random: Random, initial: FaultConfig = {}): Faults {
  let config: FaultConfig = { ...initial }
  const listeners = new Set<() => void>()
  return {
    get current(): Readonly<FaultConfig> {
      return config
    },
    set(patch: FaultConfig) {
      config = { ...config, ...patch }
      for (const l of listeners) l()
    },
    clear() {
      config = {}
      for (const l of listeners) l()
    },
    onChange(listener: () => void) {
      listeners.add(listener)
    },
    roll(op: OperationName | undefined): 'reset' | 'error' | undefined {
      const reset = rateFor(config.resetRate, op)
      if (reset > 0 && random.next() < reset) return 'reset'
      const error = rateFor(config.errorRate, op)
      if (error > 0 && random.next() < error) return 'error'
      return undefined
    },
    latency(): number {
      const l = config.latencyMs
      if (l === undefined) return 0
      if (typeof l === 'number') return Math.max(0, l)
      return random.int(Math.max(0, l[0]), Math.max(l[0], l[1]))
    },
  }
}
