import {
  type ConversationClient,
  type ConversationClientOptions,
  type ConversationWebsocketFrame,
  createConversationClient,
  decodeFrame,
} from '@uc-conversation/core'
import WebSocket from 'ws'
import { createEmulator, type Emulator, type EmulatorOptions } from '../src'

export type Mode = 'in-process' | 'http'

/** An emulator (manual clock unless told otherwise) and a client reaching it in the given mode. */
export async function setup(
  mode: Mode,
  options: EmulatorOptions = {},
  client: ConversationClientOptions = {},
): Promise<{
  emulator: Emulator
  client: ConversationClient
  baseUrl: string
  websocketUrl: string
  close: () => Promise<void>
  clientFor: (o: ConversationClientOptions) => ConversationClient
}> {
  const emulator = createEmulator({ clock: 'manual', ...options })
  const server = mode === 'http' ? await emulator.listen({ port: 0 }) : undefined
  const harness = emulator.clientOptions(server ? { server } : {})
  const clientFor = (o: ConversationClientOptions) => {
    // A test choosing its own credential replaces the harness's, as the client refuses two.
    const { simpleKey, accessToken, ...reach } = harness
    const credential =
      o.accessToken !== undefined || o.simpleKey !== undefined ? {} : { simpleKey, accessToken }
    return createConversationClient({ ...reach, ...stripUndefined(credential), retry: false, ...o })
  }
  return {
    emulator,
    client: clientFor(client),
    baseUrl: harness.baseUrl,
    websocketUrl: server?.websocketUrl ?? 'ws://emulator.local/ws',
    close: () => emulator.close(),
    clientFor,
  }
}

const stripUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

/** A `ws` client that records every decoded frame. */
export class TestSocket {
  readonly frames: ConversationWebsocketFrame[] = []
  readonly raw: WebSocket
  readonly closed: Promise<{ code: number; reason: string }>
  private waiters = new Set<() => void>()

  constructor(url: string) {
    this.raw = new WebSocket(url)
    this.raw.on('error', () => {})
    this.raw.on('message', (data) => {
      const decoded = decodeFrame(data)
      if (decoded.ok) this.frames.push(decoded.frame)
      for (const w of this.waiters) w()
    })
    this.closed = new Promise((resolve) =>
      this.raw.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() })
        for (const w of this.waiters) w()
      }),
    )
  }

  static async open(url: string): Promise<TestSocket> {
    const socket = new TestSocket(url)
    await new Promise<void>((resolve, reject) => {
      socket.raw.once('open', () => resolve())
      socket.raw.once('close', (code, reason) => reject(new Error(`closed ${code} ${reason}`)))
    })
    return socket
  }

  send(frame: unknown) {
    this.raw.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  }

  /** Resolves with the first recorded frame matching `match` (waiting up to `timeoutMs` of real time). */
  waitFor<T extends ConversationWebsocketFrame>(
    match: (f: ConversationWebsocketFrame) => boolean,
    timeoutMs = 2000,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(match)
        if (found) {
          cleanup()
          resolve(found as T)
        }
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(
          new Error(
            `no matching frame; got ${JSON.stringify(this.frames.map((f) => (f.type === 'event' ? f.event_type : f.type)))}`,
          ),
        )
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        this.waiters.delete(check)
      }
      this.waiters.add(check)
      check()
    })
  }

  /** Sends a ping and waits for the answer: every frame sent before it has then been handled. */
  async sync() {
    const before = this.frames.filter((f) => f.type === 'ping').length
    this.send({ type: 'ping' })
    await this.waitFor(() => this.frames.filter((f) => f.type === 'ping').length > before)
  }

  close() {
    this.raw.terminate()
  }
}

/** Opens an agent socket the way a client would: auth over REST, then connect with the JWT. */
export async function openAgentSocket(client: ConversationClient): Promise<TestSocket> {
  const auth = await client.getAgentWebsocketAuthorization()
  const url = new URL(auth.agent_auth!.websocket_url!)
  url.searchParams.set('jwt', auth.agent_auth!.jwt!)
  return TestSocket.open(url.href)
}

export const eventOf = (type: string) => (f: ConversationWebsocketFrame) =>
  f.type === 'event' && f.event_type === type
