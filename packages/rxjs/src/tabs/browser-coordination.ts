import { ConversationValidationError } from '@uc-conversation/core'
import {
  asyncScheduler,
  BehaviorSubject,
  distinctUntilChanged,
  type SchedulerLike,
  Subject,
  Subscription,
} from 'rxjs'
import type { Coordination, CoordinationMessage, Leadership } from './coordination'

/** The Web Locks calls the election uses (`navigator.locks`). */
export interface ElectionLocks {
  request(
    name: string,
    options: { mode?: 'exclusive'; steal?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>
}

/** The BroadcastChannel members the coordination uses. */
export interface ChannelLike {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  close(): void
}

/** Defaults of {@link browserCoordination} (frozen). */
export const DEFAULT_TAB_COORDINATION: Readonly<{ heartbeatMs: number; leaseMs: number }> =
  /* @__PURE__ */ Object.freeze({
    /** How often the leader says it is alive. */
    heartbeatMs: 400,
    /** Silence after which the leader is taken for dead or frozen and another tab takes over (within 2 s). */
    leaseMs: 1000,
  })

/** Options of {@link browserCoordination}; the globals are injectable for tests. */
export interface BrowserCoordinationOptions {
  /**
   * The group: tabs with the same name (one origin) share one leader. Use one name per agent (e.g. the
   * agent's login), so two agents' tabs never share a connection.
   */
  name: string
  /**
   * Web Locks: the leader holds the group's lock for its life, so a closed or crashed leader hands over at
   * once. `false`, or a browser without them: the lease fallback (heartbeats only).
   * @default globalThis.navigator.locks
   */
  locks?: ElectionLocks | false | undefined
  /** @default globalThis.BroadcastChannel */
  BroadcastChannel?: (new (name: string) => ChannelLike) | undefined
  /**
   * Shared synchronous storage for the newest term (fencing that also reaches a tab that was frozen); `false`
   * for none.
   * @default globalThis.localStorage
   */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | false | undefined
  /** @default DEFAULT_TAB_COORDINATION.heartbeatMs */
  heartbeatMs?: number | undefined
  /** @default DEFAULT_TAB_COORDINATION.leaseMs */
  leaseMs?: number | undefined
  /** Spreads simultaneous claims of followers (0 ≤ x < 1). @default Math.random */
  random?: (() => number) | undefined
  /** This tab's id. @default a random id */
  id?: string | undefined
  /** The clock and timers (a virtual one in tests and benches). @default asyncScheduler */
  scheduler?: SchedulerLike | undefined
  /**
   * Where `pagehide` tells that the tab is going: the coordination then closes (a leader resigns at once instead
   * of leaving the others to wait out its lease). `false` for none.
   * @default globalThis, where it has addEventListener (a browser)
   */
  page?: PageEvents | false | undefined
}

/** The `pagehide` listening of a window. */
export interface PageEvents {
  addEventListener(type: 'pagehide', listener: (event: { persisted?: boolean }) => void): void
  removeEventListener(type: 'pagehide', listener: (event: { persisted?: boolean }) => void): void
}

type Wire =
  | { k: 'beat'; from: string; term: number }
  | { k: 'hello'; from: string; term: number }
  | { k: 'resign'; from: string; term: number }
  | { k: 'msg'; from: string; term: number; lead: boolean; body: unknown }

const isWire = (data: unknown): data is Wire =>
  typeof data === 'object' &&
  data !== null &&
  typeof (data as Wire).from === 'string' &&
  typeof (data as Wire).term === 'number' &&
  ['beat', 'hello', 'resign', 'msg'].includes((data as Wire).k)

const positive = (value: number | undefined, field: string, fallback: number): number => {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value <= 0)
    throw new ConversationValidationError(field, 'a positive number of milliseconds')
  return value
}

/** A leader (term, id) outranks another with a lower term, or the same term and a lower id. */
const outranks = (term: number, id: string, otherTerm: number, otherId: string) =>
  term > otherTerm || (term === otherTerm && id > otherId)

/**
 * The browser backend of {@link Coordination}: the tabs of one origin and `name` elect a leader with Web Locks
 * (the leader holds an exclusive lock for its life; a frozen leader's lock is stolen once its heartbeats stop
 * for `leaseMs`), or by heartbeat leases where Web Locks are missing, and talk over a BroadcastChannel. Every
 * new leader takes a greater term (kept in `localStorage` too), so of two tabs that both believe they lead the
 * older term's writes are refused.
 */
export function browserCoordination(options: BrowserCoordinationOptions): Coordination {
  if (typeof options?.name !== 'string' || !options.name)
    throw new ConversationValidationError('name', 'a non-empty string')
  const heartbeatMs = positive(options.heartbeatMs, 'heartbeatMs', DEFAULT_TAB_COORDINATION.heartbeatMs)
  const leaseMs = positive(options.leaseMs, 'leaseMs', DEFAULT_TAB_COORDINATION.leaseMs)
  if (leaseMs <= heartbeatMs) throw new ConversationValidationError('leaseMs', 'longer than heartbeatMs')
  const g = globalThis as {
    navigator?: { locks?: ElectionLocks }
    BroadcastChannel?: new (name: string) => ChannelLike
    localStorage?: Pick<Storage, 'getItem' | 'setItem'>
    addEventListener?: unknown
  }
  const Channel = options.BroadcastChannel ?? g.BroadcastChannel
  if (!Channel)
    throw new ConversationValidationError(
      'BroadcastChannel',
      'a BroadcastChannel constructor (none in this runtime)',
    )
  const locks = options.locks === false ? undefined : (options.locks ?? g.navigator?.locks)
  let storage: Pick<Storage, 'getItem' | 'setItem'> | undefined
  try {
    storage = options.storage === false ? undefined : (options.storage ?? g.localStorage)
  } catch {
    // localStorage throws where storage is blocked: fencing then relies on the channel alone.
  }
  const random = options.random ?? Math.random
  const scheduler = options.scheduler ?? asyncScheduler
  const now = () => scheduler.now()
  const id = options.id ?? `${now().toString(36)}-${random().toString(36).slice(2, 10)}`
  const name = options.name
  const termKey = `uc-conversation:tabs:${name}:term`
  const channel = new Channel(`uc-conversation:tabs:${name}`)

  let closed = false
  let known = 0
  let myTerm = 0
  let leading = false
  let leaderId: string | undefined
  let lastBeat = Number.NEGATIVE_INFINITY
  const startedAt = now()
  // Tabs opened (or left leaderless) together claim one after another, so the first one's heartbeat usually
  // stops the others before they claim: fewer sessions started only to be dropped.
  const jitter = (random() * heartbeatMs) / 2
  /** When this tab asked a silent leader whether it is there (undefined: not asking). */
  let probedAt: number | undefined
  let claimAfter = 0
  /** Resolves the callback of the held lock (releasing it). */
  let release: (() => void) | undefined
  /** Aborts the queued lock request. */
  let queued: AbortController | undefined
  let beatTimer: Subscription | undefined

  const stored = (): number => {
    try {
      const n = Number(storage?.getItem(termKey))
      return Number.isFinite(n) ? n : 0
    } catch {
      return 0
    }
  }
  const state = (): Leadership => ({
    leader: leading,
    term: leading ? myTerm : known,
    leaderId: leading ? id : leaderId,
    alive: leading || now() - lastBeat <= leaseMs,
  })
  const leadership = new BehaviorSubject<Leadership>(state())
  const messages = new Subject<CoordinationMessage>()
  const emit = () => {
    if (closed) return
    const next = state()
    const prev = leadership.value
    if (
      prev.leader !== next.leader ||
      prev.term !== next.term ||
      prev.leaderId !== next.leaderId ||
      prev.alive !== next.alive
    )
      leadership.next(next)
  }
  const post = (wire: Wire) => {
    try {
      channel.postMessage(wire)
    } catch {
      // A closed channel (the tab is unloading): nothing to tell.
    }
  }
  const learn = (term: number) => {
    if (term > known) known = term
  }

  const beat = () => {
    if (!leading) return
    // A newer term in storage means another tab took over while this one was frozen.
    if (stored() > myTerm) return stepDown()
    post({ k: 'beat', from: id, term: myTerm })
  }
  const lead = () => {
    if (closed || leading) return
    myTerm = Math.max(known, stored()) + 1
    known = myTerm
    try {
      storage?.setItem(termKey, String(myTerm))
    } catch {
      // Quota or blocked storage: the channel still carries the term.
    }
    leading = true
    leaderId = id
    beatTimer = every(scheduler, heartbeatMs, beat)
    post({ k: 'beat', from: id, term: myTerm })
    emit()
  }
  const stepDown = () => {
    if (!leading) return
    leading = false
    beatTimer?.unsubscribe()
    beatTimer = undefined
    const free = release
    release = undefined
    free?.()
    // Wait a full lease for the new leader's heartbeat before claiming again.
    lastBeat = now()
    emit()
    if (locks && !closed) queue(false)
  }
  /** Asks for the group's lock (queued behind the holder, or taking it from a frozen one). */
  const queue = (steal: boolean) => {
    if (!locks || closed) return
    queued?.abort()
    const abort = new AbortController()
    queued = steal ? undefined : abort
    let mine: (() => void) | undefined
    locks
      .request(
        name,
        steal ? { mode: 'exclusive', steal: true } : { mode: 'exclusive', signal: abort.signal },
        () => {
          if (closed) return undefined
          if (queued === abort) queued = undefined
          return new Promise<void>((resolve) => {
            mine = resolve
            release = resolve
            lead()
          })
        },
      )
      .then(
        () => undefined,
        () => {
          // Aborted while queued, or stolen from this tab: a held lock that is gone deposes it.
          if (mine && release === mine) {
            release = undefined
            stepDown()
          }
        },
      )
  }

  const onMessage = (event: { data: unknown }) => {
    const wire = event.data
    if (closed || !isWire(wire) || wire.from === id) return
    learn(wire.term)
    // Any member that knows a newer term than this leader's proves it deposed.
    if (leading && known > myTerm) stepDown()
    if (wire.k === 'hello') {
      if (leading) post({ k: 'beat', from: id, term: myTerm })
      return
    }
    if (wire.k === 'resign') {
      if (wire.from === leaderId) {
        leaderId = undefined
        lastBeat = Number.NEGATIVE_INFINITY
        claimAfter = now() + random() * heartbeatMs
        emit()
      }
      return
    }
    if (wire.k === 'beat' || (wire.k === 'msg' && wire.lead)) {
      if (wire.term < known) return // a deposed leader's: refused
      if (leading && outranks(wire.term, wire.from, myTerm, id)) stepDown()
      if (!leading && (leaderId === wire.from || wire.k === 'beat')) {
        leaderId = wire.from
        lastBeat = now()
        emit()
      }
      if (leading) return
    }
    if (wire.k === 'msg')
      messages.next({ from: wire.from, term: wire.term, lead: wire.lead, body: wire.body })
  }
  channel.addEventListener('message', onMessage)

  const watchdog = every(scheduler, Math.max(1, Math.floor(heartbeatMs / 2)), () => {
    if (closed) return
    emit()
    if (leading || now() < claimAfter) return
    const silent =
      now() - lastBeat > leaseMs + jitter && now() - startedAt >= (locks ? leaseMs : heartbeatMs) + jitter
    if (!silent) {
      probedAt = undefined
      return
    }
    // A silent leader may only have its timers throttled (a hidden tab): it answers a probe at once, as messages
    // are not throttled. Only a leader that does not answer either (frozen, gone) is replaced.
    if (probedAt === undefined || probedAt < lastBeat) {
      probedAt = now()
      post({ k: 'hello', from: id, term: known })
      return
    }
    if (now() - probedAt < heartbeatMs / 2) return
    probedAt = undefined
    if (locks) {
      // The holder stopped beating but keeps its lock (frozen): take it.
      claimAfter = now() + leaseMs
      queue(true)
    } else lead()
  })

  const page =
    options.page === false
      ? undefined
      : (options.page ?? (typeof g.addEventListener === 'function' ? (g as PageEvents) : undefined))
  // A page kept for the back button may come back: only a page that is really going closes.
  const onPageHide = (event: { persisted?: boolean }) => {
    if (!event.persisted) coordination.close()
  }
  page?.addEventListener('pagehide', onPageHide)

  post({ k: 'hello', from: id, term: 0 })
  if (locks) queue(false)

  const coordination: Coordination = {
    id,
    leadership$: leadership.pipe(distinctUntilChanged()),
    get leadership() {
      return leadership.value
    },
    messages$: messages.asObservable(),
    publish(body) {
      if (closed) return
      post({ k: 'msg', from: id, term: leading ? myTerm : known, lead: leading, body })
    },
    holds(term) {
      return !closed && leading && myTerm === term && known <= term && stored() <= term
    },
    close() {
      if (closed) return
      const wasLeading = leading
      closed = true
      watchdog.unsubscribe()
      beatTimer?.unsubscribe()
      queued?.abort()
      queued = undefined
      release?.()
      release = undefined
      if (wasLeading) post({ k: 'resign', from: id, term: myTerm })
      leading = false
      channel.removeEventListener('message', onMessage)
      channel.close()
      page?.removeEventListener('pagehide', onPageHide)
      leadership.complete()
      messages.complete()
    },
  }
  return coordination
}

/** @internal Runs `work` every `ms` on `scheduler` until unsubscribed (each run scheduled anew on it). */
export const every = (scheduler: SchedulerLike, ms: number, work: () => void): Subscription => {
  const all = new Subscription()
  const tick = () => {
    work()
    if (!all.closed) all.add(scheduler.schedule(tick, ms))
  }
  all.add(scheduler.schedule(tick, ms))
  return all
}
