import { type AgentConnection, CLOSE_CODES, type ConnectionEntry } from './hub'
import type { Internals } from './internals'
import { handleAgentFrame, openAgentConnection } from './websocket'

/** The subset of the WHATWG `WebSocket` the in-process socket implements. */
export interface EmulatorWebSocket extends EventTarget {
  readonly url: string
  readonly readyState: 0 | 1 | 2 | 3
  readonly protocol: string
  readonly extensions: string
  readonly bufferedAmount: number
  binaryType: 'blob' | 'arraybuffer'
  onopen: ((event: Event) => void) | null
  onmessage: ((event: Event & { data: string }) => void) | null
  onclose: ((event: Event & { code: number; reason: string; wasClean: boolean }) => void) | null
  onerror: ((event: Event) => void) | null
  send(data: string | ArrayBufferLike | ArrayBufferView): void
  close(code?: number, reason?: string): void
  readonly CONNECTING: 0
  readonly OPEN: 1
  readonly CLOSING: 2
  readonly CLOSED: 3
}

/** A `WebSocket`-compatible constructor (e.g. for RxJS `webSocket({ WebSocketCtor })`). */
export interface EmulatorWebSocketConstructor {
  new (url: string | URL, protocols?: string | string[]): EmulatorWebSocket
  readonly CONNECTING: 0
  readonly OPEN: 1
  readonly CLOSING: 2
  readonly CLOSED: 3
}

/**
 * A WebSocket class connected to this emulator without any network: the same JWT checks, frames, faults and
 * close codes as the real endpoint. Events are delivered asynchronously (as a microtask), like a real socket.
 * Injected drops close with 1006 and `wasClean: false`. @internal
 */
export function createInProcessWebSocket(
  ctx: Internals,
  track: Set<() => void>,
): EmulatorWebSocketConstructor {
  class InProcessWebSocket extends EventTarget implements EmulatorWebSocket {
    static readonly CONNECTING = 0 as const
    static readonly OPEN = 1 as const
    static readonly CLOSING = 2 as const
    static readonly CLOSED = 3 as const
    readonly CONNECTING = 0 as const
    readonly OPEN = 1 as const
    readonly CLOSING = 2 as const
    readonly CLOSED = 3 as const
    readonly url: string
    readonly protocol = ''
    readonly extensions = ''
    readonly bufferedAmount = 0
    binaryType: 'blob' | 'arraybuffer' = 'blob'
    readyState: 0 | 1 | 2 | 3 = 0
    onopen: EmulatorWebSocket['onopen'] = null
    onmessage: EmulatorWebSocket['onmessage'] = null
    onclose: EmulatorWebSocket['onclose'] = null
    onerror: EmulatorWebSocket['onerror'] = null
    #entry: ConnectionEntry | undefined
    #dispose = () => this.#finish(CLOSE_CODES.GOING_AWAY, 'emulator closing', true)

    constructor(url: string | URL, _protocols?: string | string[]) {
      super()
      const parsed = new URL(String(url), 'ws://emulator.local')
      if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')
        throw new SyntaxError(
          `Failed to construct 'WebSocket': The URL's scheme must be either 'ws' or 'wss'.`,
        )
      this.url = parsed.href
      track.add(this.#dispose)
      const connection: AgentConnection = {
        send: (text) => this.#emit('message', { data: text }),
        close: (code, reason) => this.#finish(code, reason, true),
        terminate: () => this.#finish(1006, '', false),
      }
      queueMicrotask(() => {
        if (this.readyState !== 0) return
        if (parsed.pathname !== ctx.config.websocketPath) {
          this.#emit('error', {})
          this.#finish(1006, '', false)
          return
        }
        this.readyState = 1
        this.#emit('open', {})
        this.#entry = openAgentConnection(ctx, parsed, connection)
      })
    }

    #emit(type: string, props: Record<string, unknown>) {
      queueMicrotask(() => {
        if (type === 'message' && this.readyState !== 1) return
        const event = Object.assign(new Event(type), props)
        // Some EventTargets (DOM shims such as happy-dom) call `on<type>` themselves, Node's does not: the handler
        // is called here only when dispatching did not, or every frame would arrive twice.
        const key = `on${type}` as 'onopen'
        const handler = this[key] as ((e: Event) => void) | null
        let called = false
        const once = (e: Event) => {
          called = true
          handler?.call(this, e)
        }
        if (handler) this[key] = once
        this.dispatchEvent(event)
        if (handler) {
          if (this[key] === once) this[key] = handler
          if (!called) handler.call(this, event)
        }
      })
    }

    #finish(code: number, reason: string, wasClean: boolean) {
      if (this.readyState === 3) return
      this.readyState = 3
      track.delete(this.#dispose)
      if (this.#entry) ctx.hub.remove(this.#entry)
      this.#emit('close', { code, reason, wasClean })
    }

    send(data: string | ArrayBufferLike | ArrayBufferView) {
      if (this.readyState === 0) throw new DOMException('Still in CONNECTING state.', 'InvalidStateError')
      if (this.readyState !== 1 || !this.#entry) return
      const entry = this.#entry
      queueMicrotask(() => {
        if (this.readyState !== 1) return
        try {
          handleAgentFrame(ctx, entry, typeof data === 'string' ? data : undefined)
        } catch (error) {
          ctx.log?.(`frame handling failed: ${(error as Error)?.message}`)
        }
      })
    }

    close(code = 1000, reason = '') {
      if (this.readyState >= 2) return
      this.readyState = 2
      queueMicrotask(() => this.#finish(code, reason, true))
    }
  }
  return InProcessWebSocket
}
