import { AGENT_SOCKET_CLOSE_CODES, type ConversationWebsocketFrame } from '@uc-conversation/core'
import type { TimerHandle, TimerSet } from './clock'
import type { Faults } from './faults'

/**
 * Close codes the emulator's websocket uses.
 * - `4000` bad request: the upgrade URL is malformed (e.g. `jwt` given more than once).
 * - `4001` unauthorized: the JWT is missing, malformed, badly signed, for another audience or agent, or
 *   expired, at connect time or later (reason `jwt expired` when a connected socket's JWT runs out).
 * - `1001` going away: the emulator is closing.
 * - `1009` message too big: a frame larger than `maxFrameBytes` (sent by `ws` itself), or a message body over
 *   `MAX_MESSAGE_BODY_LENGTH` (reason `message body over 20000 characters`; nothing stored or echoed).
 * Injected drops send no close frame at all, so clients see `1006`.
 */
export const CLOSE_CODES = {
  BAD_REQUEST: 4000,
  UNAUTHORIZED: AGENT_SOCKET_CLOSE_CODES.UNAUTHORIZED,
  GOING_AWAY: 1001,
  MESSAGE_TOO_BIG: AGENT_SOCKET_CLOSE_CODES.MESSAGE_TOO_BIG,
} as const

/** One agent's push connection, whatever carries it. @internal */
export interface AgentConnection {
  send(text: string): void
  close(code: number, reason: string): void
  /** Ends the connection without a close frame (a network drop). */
  terminate(): void
}

/** @internal */
export interface ConnectionEntry {
  readonly id: number
  readonly agentArn: string
  readonly connection: AgentConnection
  silent: boolean
  sent: number
  timers: Set<TimerHandle>
}

/** One row of `emulator.sockets.list()`. */
export interface SocketInfo {
  id: number
  agentArn: string
  silent: boolean
  sent: number
}

/** Agent connections and frame fan-out, with the socket faults applied on the way out. @internal */
export interface Hub {
  /** Registers a connection that closes with 4001 'jwt expired' when its JWT runs out. */
  add(agentArn: string, connection: AgentConnection, expiresInMs: number): ConnectionEntry
  /** Forgets a connection that closed on its own. */
  remove(entry: ConnectionEntry): void
  isOpen(entry: ConnectionEntry): boolean
  /** Sends to one connection. */
  send(entry: ConnectionEntry, frame: ConversationWebsocketFrame): void
  /** Sends to every connection of these agents, except `except`; `frame` may depend on the agent. */
  toAgents(
    arns: Iterable<string> | 'all',
    frame: ConversationWebsocketFrame | ((agentArn: string) => ConversationWebsocketFrame),
    except?: ConnectionEntry,
  ): void
  /** Drops every connection without a close frame. */
  dropAll(): void
  /** Closes every connection with a close frame. */
  closeAll(code: number, reason: string): void
  readonly size: number
  list(): SocketInfo[]
}

/** @internal */
export function createHub(timers: TimerSet, faults: Faults): Hub {
  const entries = new Map<number, ConnectionEntry>()
  let nextId = 1

  const dropTimer = (entry: ConnectionEntry) => {
    const every = faults.current.socketDropEveryMs
    if (!every || every <= 0) return
    const handle = timers.set(() => {
      entry.timers.delete(handle)
      drop(entry)
    }, every)
    entry.timers.add(handle)
  }

  const release = (entry: ConnectionEntry) => {
    for (const t of entry.timers) timers.clear(t)
    entry.timers.clear()
    entries.delete(entry.id)
  }

  const drop = (entry: ConnectionEntry) => {
    release(entry)
    entry.connection.terminate()
  }

  const write = (entry: ConnectionEntry, text: string) => {
    if (!entries.has(entry.id) || entry.silent) return
    entry.connection.send(text)
    entry.sent++
    const every = faults.current.socketDropEveryFrames
    if (every && every > 0 && entry.sent % every === 0) drop(entry)
  }

  const deliver = (entry: ConnectionEntry, frame: ConversationWebsocketFrame) => {
    if (entry.silent) return
    const text = JSON.stringify(frame)
    const delay = faults.current.socketDelayMs ?? 0
    if (delay <= 0) return write(entry, text)
    const handle = timers.set(() => {
      entry.timers.delete(handle)
      write(entry, text)
    }, delay)
    entry.timers.add(handle)
  }

  faults.onChange(() => {
    for (const entry of entries.values()) {
      if (faults.current.silentSockets) entry.silent = true
      dropTimer(entry)
    }
  })

  return {
    add(agentArn, connection, expiresInMs) {
      const entry: ConnectionEntry = {
        id: nextId++,
        agentArn,
        connection,
        silent: !!faults.current.silentSockets,
        sent: 0,
        timers: new Set(),
      }
      entries.set(entry.id, entry)
      const expiry = timers.set(
        () => {
          release(entry)
          connection.close(CLOSE_CODES.UNAUTHORIZED, 'jwt expired')
        },
        Math.max(0, expiresInMs),
      )
      entry.timers.add(expiry)
      dropTimer(entry)
      return entry
    },
    remove(entry) {
      release(entry)
    },
    isOpen: (entry) => entries.has(entry.id),
    send: deliver,
    toAgents(arns, frame, except) {
      const wanted = arns === 'all' ? undefined : new Set(arns)
      const cache = new Map<string, ConversationWebsocketFrame>()
      for (const entry of [...entries.values()]) {
        if (entry === except || (wanted && !wanted.has(entry.agentArn))) continue
        let f = cache.get(entry.agentArn)
        if (!f) {
          f = typeof frame === 'function' ? frame(entry.agentArn) : frame
          cache.set(entry.agentArn, f)
        }
        deliver(entry, f)
      }
    },
    dropAll() {
      for (const entry of [...entries.values()]) drop(entry)
    },
    closeAll(code, reason) {
      for (const entry of [...entries.values()]) {
        release(entry)
        entry.connection.close(code, reason)
      }
    },
    get size() {
      return entries.size
    },
    list: () =>
      [...entries.values()].map((e) => ({ id: e.id, agentArn: e.agentArn, silent: e.silent, sent: e.sent })),
  }
}
