// The agent socket lives in ./agent-socket/ (options, heartbeat, JWT reuse, the socket); this module keeps the
// import path and the names it always had.
export type {
  AgentIdentity,
  AgentSocket,
  AgentSocketDropReason,
  AgentSocketState,
  PingReplies,
  RejectedFrame,
} from './agent-socket/agent-socket'
export { connectAgentSocket } from './agent-socket/connect-agent-socket'
export {
  AUTH_CLOSE_CODE,
  type ConnectAgentSocketOptions,
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_HEARTBEAT_TIMEOUT_MS,
  DEFAULT_JWT_REUSES,
  DEFAULT_LINGER_MS,
  DEFAULT_SILENCE_LIMIT_MS,
  JWT_REUSE_MARGIN_MS,
  MESSAGE_TOO_BIG_CLOSE_CODE,
  type WebSocketCtorLike,
  type WebSocketLike,
} from './agent-socket/options'
