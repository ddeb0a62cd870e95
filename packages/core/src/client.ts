import type { ConversationError } from './errors'
import type { RequestBudget } from './hourly-budget'
import { type ClientStats, createRateGate } from './rate-gate'
import {
  type CallOptions,
  type ClientHooks,
  checkCallOptions,
  createRequester,
  DEFAULT_RETRY,
  ONCE,
  type RetryOptions,
  VOID,
} from './request'
import { type FetchLike, fetchTransport, type Transport, type TransportRequest } from './transport'
import {
  AGENT_STATUSES,
  CONVERSATION_MEDIUMS,
  type ConversationAgentAuthResponse,
  type ConversationMedium,
  type ConversationMessagesResponse,
  type ConversationMultimediaUploadUrlResponse,
  type ConversationResponse,
  type ConversationStartRequest,
  type ConversationStartResponse,
  type ConversationsResponse,
  type ConversationWebchatQueueStatusesResponse,
  type ConversationWebchatQueueStatusUpdateRequest,
} from './types'
import {
  headerValue,
  must,
  optionalInt,
  optionalOneOf,
  optionalString,
  optionalStrings,
  optionalType,
  requireObject,
  requireString,
} from './validate'

/** UltraCart's REST v2 base URL. */
export const DEFAULT_BASE_URL = 'https://secure.ultracart.com/rest/v2'
/** Sent as `X-UltraCart-Api-Version` on every request. */
export const API_VERSION = '2017-03-01'
/** Per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000
/** Largest `_limit` of getConversations. */
export const MAX_PAGE_SIZE = 200

const LIMIT = { limit: 'limit' }

export interface ConversationClientOptions extends ClientHooks {
  /**
   * A simple key, sent as `x-ultracart-simple-key`. Leave both credentials out behind a proxy that adds them.
   * Must be a valid header value (no CR, LF, NUL; Latin-1 only), checked at creation.
   */
  simpleKey?: string
  /**
   * An OAuth token, or a function asked before every attempt (so a refreshed token is picked up). A token,
   * and each answer of the function before its attempt is sent, must be a valid header value.
   */
  accessToken?: string | (() => string | Promise<string>)
  /**
   * API root; a relative URL works where the runtime's fetch resolves it (a same-origin proxy).
   * @default DEFAULT_BASE_URL
   */
  baseUrl?: string
  /**
   * A fetch-compatible function.
   * @default globalThis.fetch, looked up at call time
   */
  fetch?: FetchLike
  /** A lower-level transport; wins over `fetch`. */
  transport?: Transport
  /** Headers sent with every request: values without CR, LF, NUL, within Latin-1. */
  headers?: Record<string, string>
  /**
   * Per-attempt timeout in milliseconds: an integer from 1 to `MAX_TIMEOUT_MS`.
   * @default DEFAULT_TIMEOUT_MS
   */
  timeoutMs?: number
  /**
   * Retry policy, or `false` for none.
   * @default DEFAULT_RETRY
   */
  retry?: RetryOptions | false
  /**
   * Requests in flight at once. UltraCart answers concurrent requests of one application with 429.
   * @default 1
   */
  concurrency?: number
  /**
   * A request budget, e.g. `hourlyBudget()` for UltraCart's published 1,000/hour. Requests over budget wait in
   * the queue (abortable) until it has drained enough.
   * @default undefined (no budget)
   */
  budget?: RequestBudget
}

export interface GetConversationOptions extends CallOptions {
  /** How many of the newest messages to include. */
  limit?: number
}

export interface GetConversationMessagesOptions extends CallOptions {
  /** Most messages to return. */
  limit?: number
}

export interface GetConversationsOptions extends CallOptions {
  medium?: ConversationMedium
  /**
   * Page size, 1 to 200 (sent as `_limit`).
   * @default 100 (server side)
   */
  limit?: number
  /**
   * Zero-based offset (sent as `_offset`).
   * @default 0
   */
  offset?: number
}

