import type { ClientStats, ConversationClient, ConversationMessage } from '@uc-conversation/core'
import {
  ConversationNetworkError,
  createMessageList,
  encodeMessageFrame,
  newClientMessageId,
} from '@uc-conversation/core'
import {
  asyncScheduler,
  defer,
  distinctUntilChanged,
  EMPTY,
  filter,
  finalize,
  map,
  Observable,
  ReplaySubject,
  type SchedulerLike,
  Subject,
  type Subscription,
  share,
  switchMap,
  takeUntil,
} from 'rxjs'
import type { AgentSession } from '../agent-session'
import type { AgentIdentity, AgentSocketState } from '../agent-socket/agent-socket'
import type { ConnectionHealth } from '../connection-health'
import type { ConversationMessagesState } from '../conversation-messages'
import type { SendMessageState } from '../send-message'
import { sessionCollectionNamed } from '../session-collection'
import { sendTyping } from '../typing'
import { every } from './browser-coordination'
import type { Coordination, CoordinationMessage } from './coordination'
import { decodeError, type EncodedError, encodeError } from './remote-error'
import { isTypingFrame } from './typing-frame'

/** Options of {@link shareAgentSession}. */
export interface ShareAgentSessionOptions {
  /** How the tabs elect their leader and talk (`browserCoordination({ name })`, or another backend). */
  coordination: Coordination
  /**
   * Makes the real session (client, socket, outbox) in the tab that leads: called each time this tab becomes
   * leader, and closed when it stops leading or the shared session closes.
   */
  create: () => AgentSession
  /**
   * How often a follower tells the leader which streams it watches (the leader drops a follower silent for
   * three times this).
   * @default 1000
   */
  announceMs?: number | undefined
  /** The clock and timers (a virtual one in tests and benches). @default asyncScheduler */
  scheduler?: SchedulerLike | undefined
}

/** A stream of the session, as it travels between tabs. */
type Spec =
  | { s: 'm'; uuid: string }
  /** A collection run through `session.collection`, by its registered name (see `defineSessionCollection`). */
  | { s: 'x'; name: string; args: unknown[] }
  | { s: 'l'; medium?: string | undefined; limit?: number | undefined }
  | { s: 'q' }
  | { s: 'k'; options: Record<string, unknown> }
  | { s: 'h' }
  /** The socket's state and agent; frames (not replayed); the unsent count; typists. */
  | { s: 's' | 'f' | 'u' }
  | { s: 't'; uuid: string; expiryMs?: number | undefined }

/** The socket's state as it crosses tabs, with the agent it authorized as. */
interface SocketView {
  state: AgentSocketState
  agent: AgentIdentity | undefined
}

type Body =
  | { t: 'subs'; specs: Spec[] }
  | { t: 'state'; key: string; seq: number; state: unknown }
  /** The leader's stream ended with an error (a permanent failure, a collection the leader has not loaded). */
  | { t: 'end'; key: string; error: EncodedError }
  | { t: 'call'; id: string; kind: Kind; payload: unknown }
  | { t: 'cancel'; id: string }
  | { t: 'ack'; id: string; to: string }
  | { t: 'next'; id: string; to: string; value: unknown }
  | {
      t: 'reply'
      id: string
      to: string
      ok: boolean
      value?: unknown
      error?: EncodedError
      /** The leader's client counters after the call: a follower's `client.stats`. */
      stats?: ClientStats
    }

/** Calls a follower makes through the leader: REST, sends, reads, discards, typing frames and reconnects. */
type Kind = 'rest' | 'send' | 'read' | 'discard' | 'frame' | 'reconnect'

const keyOf = (spec: Spec) => JSON.stringify(spec)

const open = (session: AgentSession, spec: Spec, initial?: unknown): Observable<unknown> => {
  switch (spec.s) {
    case 'm':
      return session.messages(spec.uuid, (initial as ConversationMessagesState | undefined)?.list.toArray())
    case 'x':
      // Deferred: a name this tab has not registered ends the stream (and reaches the follower), not the caller.
      return defer(() => session.collection(sessionCollectionNamed(spec.name), ...spec.args))
    case 'l':
      return session.conversations({
        ...(spec.medium ? { medium: spec.medium as never } : {}),
        ...(spec.limit !== undefined ? { limit: spec.limit } : {}),
      })
    case 'q':
      return session.queueStatuses()
    case 'k':
      return session.keepAlive(spec.options)
    case 'h':
      return session.health$
    case 's':
      return session.socketState$.pipe(map((state): SocketView => ({ state, agent: session.agent })))
    case 'f':
      return session.frames$
    case 'u':
      return session.unsent$
    case 't':
      return session.typing(spec.uuid, spec.expiryMs !== undefined ? { expiryMs: spec.expiryMs } : {})
  }
}

