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
  type ConnectAgentSocketOptions,
  DEFAULT_AGENT_SOCKET,
  type WebSocketCtorLike,
  type WebSocketLike,
} from './agent-socket/options'
