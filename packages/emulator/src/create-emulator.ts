import { createHash, randomBytes } from 'node:crypto'
import { DEFAULT_MAX_UPLOAD_BYTES } from '@uc-conversation/core'
import WebSocket from 'ws'
import { agentRecordsOf, newQueueRecord } from './agent-records'
import { createAgentSessions } from './agent-sessions'
import { createApp } from './app'
import { createBroadcast } from './broadcast'
import { type Clock, createManualClock, createRealClock, createServerClock, createTimerSet } from './clock'
import { createCredentials } from './credentials'
import { seedDemoData } from './demo-data'
import type { Emulator } from './emulator'
import { restoreSnapshot, type SnapshotParts, takeSnapshot } from './emulator-snapshot'
import { createFaults } from './faults'
import { CLOSE_CODES, createHub } from './hub'
import { createInProcessFetch, IN_PROCESS_BASE_URL } from './in-process-fetch'
import { createInProcessWebSocket } from './in-process-websocket'
import type { Internals } from './internals'
import { createJwtIssuer } from './jwt-issuer'
import { createOAuthGrants } from './oauth/oauth-grants'
import { createOperationHandlers } from './operation-handlers'
import {
  DEFAULT_ACCESS_TOKEN_TTL_MS,
  DEFAULT_AUTHORIZATION_CODE_TTL_MS,
  DEFAULT_CLOCK_OFFSET_MS,
  DEFAULT_CORS_ORIGINS,
  DEFAULT_JWT_TTL_MS,
  DEFAULT_KEEPALIVE_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_FRAME_BYTES,
  DEFAULT_MERCHANT_ID,
  DEFAULT_QUEUES,
  DEFAULT_REFRESH_TOKEN_TTL_MS,
  DEFAULT_SENT_AFTER_MS,
  DEFAULT_UPLOAD_URL_TTL_MS,
  EMULATOR_SIMPLE_KEY,
  type EmulatorOptions,
} from './options'
import { seedPbx } from './pbx-seed'
import { createRandom, seedState } from './random'
import { createRateLimiter } from './rate-limit'
import { createService } from './service'
import { createSimulation } from './simulation'
import { createSocketControl } from './socket-control'
import { type EmulatorServer, startServer } from './start-server'
import { createStateData, DEFAULT_STATE_LIMITS } from './state'
import { createStateView } from './state-view'
import { createUploads } from './uploads'

/** Four 32-bit words from a salt string (SHA-256), mixed into every uuid the emulator makes. */
const saltWords = (salt: string) => {
  const digest = createHash('sha256').update(salt, 'utf8').digest()
  return [0, 4, 8, 12].map((offset) => digest.readUInt32BE(offset))
}

const clockOf = (options: EmulatorOptions): Clock =>
  options.clock === 'manual'
    ? createManualClock(options.startTime)
    : options.clock && options.clock !== 'real'
      ? options.clock
      : createRealClock()

