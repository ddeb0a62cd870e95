import type { IncomingMessage } from 'node:http'
import type { Clock, TimerSet } from './clock'
import type { Credentials } from './credentials'
import type { Faults } from './faults'
import type { Hub } from './hub'
import type { JwtIssuer } from './jwt-issuer'
import type { RateLimiter } from './rate-limit'
import type { Service } from './service'
import type { AgentRecord, StateData } from './state'
import type { Uploads } from './uploads'

/** Everything the routes and the socket handler share. @internal */
export interface Internals {
  state: StateData
  service: Service
  hub: Hub
  clock: Clock
  timers: TimerSet
  faults: Faults
  credentials: Credentials
  rateLimiter: RateLimiter | undefined
  uploads: Uploads
  jwt: JwtIssuer
  config: {
    maxBodyBytes: number
    maxUploadBytes: number
    websocketPath: string
    publicUrl: string | undefined
    corsOrigins: readonly string[] | '*'
    jwtParam: string
    answerPings: boolean
  }
  log: ((line: string) => void) | undefined
  /** Set by `emulator.setWebsocketUrlRewrite`: applied to every `websocket_url` handed out. */
  websocketUrlRewrite: ((defaultUrl: string) => string) | undefined
}

/** Hono environment: over `listen()` the Node request is available (for connection-reset faults). @internal */
export type AppEnv = {
  Bindings: { incoming?: IncomingMessage }
  /** `credentialExpiresMs`: when the request's credential expires (OAuth access tokens), else undefined. */
  Variables: { agent: AgentRecord; credentialExpiresMs: number | undefined }
}
