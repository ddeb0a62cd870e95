import type { ServerClock } from './clock'
import type { CustomerControl } from './customer-control'
import type { EmulatorSnapshot } from './emulator-snapshot'
import type { FaultControl } from './faults'
import type { EmulatorClientOptions, EmulatorSocketOptions, HarnessOptions } from './harness-options'
import type { EmulatorWebSocketConstructor } from './in-process-websocket'
import type { Emulation } from './operation-handlers'
import type { OperationId } from './operation-routes'
import type { SocketControl } from './socket-control'
import type { EmulatorServer, ListenOptions } from './start-server'
import type { StateView } from './state-view'

/** A local UltraCart Conversation API. */
export interface Emulator {
  /** A fetch-compatible handler: `createConversationClient({ baseUrl: 'http://emulator.local/rest/v2', fetch: emulator.fetch })`. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>
  /** Starts an HTTP + websocket server. */
  listen(options?: ListenOptions): Promise<EmulatorServer>
  /**
   * Options for `createConversationClient` that reach this emulator as an agent: in-process by default, over
   * real HTTP with `{ server }`. `createConversationClient({ ...emulator.clientOptions(), retry: false })`.
   */
  clientOptions(options?: HarnessOptions): EmulatorClientOptions
  /**
   * Options for `connectAgentSocket` in Node matching {@link Emulator.clientOptions} given the same `server`:
   * `connectAgentSocket(client, { ...emulator.socketOptions({ server }), lingerMs: 0 })`.
   */
  socketOptions(options?: Pick<HarnessOptions, 'server'>): EmulatorSocketOptions
  /**
   * How an operation of the spec (by UltraCart's name, a key of core's `OPERATIONS`) is emulated: `faithful`
   * (every `chat` operation: implemented with state), `generic` (plain create, read, update and delete of records
   * shaped by the spec's schemas) or `501` (answered "not emulated" in UltraCart's error envelope).
   */
  emulation(operationId: OperationId): Emulation
  /**
   * A `WebSocket`-compatible class connected in-process (no network): pair it with `fetch` for a fully
   * in-process client, e.g. `new emulator.WebSocket(buildSocketUrl(auth.websocket_url, auth.jwt))`.
   * Any host is accepted; the path must be the websocket path (default `/ws`).
   */
  readonly WebSocket: EmulatorWebSocketConstructor
  /**
   * Server time: the configured clock plus `clockOffsetMs` plus every `clock.step(ms)`, e.g.
   * `emulator.clock.step(-60_000)` for a server clock that steps back a minute at runtime.
   */
  readonly clock: ServerClock
  readonly customers: CustomerControl
  readonly faults: FaultControl
  readonly sockets: SocketControl
  readonly state: StateView
  /** The configured agents. */
  readonly agents: readonly { arn: string; name: string }[]
  /**
   * Rewrites the `websocket_url` that `getAgentWebsocketAuthorization` hands out from now on, e.g.
   * `emulator.setWebsocketUrlRewrite(proxy.wrap)` to send agents through a `createFaultProxy` proxy.
   * `undefined` goes back to the emulator's own URL. Connections already open are not affected.
   */
  setWebsocketUrlRewrite(rewrite: ((defaultUrl: string) => string) | undefined): void
  /** Loads the demo data set. */
  seedDemo(): void
  snapshot(): EmulatorSnapshot
  /**
   * Replaces the data with a snapshot's. Pending simulated reactions and keepalive lapses are dropped;
   * connections, uploads, faults and the clock stay as they are.
   */
  restore(snapshot: EmulatorSnapshot): void
  /** Stops every timer, socket and server. */
  close(): Promise<void>
}
