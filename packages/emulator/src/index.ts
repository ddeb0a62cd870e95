export { CORS_ALLOWED_HEADERS, ConnectionResetError, rateLimitBody } from './app'
export {
  type Clock,
  createManualClock,
  createRealClock,
  DEFAULT_MANUAL_START,
  type ServerClock,
  type TimerHandle,
} from './clock'
export { createEmulator } from './create-emulator'
export type { ArrivedCustomer, CustomerControl, SimulatedCustomer, StepResult } from './customer-control'
export { type CustomerOptions, DEFAULT_CUSTOMER_OPTIONS } from './customer-options'
export type { Emulator } from './emulator'
export type { EmulatorSnapshot } from './emulator-snapshot'
export {
  type ClientFrameAction,
  type ClientFrameRule,
  createFaultProxy,
  type FaultProxy,
  type FaultProxyOptions,
  type ServerFrameAction,
  type ServerFrameRule,
} from './fault-proxy'
export type { FaultConfig, FaultControl, PerRoute } from './faults'
export type {
  EmulatorClientOptions,
  EmulatorSocketOptions,
  HarnessOptions,
  HarnessWebSocket,
} from './harness-options'
export { CLOSE_CODES, type SocketInfo } from './hub'
export { IN_PROCESS_BASE_URL } from './in-process-fetch'
export type { EmulatorWebSocket, EmulatorWebSocketConstructor } from './in-process-websocket'
export { JWT_AUDIENCE, JWT_ISSUER, type JwtClaims } from './jwt'
export { OAUTH_PATHS } from './oauth/oauth-routes'
export type { Emulation } from './operation-handlers'
export type { OperationId } from './operation-routes'
export type { OperationName } from './operations'
export * from './options'
export { DEFAULT_PAGE_SIZE } from './page-size'
export { DEFAULT_RATE_LIMIT_RULES, type RateLimitOptions, type RateLimitRule } from './rate-limit'
export type { SocketControl } from './socket-control'
export type { EmulatorServer, ListenOptions } from './start-server'
export {
  type AgentRecord,
  type ChatRecords,
  type ConversationRecord,
  DEFAULT_STATE_LIMITS,
  type DepartmentRecord,
  type ParticipantRecord,
  type QueueEntryRecord,
  type QueueRecord,
  type StateLimits,
} from './state'
export type { StateView } from './state-view'
