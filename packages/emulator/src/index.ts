export { CORS_ALLOWED_HEADERS, ConnectionResetError, rateLimitBody } from './app'
export {
  type Clock,
  createManualClock,
  createRealClock,
  DEFAULT_MANUAL_START,
  type TimerHandle,
} from './clock'
export {
  type ArrivedCustomer,
  type CustomerControl,
  createEmulator,
  type Emulator,
  type EmulatorServer,
  type EmulatorSnapshot,
  type FaultControl,
  IN_PROCESS_BASE_URL,
  type ListenOptions,
  type SocketControl,
  type StateView,
} from './create-emulator'
export {
  type ClientFrameAction,
  type ClientFrameRule,
  createFaultProxy,
  type FaultProxy,
  type FaultProxyOptions,
  type ServerFrameAction,
  type ServerFrameRule,
} from './fault-proxy'
export type { FaultConfig, PerRoute } from './faults'
export { CLOSE_CODES } from './hub'
export type { EmulatorWebSocket, EmulatorWebSocketConstructor } from './in-process-websocket'
export { JWT_AUDIENCE, JWT_ISSUER, type JwtClaims } from './jwt'
export type { OperationName } from './operations'
export * from './options'
export { DEFAULT_RATE_LIMIT_RULES, type RateLimitOptions, type RateLimitRule } from './rate-limit'
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './routes/rest-routes'
export {
  type CustomerOptions,
  DEFAULT_CUSTOMER_OPTIONS,
  type SimulatedCustomer,
  type StepResult,
} from './simulation'
export {
  type AgentRecord,
  type ConversationRecord,
  DEFAULT_STATE_LIMITS,
  type ParticipantRecord,
  type QueueEntryRecord,
  type QueueRecord,
  type StateLimits,
} from './state'