/** Creates an emulator. Nothing listens until {@link Emulator.listen}. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const merchantId = options.merchantId ?? DEFAULT_MERCHANT_ID
  const clock = createServerClock(clockOf(options), options.clockOffsetMs ?? DEFAULT_CLOCK_OFFSET_MS)
  const timers = createTimerSet(clock)
  const seed = options.seed ?? 1
  const salt = saltWords(options.idSalt ?? randomBytes(16).toString('hex'))
  const random = {
    ids: createRandom(seedState(seed, 'ids'), salt),
    customers: createRandom(seedState(seed, 'customers')),
    faults: createRandom(seedState(seed, 'faults')),
    context: createRandom(seedState(seed, 'context')),
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
  const firstAgentArn = agentSpecs[0]?.arn
  const queueNames = options.queues ?? DEFAULT_QUEUES
  const freshAgents = () => {
    state.agents = agentRecordsOf(agentSpecs, queueNames)
  }
  freshAgents()
  for (const name of queueNames) state.queues.set(name, newQueueRecord(name, random.ids.uuid()))

  // Its own stream, drawn once: the PBX records change no other draw.
  seedPbx(state, [...state.agents.values()], createRandom(seedState(seed, 'pbx'), salt))

  const faults = createFaults(random.faults, options.faults)
  const hub = createHub(timers, faults)
  const broadcast = createBroadcast(state, hub)
  const sessions = createAgentSessions({
    state,
    timers,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? DEFAULT_KEEPALIVE_TIMEOUT_MS,
    queueChanged: broadcast.queueChanged,
  })
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
    broadcast,
    sessions,
    clock,
    timers,
    ids: random.ids,
    maxConversations: limits.conversations,
    maxMessages: limits.messagesPerConversation,
    sentAfterMs: options.sentAfterMs ?? DEFAULT_SENT_AFTER_MS,
    mediaUrl: (key) => uploads.mediaUrl(key),
  })
  const simulation = createSimulation({
    state,
    service,
    broadcast,
    timers,
    random: random.customers,
    contextRandom: random.context,
    options: options.customers ?? {},
    now: () => clock.now(),
  })
  const jwt = createJwtIssuer({
    secret,
    clock,
    merchantId,
    defaultTtlMs: options.jwtTtlMs ?? DEFAULT_JWT_TTL_MS,
  })

  const grants = createOAuthGrants({
    clock,
    accessTokenTtlMs: options.oauth?.accessTokenTtlMs ?? DEFAULT_ACCESS_TOKEN_TTL_MS,
    refreshTokenTtlMs: options.oauth?.refreshTokenTtlMs ?? DEFAULT_REFRESH_TOKEN_TTL_MS,
    codeTtlMs: options.oauth?.codeTtlMs ?? DEFAULT_AUTHORIZATION_CODE_TTL_MS,
  })

  const ctx: Internals = {
    state,
    service,
    hub,
    clock,
    timers,
    faults,
    credentials: createCredentials(agentSpecs, options.disabledKeys ?? [], grants),
    rateLimiter:
      options.rateLimit === false ? undefined : createRateLimiter(options.rateLimit ?? {}, clock.now),
    uploads,
    jwt,
    config: {
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      // Core's limit, so a client on its defaults refuses what this server would.
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
  const handlers = createOperationHandlers(ctx, random.ids)
  const app = createApp(ctx, handlers, { clients: options.oauthClients ?? [], grants })
  const servers = new Set<EmulatorServer>()
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES
  const inProcessSockets = new Set<() => void>()
  const inProcessWebSocket = createInProcessWebSocket(ctx, inProcessSockets)
  const fetch = createInProcessFetch(app)

  const seedDemo = () =>
    seedDemoData({
      state,
      ids: random.ids,
      now: clock.now(),
      simulation,
      maxConversations: limits.conversations,
      contextRandom: random.context,
    })
  if (options.demoData) seedDemo()

  const snapshotParts: SnapshotParts = { state, clock, simulation, random, sessions, freshAgents }

  return {
    fetch,
    async listen(listenOptions = {}) {
      const server = await startServer(ctx, app, maxFrameBytes, listenOptions, (s) => servers.delete(s))
      servers.add(server)
      return server
    },
    clientOptions({ server, agentArn = firstAgentArn } = {}) {
      const agent = agentSpecs.find((a) => a.arn === agentArn)
      if (!agent) throw new Error(`no agent ${agentArn ?? '(none configured)'}`)
      // One credential only: the client refuses a simple key and a token together.
      const credential = agent.simpleKey
        ? { simpleKey: agent.simpleKey }
        : agent.accessToken
          ? { accessToken: agent.accessToken }
          : {}
      return server
        ? { baseUrl: server.url, ...credential }
        : { baseUrl: IN_PROCESS_BASE_URL, fetch, ...credential }
    },
    socketOptions: ({ server } = {}) => ({ WebSocketCtor: server ? WebSocket : inProcessWebSocket }),
    emulation: handlers.emulation,
    WebSocket: inProcessWebSocket,
    clock,
    customers: simulation,
    faults,
    sockets: createSocketControl(hub, jwt, firstAgentArn),
    state: createStateView(state, firstAgentArn),
    agents: agentSpecs.map((a) => ({ arn: a.arn, name: a.name })),
    seedDemo,
    setWebsocketUrlRewrite(rewrite) {
      ctx.websocketUrlRewrite = rewrite
    },
    snapshot: () => takeSnapshot(snapshotParts),
    restore: (snapshot) => restoreSnapshot(snapshotParts, snapshot),
    async close() {
      simulation.dispose()
      hub.closeAll(CLOSE_CODES.GOING_AWAY, 'emulator closing')
      for (const dispose of [...inProcessSockets]) dispose()
      timers.clearAll()
      await Promise.all([...servers].map((s) => s.close()))
    },
  }
}