/** Frames are events, not state: never replayed to a late subscriber nor sent again. */
const isEvents = (spec: Spec) => spec.s === 'f'

/** States cross tabs as structured clones: a message list as its array, errors with their class's kind. */
const encode = (spec: Spec, state: unknown): unknown => {
  if (!state || typeof state !== 'object' || Array.isArray(state) || isEvents(spec)) return state
  const s = state as Record<string, unknown>
  const out: Record<string, unknown> = { ...s }
  if (spec.s === 'm') out.list = (s as unknown as ConversationMessagesState).list.toArray()
  if (s.error !== undefined) out.error = encodeError(s.error)
  return out
}
const decode = (spec: Spec, state: unknown): unknown => {
  if (!state || typeof state !== 'object' || Array.isArray(state) || isEvents(spec)) return state
  const s = { ...(state as Record<string, unknown>) }
  if (spec.s === 'm') s.list = createMessageList(s.list as ConversationMessage[])
  if (s.error !== undefined) s.error = decodeError(s.error as EncodedError)
  return s
}

/** A follower's mirrored state while its leader is not heard from: not live. */
const notLive = (spec: Spec, state: unknown): unknown => {
  if (!state || typeof state !== 'object') return state
  if (spec.s === 'h') return { ...(state as ConnectionHealth), status: 'reconnecting' }
  if (!'mlqx'.includes(spec.s) || !('freshness' in state)) return state
  return { ...(state as object), freshness: 'stale' }
}

/** A stream the leader runs for its followers: its last state, or how it ended. */
interface Served {
  subscription: Subscription
  seq: number
  last?: unknown
  error?: EncodedError
}

interface Pending {
  kind: Kind
  payload: unknown
  acked: boolean
  next?: (value: unknown) => void
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  local?: Subscription | undefined
  /** Run by this tab's own real session (it led when the call was made). */
  ranHere?: boolean
  /** Published to a leader at least once (which may have acted on it). */
  published?: boolean
}

/**
 * One agent session shared by every tab of a group: the leading tab runs the real session (made by `create`:
 * the one socket, keepalive, polling and request budget), the other tabs mirror its streams over the
 * coordination's channel and send their sends, reads and REST calls through it. The result is an
 * {@link AgentSession} that behaves the same in every tab; when the leader goes, another tab's `create` takes
 * over and every stream and unanswered call moves to it.
 *
 * ```ts
 * const session = shareAgentSession({
 *   coordination: browserCoordination({ name: `agent:${login}` }),
 *   create: () => createAgentSession(connectAgentSocket(client, { outboxStorage: indexedDbOutbox() })),
 * })
 * ```
 */