/** The eleven operations, under UltraCart's names. */
export interface ConversationClient {
  getAgentKeepAlive(options?: CallOptions): Promise<void>
  getAgentWebsocketAuthorization(options?: CallOptions): Promise<ConversationAgentAuthResponse>
  getConversation(conversationUuid: string, options?: GetConversationOptions): Promise<ConversationResponse>
  getConversationMessages(
    conversationUuid: string,
    since: number,
    options?: GetConversationMessagesOptions,
  ): Promise<ConversationMessagesResponse>
  getConversationMultimediaUploadUrl(
    extension: string,
    options?: CallOptions,
  ): Promise<ConversationMultimediaUploadUrlResponse>
  getConversationWebchatQueueStatuses(
    options?: CallOptions,
  ): Promise<ConversationWebchatQueueStatusesResponse>
  getConversations(options?: GetConversationsOptions): Promise<ConversationsResponse>
  joinConversation(conversationUuid: string, options?: CallOptions): Promise<void>
  leaveConversation(conversationUuid: string, options?: CallOptions): Promise<void>
  /** Never retried once the request may have reached the server. */
  startConversation(
    request: ConversationStartRequest,
    options?: CallOptions,
  ): Promise<ConversationStartResponse>
  updateConversationWebchatQueueStatus(
    queueName: string,
    request: ConversationWebchatQueueStatusUpdateRequest,
    options?: CallOptions,
  ): Promise<void>
  /** Live counters: sent, queued, in flight, retried, rate-limited, budget left. */
  readonly stats: ClientStats
  /**
   * Observes every finished attempt of every operation (retries included): `listener(undefined)` when the server
   * answered with success, `listener(error)` when the attempt failed (network, timeout, HTTP status, parse). Not
   * called for input refused before sending, nor for the caller's own abort. A listener that throws is ignored,
   * never the request's failure. For connection health: a failure shows at once, not after the retries.
   * @returns unsubscribe
   */
  onOutcome(listener: (error: ConversationError | undefined) => void): () => void
}

/** A path segment: `.` and `..` are refused, since they would climb out of the segment. */
const segment = (value: unknown, field: string) => encodeURIComponent(requireString(value, field))

const conversationPath = (uuid: string) => `/conversation/conversations/${segment(uuid, 'conversation_uuid')}`

/**
 * A client for the eleven Conversation operations. Credentials live in this closure only: they are never
 * properties of the client, of errors, or of anything serialized.
 */
