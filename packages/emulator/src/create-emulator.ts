import { createHash, randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { getRequestListener } from '@hono/node-server'
import type {
  AgentStatus,
  Conversation,
  ConversationMessage,
  ConversationSummary,
  ConversationWebchatQueueStatus,
  ConversationWebsocketFrame,
} from '@uc-conversation/core'
import { createApp } from './app'
import { type Clock, createManualClock, createRealClock, createTimerSet, withOffset } from './clock'
import { createCredentials } from './credentials'
import { seedDemoData } from './demo-data'
import { createFaults, type FaultConfig } from './faults'
import { errorResponse, HttpError, rawErrorResponse } from './http-error'
import { CLOSE_CODES, createHub } from './hub'
import { createInProcessWebSocket, type EmulatorWebSocketConstructor } from './in-process-websocket'
import type { Internals } from './internals'
import { JWT_AUDIENCE, JWT_ISSUER, signJwt } from './jwt'
import {
  DEFAULT_CLOCK_OFFSET_MS,
  DEFAULT_CORS_ORIGINS,
  DEFAULT_JWT_TTL_MS,
  DEFAULT_KEEPALIVE_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_FRAME_BYTES,
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_MERCHANT_ID,
  DEFAULT_QUEUES,
  DEFAULT_SENT_AFTER_MS,
  DEFAULT_UPLOAD_URL_TTL_MS,
  EMULATOR_SIMPLE_KEY,
  type EmulatorOptions,
} from './options'
import { createRandom, seedState } from './random'
import { createRateLimiter } from './rate-limit'
import { createService } from './service'
import { createSimulation, type SimulatedCustomer, type StepResult } from './simulation'
import {
  type AgentRecord,
  type ConversationRecord,
  conversationView,
  createStateData,
  DEFAULT_STATE_LIMITS,
  type QueueRecord,
  queueStatusView,
  sortedConversations,
  summaryView,
} from './state'
import { createUploads } from './uploads'
import { createSocketServer } from './websocket'

/** Options of {@link Emulator.listen}. */
export interface ListenOptions {
  /** `0` picks a free port. @default 0 */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
}

/** A running HTTP + websocket server. */
export interface EmulatorServer {
  /** REST base URL, ending in `/rest/v2` (use as the client's `baseUrl`). */
  url: string
  /** The websocket endpoint (without a JWT; `getAgentWebsocketAuthorization` returns it too). */
  websocketUrl: string
  port: number
  host: string
  /** Closes the sockets and connections of this server and stops listening. */
  close(): Promise<void>
}

/** A customer who just arrived. */
export interface ArrivedCustomer {
  conversationUuid: string
  arn: string
  name: string
  email: string
  queue: string
}

/**
 * Simulated webchat customers. Spontaneous behaviour (arrivals, abandoning, leaving when left alone) happens on
 * {@link CustomerControl.step}; reactions to agents (read, typing, reply, goodbye) are scheduled on the clock.
 */
export interface CustomerControl {
  /** A customer joins a queue with a question (random where not given). */
  arrive(input?: { queue?: string; name?: string; email?: string; question?: string }): ArrivedCustomer
  /**
   * The customer of a conversation posts a message, with files uploaded under `options.uploadKeys` attached
   * (they appear in `media_urls`); undefined when the conversation is closed.
   */
  say(
    conversationUuid: string,
    body: string,
    options?: { uploadKeys?: readonly string[] },
  ): ConversationMessage | undefined
  /** The customer shows what they have typed so far (`''` to stop). */
  typing(conversationUuid: string, value: string): void
  /** The customer reads every message so far (statuses become `read`, agents get `read message`). */
  read(conversationUuid: string): void
  /** The customer leaves (abandons when still waiting); the conversation closes. */
  leave(conversationUuid: string): void
  /** One tick of spontaneous behaviour. */
  step(): StepResult
  /** Runs {@link CustomerControl.step} every `intervalMs` on the clock. */
  start(intervalMs: number): void
  stop(): void
  readonly running: boolean
  /** The simulated customers still around. */
  list(): SimulatedCustomer[]
  /** Frames the customer side of a conversation received (newest 500). */
  frames(conversationUuid: string): ConversationWebsocketFrame[]
}

/** Fault injection; see {@link FaultConfig}. */
export interface FaultControl {
  /** Merges `patch` into the active faults. */
  set(patch: FaultConfig): void
  clear(): void
  readonly current: Readonly<FaultConfig>
}

/** The agents' websocket connections. */
export interface SocketControl {
  readonly count: number
  list(): { id: number; agentArn: string; silent: boolean; sent: number }[]
  /** Drops every connection without a close frame (clients see 1006). */
  dropAll(): void
  /** Closes every connection with a close frame. @default code 1001, reason 'closed by emulator' */
  closeAll(code?: number, reason?: string): void
  /** Expires every JWT issued so far and closes every connection with 4001 'jwt expired'. */
  expireJwts(): void
  /** A JWT for an agent (default the first), e.g. with a negative `ttlMs` for an expired one. */
  issueJwt(agentArn?: string, ttlMs?: number): string
}

/** Read access to the data, as copies. */
export interface StateView {
  /** Summaries newest first; `unread_messages` as `viewerArn` (default: the first agent) sees it. */
  conversations(viewerArn?: string): ConversationSummary[]
  conversation(uuid: string, viewerArn?: string): Conversation | undefined
  messages(uuid: string): ConversationMessage[]
  queues(): ConversationWebchatQueueStatus[]
  agents(): { arn: string; name: string; statuses: Record<string, AgentStatus> }[]
}

/** Everything needed to put the data back as it was. JSON-safe. */
export interface EmulatorSnapshot {
  version: 1
  /** Clock time when taken (informational: restore does not move the clock). */
  now: number
  merchantId: string
  conversations: ConversationRecord[]
  queues: QueueRecord[]
  agents: AgentRecord[]
  customers: SimulatedCustomer[]
  random: { ids: number; customers: number; faults: number }
}

/** A local UltraCart Conversation API. */
export interface Emulator {
  /** A fetch-compatible handler: `createConversationClient({ baseUrl: 'http://emulator.local/rest/v2', fetch: emulator.fetch })`. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>
  /** Starts an HTTP + websocket server. */
  listen(options?: ListenOptions): Promise<EmulatorServer>
  /**
   * A `WebSocket`-compatible class connected in-process (no network): pair it with `fetch` for a fully
   * in-process client, e.g. `new emulator.WebSocket(buildSocketUrl(auth.websocket_url, auth.jwt))`.
   * Any host is accepted; the path must be the websocket path (default `/ws`).
   */
  readonly WebSocket: EmulatorWebSocketConstructor
  /** Server time: the configured clock plus `clockOffsetMs`. */
  readonly clock: Clock
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

/** Four 32-bit words from a salt string (SHA-256), mixed into every uuid the emulator makes. */
const saltWords = (salt: string) => {
  const digest = createHash('sha256').update(salt, 'utf8').digest()
  return [0, 4, 8, 12].map((offset) => digest.readUInt32BE(offset))
}

const badTarget = (target: string) =>
  new HttpError(
    400,
    `request target ${JSON.stringify(target.slice(0, 50))} is not a path: only origin-form targets like /rest/v2/… are served`,
    'Bad request.',
    'bad_request',
  )

/** Base URL that works with the in-process `fetch`. */
export const IN_PROCESS_BASE_URL = 'http://emulator.local/rest/v2'

/** Creates an emulator. Nothing listens until {@link Emulator.listen}. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const merchantId = options.merchantId ?? DEFAULT_MERCHANT_ID
  const baseClock: Clock =
    options.clock === 'manual'
      ? createManualClock(options.startTime)
      : options.clock && options.clock !== 'real'
        ? options.clock
        : createRealClock()
  const clock = withOffset(baseClock, options.clockOffsetMs ?? DEFAULT_CLOCK_OFFSET_MS)
  const timers = createTimerSet(clock)
  const seed = options.seed ?? 1
  const random = {
    ids: createRandom(seedState(seed, 'ids'), saltWords(options.idSalt ?? randomBytes(16).toString('hex'))),
    customers: createRandom(seedState(seed, 'customers')),
    faults: createRandom(seedState(seed, 'faults')),
  }
  const limits = { ...DEFAULT_STATE_LIMITS, ...options.limits }
  const secret = options.secret ?? randomBytes(32)
  const state = createStateData(merchantId)
  const agentSpecs = (options.agents ?? [{ simpleKey: EMULATOR_SIMPLE_KEY, name: 'Demo Agent' }]).map(
    (a, i) => ({
      ...a,
      arn: a.arn ?? `arn:ultracart:conversation:${merchantId}:participant:agent:${i + 1}`,
      name: a.name ?? (i === 0 ? 'Demo Agent' : `Agent ${i + 1}`),
    }),
  )
  const queueNames = options.queues ?? DEFAULT_QUEUES
  const freshAgents = () => {
    state.agents.clear()
    for (const a of agentSpecs)
      state.agents.set(a.arn, {
        arn: a.arn,
        name: a.name,
        ...(a.profileImageUrl ? { profileImageUrl: a.profileImageUrl } : {}),
        statuses: Object.fromEntries(queueNames.map((q) => [q, 'unavailable' as AgentStatus])),
      })
  }
  freshAgents()
  for (const name of queueNames)
    state.queues.set(name, {
      uuid: random.ids.uuid(),
      name,
      entries: [],
      abandonCount: 0,
      abandonTotalMs: 0,
      chatCount: 0,
      chatTotalMs: 0,
      holdCount: 0,
      holdTotalMs: 0,
    })

  const faults = createFaults(random.faults, options.faults)
  const hub = createHub(timers, faults)
  const uploads = createUploads({
    secret,
    clock,
    ttlMs: options.uploadUrlTtlMs ?? DEFAULT_UPLOAD_URL_TTL_MS,
    maxFiles: limits.uploads,
    maxTotalBytes: limits.uploadBytes,
  })
  const service = createService({
    state,
    hub,
    clock,
    timers,
    ids: random.ids,
    maxConversations: limits.conversations,
    maxMessages: limits.messagesPerConversation,
    sentAfterMs: options.sentAfterMs ?? DEFAULT_SENT_AFTER_MS,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? DEFAULT_KEEPALIVE_TIMEOUT_MS,
    mediaUrl: (key) => uploads.mediaUrl(key),
  })
  const simulation = createSimulation({
    state,
    service,
    timers,
    random: random.customers,
    options: options.customers ?? {},
    now: () => clock.now(),
  })
  let jwtGeneration = 0
  const jwtTtlMs = options.jwtTtlMs ?? DEFAULT_JWT_TTL_MS

  const ctx: Internals = {
    state,
    service,
    hub,
    clock,
    timers,
    faults,
    credentials: createCredentials(agentSpecs, options.disabledKeys ?? []),
    rateLimiter:
      options.rateLimit === false ? undefined : createRateLimiter(options.rateLimit ?? {}, clock.now),
    uploads,
    jwtSecret: secret,
    jwtGeneration: () => jwtGeneration,
    issueJwt(agentArn, ttlMs = jwtTtlMs) {
      const now = clock.now()
      const exp = Math.ceil((now + ttlMs) / 1000)
      const jwt = signJwt(
        {
          iss: JWT_ISSUER,
          aud: JWT_AUDIENCE,
          sub: agentArn,
          merchant_id: merchantId,
          iat: Math.floor(now / 1000),
          exp,
          gen: jwtGeneration,
        },
        secret,
      )
      return { jwt, expiresMs: exp * 1000 }
    },
    config: {
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
      websocketPath: options.websocketPath ?? '/ws',
      publicUrl: options.publicUrl?.replace(/\/+$/, ''),
      corsOrigins: options.corsOrigins ?? DEFAULT_CORS_ORIGINS,
      jwtParam: options.jwtParam ?? 'jwt',
      answerPings: options.answerPings ?? true,
    },
    log: options.log,
    websocketUrlRewrite: undefined,
  }
  const app = createApp(ctx)
  const servers = new Set<EmulatorServer>()
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES

  const inProcessSockets = new Set<() => void>()
  const seedDemo = () =>
    seedDemoData({
      state,
      ids: random.ids,
      now: clock.now(),
      simulation,
      maxConversations: limits.conversations,
    })
  if (options.demoData) seedDemo()

  const firstAgent = () => agentSpecs[0]?.arn

  const emulator: Emulator = {
    fetch(input, init) {
      let request: Request
      try {
        request =
          input instanceof Request
            ? init
              ? new Request(input, init)
              : input
            : new Request(new URL(String(input), 'http://emulator.local'), init)
      } catch (error) {
        return Promise.reject(error)
      }
      return Promise.resolve(app.fetch(request, {}))
    },

    async listen({ port = 0, host = '127.0.0.1' } = {}) {
      const listener = getRequestListener((request, env) => app.fetch(request, env), {
        overrideGlobalObjects: false,
      })
      const server = createServer((req, res) => {
        // Only origin-form (`/path`) and absolute-form targets name a resource; `*` (asterisk-form) does not.
        const target = req.url ?? ''
        if (!target.startsWith('/') && !/^https?:\/\//i.test(target)) {
          const answer = errorResponse(badTarget(target))
          void answer.text().then((body) => {
            res.writeHead(answer.status, {
              ...Object.fromEntries(answer.headers),
              'content-length': Buffer.byteLength(body),
              connection: 'close',
            })
            res.end(body)
          })
          return
        }
        void listener(req, res)
      })
      const sockets = createSocketServer(ctx, maxFrameBytes)
      server.on('upgrade', sockets.handleUpgrade)
      // Node hands CONNECT to this event and, without a listener, drops the connection unanswered.
      server.on('connect', (_req, socket: Duplex) => {
        socket.on('error', () => {})
        socket.end(
          rawErrorResponse(
            new HttpError(
              405,
              'CONNECT is not supported: this is an API, not a proxy.',
              'Method not allowed.',
              'method_not_allowed',
              {
                Allow: 'GET, HEAD, PUT, DELETE',
              },
            ),
          ),
        )
      })
      // Requests Node's parser refuses (unknown methods, malformed heads) still get the error envelope.
      server.on('clientError', (_error, socket) => {
        if (!socket.writable) return socket.destroy()
        socket.end(
          rawErrorResponse(new HttpError(400, 'malformed HTTP request', 'Bad request.', 'bad_request')),
        )
      })
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          resolve()
        })
      })
      const address = server.address() as AddressInfo
      const hostInUrl = host.includes(':') ? `[${host}]` : host
      const origin = `http://${hostInUrl}:${address.port}`
      let closing: Promise<void> | undefined
      const handle: EmulatorServer = {
        url: `${origin}/rest/v2`,
        websocketUrl: `ws://${hostInUrl}:${address.port}${ctx.config.websocketPath}`,
        port: address.port,
        host,
        close() {
          closing ??= new Promise<void>((resolve) => {
            servers.delete(handle)
            sockets.close()
            server.close(() => resolve())
            server.closeAllConnections()
          })
          return closing
        },
      }
      servers.add(handle)
      return handle
    },

    WebSocket: createInProcessWebSocket(ctx, inProcessSockets),

    clock,

    customers: {
      arrive: (input) => simulation.arrive(input),
      say: (uuid, body, o) => simulation.say(uuid, body, o?.uploadKeys),
      typing: (uuid, value) => simulation.typing(uuid, value),
      read: (uuid) => simulation.read(uuid),
      leave: (uuid) => simulation.leave(uuid),
      step: () => simulation.step(clock.now()),
      start: (ms) => simulation.start(ms),
      stop: () => simulation.stop(),
      get running() {
        return simulation.running
      },
      list: () => simulation.list(),
      frames: (uuid) => simulation.frames(uuid),
    },

    faults: {
      set: (patch) => faults.set(patch),
      clear: () => faults.clear(),
      get current() {
        return faults.config
      },
    },

    sockets: {
      get count() {
        return hub.size
      },
      list: () => hub.list(),
      dropAll: () => hub.dropAll(),
      closeAll: (code = CLOSE_CODES.GOING_AWAY, reason = 'closed by emulator') => hub.closeAll(code, reason),
      expireJwts() {
        jwtGeneration++
        hub.closeAll(CLOSE_CODES.UNAUTHORIZED, 'jwt expired')
      },
      issueJwt(agentArn = firstAgent(), ttlMs) {
        if (!agentArn) throw new Error('no agent configured')
        return ctx.issueJwt(agentArn, ttlMs).jwt
      },
    },

    state: {
      conversations: (viewer = firstAgent()) =>
        sortedConversations(state).map((c) => summaryView(state, c, viewer)),
      conversation(uuid, viewer = firstAgent()) {
        const c = state.conversations.get(uuid)
        return c ? conversationView(state, c, viewer) : undefined
      },
      messages: (uuid) => structuredClone(state.conversations.get(uuid)?.messages ?? []),
      queues: () => [...state.queues.values()].map((q) => queueStatusView(state, q)),
      agents: () =>
        [...state.agents.values()].map((a) => ({ arn: a.arn, name: a.name, statuses: { ...a.statuses } })),
    },

    agents: agentSpecs.map((a) => ({ arn: a.arn, name: a.name })),

    seedDemo,

    setWebsocketUrlRewrite(rewrite) {
      ctx.websocketUrlRewrite = rewrite
    },

    snapshot() {
      return structuredClone({
        version: 1 as const,
        now: clock.now(),
        merchantId,
        conversations: [...state.conversations.values()],
        queues: [...state.queues.values()],
        agents: [...state.agents.values()],
        customers: simulation.snapshot(),
        random: { ids: random.ids.state, customers: random.customers.state, faults: random.faults.state },
      })
    },

    restore(snapshot) {
      if (snapshot?.version !== 1) throw new Error('unsupported snapshot')
      const copy = structuredClone(snapshot)
      service.resetSessions()
      state.conversations = new Map(copy.conversations.map((c) => [c.uuid, c]))
      state.queues = new Map(copy.queues.map((q) => [q.name, q]))
      freshAgents()
      for (const a of copy.agents) {
        const agent = state.agents.get(a.arn)
        if (agent) Object.assign(agent, { statuses: a.statuses, lastChatMs: a.lastChatMs })
      }
      simulation.restore(copy.customers)
      random.ids.state = copy.random.ids
      random.customers.state = copy.random.customers
      random.faults.state = copy.random.faults
    },

    async close() {
      simulation.dispose()
      hub.closeAll(CLOSE_CODES.GOING_AWAY, 'emulator closing')
      for (const dispose of [...inProcessSockets]) dispose()
      timers.clearAll()
      await Promise.all([...servers].map((s) => s.close()))
    },
  }
  return emulator
}
