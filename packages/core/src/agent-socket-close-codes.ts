/**
 * Close codes of the agent websocket that mean something to a client: `UNAUTHORIZED` (4001) the JWT was refused or
 * has expired (ask for a new one, never reuse it); `MESSAGE_TOO_BIG` (1009) a frame was over the server's limit
 * (sending it again closes the socket again). The one place these numbers are written: the emulator closes with
 * them and the rxjs socket reads them.
 */
export const AGENT_SOCKET_CLOSE_CODES = /* @__PURE__ */ Object.freeze({
  UNAUTHORIZED: 4001,
  MESSAGE_TOO_BIG: 1009,
} as const)