export function shareAgentSession(options: ShareAgentSessionOptions): AgentSession {
  const { coordination, create } = options
  const announceMs = options.announceMs ?? 1000
  const scheduler = options.scheduler ?? asyncScheduler
  const me = coordination.id
  const closing = new Subject<void>()
  let closed = false
  let real: AgentSession | undefined
  let realTerm = 0

  // -- the leader's part: the real session, serving the followers' streams and calls -----------------------------
  const followers = new Map<string, { specs: Map<string, Spec>; seen: number }>()
  const served = new Map<string, Served>()
  const calls = new Map<string, Subscription>()
  const lastMirrored = new Map<string, unknown>()

  const publish = (body: Body) => coordination.publish(body)
  /** Runs what the followers watch; `fresh`: keys a follower just started watching, sent their latest state. */
  const serve = (fresh: ReadonlySet<string> = new Set()) => {
    const wanted = new Map<string, Spec>()
    for (const f of followers.values()) for (const [key, spec] of f.specs) wanted.set(key, spec)
    for (const [key, entry] of served)
      if (!wanted.has(key) || !real) {
        entry.subscription.unsubscribe()
        served.delete(key)
      }
    if (!real) return
    for (const [key, spec] of wanted) {
      const known = served.get(key)
      if (known) {
        if (fresh.has(key) && known.last !== undefined && !isEvents(spec))
          publish({ t: 'state', key, seq: known.seq, state: known.last })
        if (fresh.has(key) && known.error) publish({ t: 'end', key, error: known.error })
        continue
      }
      const entry: Served = { seq: 0, subscription: undefined as unknown as Subscription }
      served.set(key, entry)
      entry.subscription = open(real, spec, lastMirrored.get(key)).subscribe({
        next: (state) => {
          entry.seq++
          entry.last = encode(spec, state)
          publish({ t: 'state', key, seq: entry.seq, state: entry.last })
        },
        // The followers' streams end as the leader's did (kept for a follower that starts watching it later).
        error: (error) => {
          entry.error = encodeError(error)
          publish({ t: 'end', key, error: entry.error })
        },
      })
    }
  }
  const runCall = (
    session: AgentSession,
    kind: Kind,
    payload: unknown,
    next: (value: unknown) => void,
    done: (ok: boolean, value: unknown) => void,
  ): Subscription | undefined => {
    if (kind === 'send') {
      const [uuid, message, sendOptions] = payload as Parameters<AgentSession['send']>
      return session.send(uuid, message, sendOptions).subscribe({
        next,
        error: (error) => done(false, error),
        complete: () => done(true, undefined),
      })
    }
    let promise: Promise<unknown>
    try {
      if (kind === 'read') {
        const [uuid, message] = payload as [string, ConversationMessage]
        promise = session.markRead(uuid, message)
      } else if (kind === 'discard') promise = Promise.resolve(session.discard(payload as string))
      else if (kind === 'frame')
        promise = Promise.resolve(isTypingFrame(payload) && !!session.socket?.send(payload))
      else if (kind === 'reconnect') promise = Promise.resolve(session.reconnect())
      else {
        const { name, op, args } = payload as { name?: string; op?: never; args: unknown[] }
        const client = session.client as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>
        promise = op ? session.client.call(op, ...(args as [])) : client[name as string]!(...args)
      }
    } catch (error) {
      promise = Promise.reject(error)
    }
    promise.then(
      (value) => done(true, value),
      (error) => done(false, error),
    )
    return undefined
  }
  const onLeaderMessage = (m: CoordinationMessage, body: Body) => {
    if (!real) return
    if (body.t === 'subs') {
      const before = followers.get(m.from)?.specs
      const specs = new Map(body.specs.map((s) => [keyOf(s), s]))
      followers.set(m.from, { specs, seen: scheduler.now() })
      // Announcements repeat every second: only what is new to this follower is sent again.
      serve(new Set([...specs.keys()].filter((key) => !before?.has(key))))
    } else if (body.t === 'cancel') {
      calls.get(body.id)?.unsubscribe()
      calls.delete(body.id)
    } else if (body.t === 'call') {
      // Fenced: a deposed leader takes no call; the follower sends it again to the new leader.
      if (!coordination.holds(realTerm) || calls.has(body.id)) return
      publish({ t: 'ack', id: body.id, to: m.from })
      const subscription = runCall(
        real,
        body.kind,
        body.payload,
        (value) => publish({ t: 'next', id: body.id, to: m.from, value }),
        (ok, value) => {
          calls.delete(body.id)
          const stats = real?.client.stats
          publish({
            t: 'reply',
            id: body.id,
            to: m.from,
            ok,
            ...(ok ? { value } : { error: encodeError(value) }),
            ...(stats ? { stats: { ...stats } } : {}),
          })
        },
      )
      if (subscription && !subscription.closed) calls.set(body.id, subscription)
    }
  }

  // -- the follower's part: what this tab watches, and its calls ---------------------------------------------------
  const watching = new Map<string, { spec: Spec; count: number }>()
  const incoming = new Subject<{
    key: string
    seq: number
    term: number
    state?: unknown
    error?: EncodedError
  }>()
  const pending = new Map<string, Pending>()
  /** The leader's counters as its last answer to this tab said (no requests of this tab's own). */
  let leaderStats: ClientStats = {
    sent: 0,
    queued: 0,
    inFlight: 0,
    retried: 0,
    rateLimited: 0,
    budgetLeft: Number.POSITIVE_INFINITY,
  }
  let sequence = 0

  const announce = () => {
    if (closed || coordination.leadership.leader) return
    publish({ t: 'subs', specs: [...watching.values()].map((w) => w.spec) })
  }
  const dispatch = (id: string, call: Pending) => {
    if (coordination.leadership.leader && real) {
      call.acked = true
      call.ranHere = true
      call.local = runCall(
        real,
        call.kind,
        call.payload,
        (v) => call.next?.(v),
        (ok, v) => settle(id, ok, v),
      )
    } else if (coordination.leadership.leaderId) {
      call.published = true
      publish({ t: 'call', id, kind: call.kind, payload: call.payload })
    }
    // Else it waits for the next leader (see the leadership subscription).
  }
  const settle = (id: string, ok: boolean, value: unknown) => {
    const call = pending.get(id)
    if (!call) return
    pending.delete(id)
    if (ok) call.resolve(value)
    else call.reject(value)
  }
  const onFollowerMessage = (m: CoordinationMessage, body: Body) => {
    if (body.t === 'state') {
      incoming.next({ key: body.key, seq: body.seq, term: m.term, state: body.state })
      return
    }
    if (body.t === 'end') {
      incoming.next({ key: body.key, seq: Number.POSITIVE_INFINITY, term: m.term, error: body.error })
      return
    }
    if ((body.t !== 'ack' && body.t !== 'next' && body.t !== 'reply') || body.to !== me) return
    const call = pending.get(body.id)
    if (!call) return
    if (body.t === 'ack') call.acked = true
    else if (body.t === 'next') call.next?.(body.value)
    else {
      if (body.stats) leaderStats = body.stats
      settle(body.id, body.ok, body.ok ? body.value : decodeError(body.error as EncodedError))
    }
  }
  const call = (kind: Kind, payload: unknown, next?: (value: unknown) => void) => {
    const id = `${me}:${++sequence}`
    let entry: Pending | undefined
    const promise = new Promise<unknown>((resolve, reject) => {
      entry = { kind, payload, acked: false, resolve, reject, ...(next ? { next } : {}) }
    })
    if (closed)
      return { id, promise: Promise.reject(new ConversationNetworkError('the shared session is closed')) }
    pending.set(id, entry!)
    dispatch(id, entry!)
    return { id, promise }
  }

  // -- roles --------------------------------------------------------------------------------------------------------
  let lastLeader: string | undefined
  const roles = coordination.leadership$.subscribe((leadership) => {
    if (leadership.leader && !real) {
      real = create()
      realTerm = leadership.term
      serve()
    } else if (!leadership.leader && real) {
      for (const entry of served.values()) entry.subscription.unsubscribe()
      served.clear()
      for (const subscription of calls.values()) subscription.unsubscribe()
      calls.clear()
      followers.clear()
      real.close()
      real = undefined
    } else if (leadership.leader) realTerm = leadership.term
    // A new leader (or none known before): every call not yet taken moves to it; a send moves even if taken,
    // since its client_message_id makes a second delivery impossible.
    const moved = leadership.leaderId !== lastLeader
    if (leadership.leaderId !== undefined) lastLeader = leadership.leaderId
    for (const [id, entry] of pending) {
      if (entry.ranHere || !moved) continue
      if (entry.acked && entry.kind !== 'send' && leadership.leaderId !== undefined) {
        pending.delete(id)
        entry.reject(new ConversationNetworkError('the leading tab went away before answering; not retried'))
      } else if (leadership.leaderId !== undefined) {
        if (entry.kind === 'send' && entry.published) {
          // The leader that went may have written it: the next one asks the server before writing.
          const [uuid, message, sendOptions, afterEpoch] = entry.payload as [string, unknown, object, number]
          entry.payload = [uuid, message, { ...sendOptions, handedOver: { afterEpoch } }, afterEpoch]
        }
        entry.acked = false
        dispatch(id, entry)
      }
    }
    announce()
  })
  const inbox = coordination.messages$.subscribe((m) => {
    const body = m.body as Body
    if (!body || typeof body !== 'object' || typeof body.t !== 'string') return
    if (real) onLeaderMessage(m, body)
    else onFollowerMessage(m, body)
  })
  const ticker = every(scheduler, announceMs, () => {
    if (real) {
      // Followers silent for three announcements closed or crashed: their streams stop.
      const before = followers.size
      for (const [id, f] of followers) if (scheduler.now() - f.seen > announceMs * 3) followers.delete(id)
      if (followers.size !== before) serve()
    } else announce()
  })

  const remote = (spec: Spec, key: string): Observable<unknown> =>
    new Observable<unknown>((subscriber) => {
      const w = watching.get(key) ?? { spec, count: 0 }
      w.count++
      watching.set(key, w)
      announce()
      let lastTerm = -1
      let lastSeq = -1
      let last: unknown
      const states = incoming.pipe(filter((s) => s.key === key)).subscribe((s) => {
        if (s.term < lastTerm || (s.term === lastTerm && s.seq <= lastSeq)) return
        if (s.error) return subscriber.error(decodeError(s.error))
        lastTerm = s.term
        lastSeq = s.seq
        last = decode(spec, s.state)
        if (!isEvents(spec)) lastMirrored.set(key, last)
        subscriber.next(coordination.leadership.alive ? last : notLive(spec, last))
      })
      const liveness = coordination.leadership$
        .pipe(
          map((l) => l.alive),
          distinctUntilChanged(),
        )
        .subscribe((alive) => {
          if (last !== undefined && !isEvents(spec)) subscriber.next(alive ? last : notLive(spec, last))
        })
      return () => {
        states.unsubscribe()
        liveness.unsubscribe()
        w.count--
        if (w.count <= 0) watching.delete(key)
        announce()
      }
    })

  /** The newest server epoch this tab has seen in the conversation (0: none): where a handed-over send's check starts. */
  const newestEpoch = (uuid: string): number => {
    const state = lastMirrored.get(keyOf({ s: 'm', uuid })) as ConversationMessagesState | undefined
    let newest = 0
    for (const m of state?.list ?? [])
      if (m.conversation_message_uuid && (m.message_epoch ?? 0) > newest) newest = m.message_epoch ?? 0
    return newest
  }

  /** One stream per key in this tab: the real session's while leading, the leader's mirrored otherwise. */
  const streams = new Map<string, Observable<unknown>>()
  const stream = <T>(spec: Spec): Observable<T> => {
    if (closed) return EMPTY
    const key = keyOf(spec)
    const known = streams.get(key)
    if (known) return known as Observable<T>
    const s = coordination.leadership$.pipe(
      map((l) => l.leader),
      distinctUntilChanged(),
      switchMap((leader) => (leader && real ? open(real, spec, lastMirrored.get(key)) : remote(spec, key))),
      takeUntil(closing),
      finalize(() => {
        if (streams.get(key) === s) streams.delete(key)
      }),
      share(isEvents(spec) ? {} : { connector: () => new ReplaySubject<unknown>(1) }),
    )
    streams.set(key, s)
    return s as Observable<T>
  }

  /** The socket's state and agent as the leader last told (kept for the session's life: `agent` reads it). */
  let socketView: SocketView | undefined
  const socketViews = stream<SocketView>({ s: 's' })
  const watchSocket = socketViews.subscribe((view) => {
    socketView = view
  })
  /** A typing frame goes out through the leader's socket; none while no leader is known (like a closed socket). */
  const typingTarget = {
    send: (frame: string): boolean => {
      if (closed) return false
      if (coordination.leadership.leader && real) return real.socket?.send(frame) ?? false
      if (!coordination.leadership.leaderId || !coordination.leadership.alive) return false
      // Fire and forget: a lost typing frame is only a shorter preview.
      publish({ t: 'call', id: `${me}:${++sequence}`, kind: 'frame', payload: frame })
      return true
    },
  }
  /** Whether this tab's mirrored messages hold `clientMessageId` as pending or failed. */
  const holdsUnsent = (clientMessageId: string): boolean => {
    for (const [key, state] of lastMirrored) {
      if (!key.startsWith('{"s":"m"')) continue
      const m = state as ConversationMessagesState
      if (m.failed.includes(clientMessageId)) return true
      for (const message of m.list)
        if (message.client_message_id === clientMessageId && !message.conversation_message_uuid) return true
    }
    return false
  }

  const client = new Proxy({} as Record<string | symbol, unknown>, {
    get(_target, property) {
      if (property === 'then') return undefined
      if (property === 'stats') return real ? real.client.stats : leaderStats
      if (property === 'onOutcome')
        return (listener: (error: unknown) => void) =>
          real ? real.client.onOutcome(listener as never) : () => undefined
      if (property === 'call')
        return (op: unknown, ...args: unknown[]) =>
          call('rest', { op, args: args.map(withoutSignal) }).promise
      return (...args: unknown[]) => call('rest', { name: property, args: args.map(withoutSignal) }).promise
    },
  }) as unknown as ConversationClient

  const session: AgentSession = {
    client,
    get socket() {
      return real?.socket
    },
    get outbox() {
      return real?.outbox
    },
    health$: stream<ConnectionHealth>({ s: 'h' }),
    get closed() {
      return closed
    },
    realtime: true,
    get agent() {
      return real?.agent ?? socketView?.agent
    },
    socketState$: socketViews.pipe(map((view) => view.state)),
    frames$: stream({ s: 'f' }),
    unsent$: stream({ s: 'u' }),
    typing: (uuid, typingOptions = {}) =>
      stream({
        s: 't',
        uuid,
        ...(typingOptions.expiryMs !== undefined ? { expiryMs: typingOptions.expiryMs } : {}),
      }),
    sendTyping: (uuid, values, typingOptions = {}) =>
      sendTyping(typingTarget, uuid, values, { ...typingOptions, scheduler }).pipe(takeUntil(closing)),
    validate: (uuid, message, maxBodyLength) =>
      real
        ? real.validate(uuid, message, maxBodyLength)
        : encodeMessageFrame(uuid, message, maxBodyLength !== undefined ? { maxBodyLength } : {}),
    discard: (clientMessageId) => {
      if (closed) return false
      if (coordination.leadership.leader && real) return real.discard(clientMessageId)
      const known = holdsUnsent(clientMessageId)
      if (known) call('discard', clientMessageId).promise.catch(() => {})
      return known
    },
    reconnect: () => {
      if (closed) return
      if (coordination.leadership.leader && real) real.reconnect()
      else call('reconnect', undefined).promise.catch(() => {})
    },
    messages: (uuid) => stream({ s: 'm', uuid }),
    collection: (definition, ...args) => stream({ s: 'x', name: definition.name, args }),
    conversations: (filters = {}) =>
      stream({
        s: 'l',
        ...(filters.medium ? { medium: filters.medium } : {}),
        ...(filters.limit !== undefined ? { limit: filters.limit } : {}),
      }),
    queueStatuses: () => stream({ s: 'q' }),
    keepAlive: (keepAliveOptions = {}) => stream({ s: 'k', options: { ...keepAliveOptions } }),
    send: (uuid, message, sendOptions) =>
      new Observable<SendMessageState>((subscriber) => {
        // The id is made here, once: whichever leader writes it, the server and the outbox see one message.
        const outgoing = { ...message, client_message_id: message.client_message_id ?? newClientMessageId() }
        const { id, promise } = call(
          'send',
          [uuid, outgoing, sendOptions ?? {}, newestEpoch(uuid)],
          (state) => subscriber.next(state as SendMessageState),
        )
        promise.then(
          () => subscriber.complete(),
          (error) => subscriber.error(error),
        )
        return () => {
          const entry = pending.get(id)
          if (!entry) return
          pending.delete(id)
          entry.local?.unsubscribe()
          if (!entry.local) publish({ t: 'cancel', id })
        }
      }),
    markRead: async (uuid, message, signal) => {
      if (closed) return
      signal?.throwIfAborted()
      await call('read', [uuid, message]).promise
    },
    close() {
      if (closed) return
      closed = true
      closing.next()
      closing.complete()
      watchSocket.unsubscribe()
      streams.clear()
      ticker.unsubscribe()
      roles.unsubscribe()
      inbox.unsubscribe()
      for (const entry of served.values()) entry.subscription.unsubscribe()
      served.clear()
      for (const subscription of calls.values()) subscription.unsubscribe()
      calls.clear()
      for (const [id, entry] of pending) {
        entry.local?.unsubscribe()
        entry.reject(new ConversationNetworkError('the shared session closed before an answer'))
        pending.delete(id)
      }
      incoming.complete()
      real?.close()
      real = undefined
      coordination.close()
    },
  }
  return session
}

/** An AbortSignal cannot cross tabs: the caller's abort ends its own wait only. */
const withoutSignal = (arg: unknown): unknown => {
  if (!arg || typeof arg !== 'object' || !('signal' in arg)) return arg
  const { signal: _signal, ...rest } = arg as Record<string, unknown>
  return rest
}