export function createConversationClient(options: ConversationClientOptions = {}): ConversationClient {
  checkCallOptions(options)
  const { simpleKey, accessToken } = options
  must(simpleKey === undefined || accessToken === undefined, 'simpleKey', 'unset with accessToken')
  optionalType(options.baseUrl, 'baseUrl', 'string')
  optionalType(options.fetch, 'fetch', 'function')
  optionalType(options.transport, 'transport', 'function')
  optionalInt(options.concurrency, 'concurrency', 1)
  // Errors are scrubbed of the credentials this client has used: its key or token, or the last 16 answers of
  // its token function (an error can only quote the token of its own attempt; older ones need not be kept
  // forever). Values under 8 characters are left out: test keys, whose scrubbing would mangle ordinary words.
  const secrets = new Set<string>()
  const credential = (value: unknown, field: string) => {
    headerValue(requireString(value, field), field)
    if ((value as string).length > 7) secrets.add(value as string)
    for (const old of secrets) if (secrets.size > 16) secrets.delete(old)
    return value as string
  }
  const base: Record<string, string> = {
    Accept: 'application/json',
    'X-UltraCart-Api-Version': API_VERSION,
    ...options.headers,
  }
  if (simpleKey !== undefined) base['x-ultracart-simple-key'] = credential(simpleKey, 'simpleKey')
  if (accessToken !== undefined && typeof accessToken !== 'function')
    base.Authorization = `Bearer ${credential(accessToken, 'accessToken')}`
  const gate = createRateGate(options.concurrency ?? 1, options.budget)
  const listeners = new Set<(error?: ConversationError) => void>()
  const send = createRequester({
    ...options,
    baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
    transport: options.transport ?? fetchTransport(options.fetch),
    // A token function's answer is checked per attempt, before the transport sees it: a bad one is refused as
    // a validation error (not retried), naming `accessToken`, never the value.
    headers:
      typeof accessToken === 'function'
        ? async () => ({ ...base, Authorization: `Bearer ${credential(await accessToken(), 'accessToken')}` })
        : () => base,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: options.retry === false ? false : { ...DEFAULT_RETRY, ...options.retry },
    gate,
    secrets,
    outcome: (error) => {
      for (const listener of listeners)
        try {
          listener(error)
        } catch {
          // A broken observer must not fail the request it observes.
        }
    },
  }) as (
    call: CallOptions | undefined,
    method: TransportRequest['method'],
    path: string | ((call: GetConversationsOptions) => string),
    query?: Record<string, string> | 0,
    json?: unknown,
    mode?: number,
  ) => Promise<never>

  return {
    get stats() {
      return gate.snapshot()
    },
    onOutcome: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getAgentKeepAlive: (o) => send(o, 'GET', '/conversation/agent/keepalive', 0, 0, VOID),
    getAgentWebsocketAuthorization: (o) => send(o, 'PUT', '/conversation/agent/auth'),
    // Paths that need validation are thunks: send runs them inside its async body, after checking the call
    // options it passes in, so bad input rejects (never throws synchronously) and nothing is sent.
    getConversation: (uuid, o) =>
      send(
        o,
        'GET',
        (call) => {
          optionalInt(call.limit, 'limit', 1)
          return conversationPath(uuid)
        },
        LIMIT,
      ),
    getConversationMessages: (uuid, since, o) =>
      send(
        o,
        'GET',
        (call) => {
          optionalInt(since ?? -1, 'since', 0)
          optionalInt(call.limit, 'limit', 1)
          return `${conversationPath(uuid)}/messages/${since}`
        },
        LIMIT,
      ),
    getConversationMultimediaUploadUrl: (extension, o) =>
      send(o, 'GET', () => {
        must(
          typeof extension === 'string' && /^[a-z0-9]{1,10}$/i.test(extension),
          'extension',
          '1-10 alphanumerics',
        )
        return `/conversation/upload_url/${extension}`
      }),
    getConversationWebchatQueueStatuses: (o) => send(o, 'GET', '/conversation/conversations/queues/statuses'),
    getConversations: (o) =>
      send(
        o,
        'GET',
        (call) => {
          optionalOneOf(call.medium, 'medium', CONVERSATION_MEDIUMS)
          optionalInt(call.limit, 'limit', 1, MAX_PAGE_SIZE)
          optionalInt(call.offset, 'offset', 0)
          return '/conversation/conversations'
        },
        { medium: 'medium', _limit: 'limit', _offset: 'offset' },
      ),
    joinConversation: (uuid, o) => send(o, 'PUT', () => `${conversationPath(uuid)}/join`, 0, 0, VOID),
    leaveConversation: (uuid, o) => send(o, 'DELETE', () => `${conversationPath(uuid)}/leave`, 0, 0, VOID),
    startConversation: (request, o) =>
      send(
        o,
        'PUT',
        () => {
          requireObject(request, 'request')
          optionalString(request.conversation_arn, 'conversation_arn')
          optionalString(request.conversation_webchat_queue_uuid, 'conversation_webchat_queue_uuid')
          optionalStrings(request.add_conversation_participant_arns, 'add_conversation_participant_arns')
          return '/conversation/conversations'
        },
        0,
        request,
        ONCE,
      ),
    updateConversationWebchatQueueStatus: (queueName, request, o) =>
      send(
        o,
        'PUT',
        () => {
          requireObject(request, 'request')
          optionalOneOf(request.agent_status ?? 0, 'agent_status', AGENT_STATUSES)
          return `/conversation/conversations/queues/${segment(queueName, 'queue_name')}/status`
        },
        0,
        request,
        VOID,
      ),
  }
}
