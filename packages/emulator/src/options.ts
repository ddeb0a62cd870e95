import { type ConversationScope, DEFAULT_MAX_BODY_LENGTH } from '@uc-conversation/core'
import type { Clock } from './clock'
import type { CustomerOptions } from './customer-options'
import type { FaultConfig } from './faults'
import type { RateLimitOptions } from './rate-limit'
import type { StateLimits } from './state'

/** The simple key of the default agent. Not a secret: it only opens the local emulator. */
export const EMULATOR_SIMPLE_KEY = 'emulator-simple-key'
/** Merchant id of the emulated account. */
export const DEFAULT_MERCHANT_ID = 'DEMO'
/** Webchat queues of a fresh emulator. */
export const DEFAULT_QUEUES: readonly string[] = ['support', 'sales']
/** Browser origins allowed by default (the demo's Vite dev server). */
export const DEFAULT_CORS_ORIGINS: readonly string[] = ['http://localhost:5173', 'http://127.0.0.1:5173']
/** Lifetime of a websocket JWT. */
export const DEFAULT_JWT_TTL_MS = 15 * 60_000
/** An agent whose keepalive is older than this becomes `unavailable` (twice the assumed 60 s period). */
export const DEFAULT_KEEPALIVE_TIMEOUT_MS = 120_000
/** Largest JSON request body. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024
/**
 * Longest message body the emulator stores, in UTF-16 code units (JavaScript `length`). **Assumption**: UltraCart
 * publishes no limit. A longer body sent over the websocket closes the socket with 1009 and a reason naming the
 * limit; nothing is stored or echoed (older versions truncated silently). It is core's `DEFAULT_MAX_BODY_LENGTH`, so
 * a client on its defaults refuses, typed and before sending, exactly what this server would refuse.
 */
export const MAX_MESSAGE_BODY_LENGTH: number = DEFAULT_MAX_BODY_LENGTH
/**
 * Largest websocket frame an agent may send, in bytes (`ws`'s `maxPayload`): 64 KiB. A larger frame closes the
 * socket with 1009. A body within {@link MAX_MESSAGE_BODY_LENGTH} fits unless its JSON escaping triples it.
 */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024
/** Lifetime of a presigned upload URL. */
export const DEFAULT_UPLOAD_URL_TTL_MS = 15 * 60_000
/** Server clock skew: none. */
export const DEFAULT_CLOCK_OFFSET_MS = 0
/** Delay before a message's transport statuses go from `accepted` to `sent`. */
export const DEFAULT_SENT_AFTER_MS = 300

/**
 * Lifetime of an access token minted by the OAuth flow: 1 hour. **Assumption**: UltraCart publishes none (its
 * token answer carries `expires_in`, which clients must read instead of assuming this).
 */
export const DEFAULT_ACCESS_TOKEN_TTL_MS = 60 * 60_000
/** Lifetime of a refresh token (renewed by each refresh): 30 days. **Assumption**: UltraCart publishes none. */
export const DEFAULT_REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60_000
/** Lifetime of an authorization code (single use either way): 60 s. **Assumption**: UltraCart publishes none. */
export const DEFAULT_AUTHORIZATION_CODE_TTL_MS = 60_000

/** An application registered for the OAuth flow (UltraCart registers these in its back office). */
export interface EmulatorOAuthClient {
  clientId: string
  /** Sent by the application to the token and revoke endpoints (HTTP Basic or form fields). */
  clientSecret: string
  /** Redirect URIs the authorize endpoint accepts, compared exactly. */
  redirectUris: readonly string[]
  /** Scopes the application may be granted. @default ['conversation_read', 'conversation_write'] */
  scopes?: readonly ConversationScope[]
}

/** The OAuth flow's lifetimes. */
export interface EmulatorOAuthOptions {
  /** @default DEFAULT_ACCESS_TOKEN_TTL_MS */
  accessTokenTtlMs?: number
  /** @default DEFAULT_REFRESH_TOKEN_TTL_MS */
  refreshTokenTtlMs?: number
  /** @default DEFAULT_AUTHORIZATION_CODE_TTL_MS */
  codeTtlMs?: number
}

/**
 * Agents of the demo account, for `createEmulator({ demoData: true, agents: DEMO_AGENTS })`: the first keeps
 * {@link EMULATOR_SIMPLE_KEY} (simple-key tools and the demo act as it); the others sign in through the OAuth
 * flow only. The demo data gives the second one conversations of its own.
 */
export const DEMO_AGENTS: readonly EmulatorAgent[] = [
  { simpleKey: EMULATOR_SIMPLE_KEY, name: 'Demo Agent' },
  { name: 'Ada Byron' },
  { name: 'Grace Murray' },
]

/** One agent (a user of the merchant's account) and the credentials that act as it. */
export interface EmulatorAgent {
  /** Accepted in `x-ultracart-simple-key`. */
  simpleKey?: string
  /** Accepted in `Authorization: Bearer`. */
  accessToken?: string
  /**
   * OAuth scopes granted to `accessToken`. A token without an operation's scope (core's `OPERATION_SCOPES`)
   * is answered 401 with error code `insufficient_scope` (**assumption**: UltraCart does not publish that
   * answer). Simple keys are not scoped.
   * @default ['conversation_read', 'conversation_write']
   */
  scopes?: readonly ConversationScope[]
  /** @default 'Demo Agent' for the first agent, 'Agent N' for the others */
  name?: string
  /** Participant ARN. @default `arn:ultracart:conversation:<merchant>:participant:agent:<N>` */
  arn?: string
  profileImageUrl?: string
}

