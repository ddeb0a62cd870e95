import type { EmulatorServer } from './start-server'

/** Where {@link Emulator.clientOptions} and {@link Emulator.socketOptions} point. */
export interface HarnessOptions {
  /**
   * A server from `emulator.listen()`: the client uses real HTTP on its port and the socket `ws`. Without it,
   * both stay in-process (the emulator's `fetch` and `WebSocket`, no network).
   * @default undefined (in-process)
   */
  server?: EmulatorServer
  /**
   * The agent whose credential the client sends (its `simpleKey`, else its `accessToken`).
   * @default the first configured agent
   */
  agentArn?: string
}

/** What `createConversationClient` needs to reach the emulator; spread your own options over it. */
export interface EmulatorClientOptions {
  baseUrl: string
  /** Present in-process only: over a server the client uses the global `fetch`. */
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>
  simpleKey?: string
  accessToken?: string
}

/** The socket a harness connects with: the shape `connectAgentSocket` drives (a subset of the DOM `WebSocket`). */
export interface HarnessWebSocket {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: never) => void) | null
  onmessage: ((event: never) => void) | null
  onclose: ((event: never) => void) | null
  onerror: ((event: never) => void) | null
}

/** What `connectAgentSocket` needs to reach the emulator in Node; spread your own options over it. */
export interface EmulatorSocketOptions {
  /** `ws`'s `WebSocket` over a server, the emulator's in-process class otherwise. */
  WebSocketCtor: new (
    url: string,
  ) => HarnessWebSocket
}