/** Options of {@link createEmulator}. */
export interface EmulatorOptions {
  /** @default DEFAULT_MERCHANT_ID */
  merchantId?: string
  /**
   * Agents and their credentials.
   * @default one agent, 'Demo Agent', with simple key EMULATOR_SIMPLE_KEY
   */
  agents?: readonly EmulatorAgent[]
  /**
   * Applications registered for the OAuth 2 authorization-code flow (`/rest/v2/oauth/authorize`, `/token`,
   * `/revoke`). Tokens the flow mints act as the agent who signed in, with the scopes granted.
   * @default [] (the authorize and token endpoints refuse every client)
   */
  oauthClients?: readonly EmulatorOAuthClient[]
  /** Lifetimes of the OAuth flow's codes and tokens. @default the DEFAULT_*_TTL_MS constants */
  oauth?: EmulatorOAuthOptions
  /** Keys or tokens whose application is disabled: answered with 410. @default [] */
  disabledKeys?: readonly string[]
  /** Webchat queue names. @default DEFAULT_QUEUES */
  queues?: readonly string[]
  /**
   * Seed of every pseudo-random choice (ids, simulated customers, faults). The same seed and the same inputs
   * give the same history.
   * @default 1
   */
  seed?: string | number
  /**
   * Mixed into every uuid the emulator makes (conversations, messages, queues). By default each emulator draws
   * its own, so a restart with the same seed never hands out a uuid an earlier run used (a client that stayed
   * connected would otherwise overwrite its old messages with new ones). The seed still fixes everything else
   * (content, times, order). Pass the same string to two emulators to get identical uuids too.
   * @default a random value per emulator
   */
  idSalt?: string
  /** Load the demo data set (history, an SMS thread, a live chat, waiting customers). @default false */
  demoData?: boolean
  /**
   * `'real'`, `'manual'` (moves only on `emulator.clock.advance(ms)`), or a {@link Clock} of your own.
   * @default 'real'
   */
  clock?: 'real' | 'manual' | Clock
  /**
   * Skew of the server's clock, in ms: server time = `clock` time + this (negative: the server runs behind).
   * Every `message_epoch` and `*_dts` the emulator reports, JWT times, and `emulator.clock.now()` use server time;
   * delays do not change. Models an UltraCart clock that disagrees with the client's; `emulator.clock.step(ms)`
   * moves it at runtime.
   * @default DEFAULT_CLOCK_OFFSET_MS (0)
   */
  clockOffsetMs?: number
  /** Start time of a manual clock, epoch ms. @default DEFAULT_MANUAL_START (2025-01-06T09:00:00Z) */
  startTime?: number
  /** Rate limiting per credential, or `false` for none. @default UltraCart's: 1,000/hour and 10,000/day */
  rateLimit?: false | RateLimitOptions
  /** @default DEFAULT_JWT_TTL_MS */
  jwtTtlMs?: number
  /** HMAC key for JWTs and upload URLs. @default 32 random bytes per emulator */
  secret?: Uint8Array
  /** @default DEFAULT_KEEPALIVE_TIMEOUT_MS */
  keepAliveTimeoutMs?: number
  /** Path of the websocket endpoint. @default '/ws' */
  websocketPath?: string
  /** Query parameter carrying the JWT. @default 'jwt' */
  jwtParam?: string
  /**
   * Origin clients reach the emulator on, for `websocket_url` and upload/media URLs (e.g. behind a proxy).
   * @default the origin of each request
   */
  publicUrl?: string
  /** Browser origins allowed by CORS (and for websocket upgrades), or `'*'`. @default DEFAULT_CORS_ORIGINS */
  corsOrigins?: readonly string[] | '*'
  /** @default DEFAULT_MAX_BODY_BYTES */
  maxBodyBytes?: number
  /** @default DEFAULT_MAX_UPLOAD_BYTES */
  maxUploadBytes?: number
  /** @default DEFAULT_MAX_FRAME_BYTES */
  maxFrameBytes?: number
  /**
   * Answer `{type:'ping'}` frames with `{type:'ping'}`. `false` models a server that never answers pings
   * (UltraCart does not publish that it does).
   * @default true
   */
  answerPings?: boolean
  /** @default DEFAULT_UPLOAD_URL_TTL_MS */
  uploadUrlTtlMs?: number
  /** @default DEFAULT_SENT_AFTER_MS */
  sentAfterMs?: number
  /** Caps of the in-memory state. @default DEFAULT_STATE_LIMITS */
  limits?: StateLimits
  /** Behaviour of simulated customers. @default DEFAULT_CUSTOMER_OPTIONS */
  customers?: CustomerOptions
  /** Faults active from the start. @default none */
  faults?: FaultConfig
  /** Receives one line per request (method, path, status, time; never headers or query strings). */
  log?: (line: string) => void
}
