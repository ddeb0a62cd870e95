import { CLIENT_HEADER, CLIENT_HEADER_VALUE } from './client-header'
import type { AnyConversationError } from './errors'
import type { RequestBudget } from './hourly-budget'
import { ELEVEN_OPERATIONS, type ElevenOperations } from './operations/eleven'
import type { Operation, OperationArgs, OperationResult } from './operations/operation'
import { type ClientStats, createRateGate } from './rate-gate'
import {
  type ClientHooks,
  checkCallOptions,
  createRequester,
  DEFAULT_RETRY,
  type RetryOptions,
} from './request'
import { rememberSecret } from './scrub-secrets'
import { type FetchLike, fetchTransport, type Transport } from './transport'
import { headerValue, must, optionalInt, optionalType, requireString } from './validate'

/** UltraCart's REST v2 base URL. */
export const DEFAULT_BASE_URL = 'https://secure.ultracart.com/rest/v2'
/** Sent as `X-UltraCart-Api-Version` on every request. */
export const API_VERSION = '2017-03-01'
/** Per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000

export interface ConversationClientOptions extends ClientHooks {
  /**
   * A simple key, sent as `x-ultracart-simple-key`. Leave both credentials out behind a proxy that adds them:
   * the client then sends `CLIENT_HEADER` (`x-uc-conversation-client: 1`), which the proxy requires.
   * Must be a valid header value (no CR, LF, NUL; Latin-1 only), checked at creation.
   */
  simpleKey?: string | undefined
  /**
   * An OAuth token, or a function asked before every attempt (so a refreshed token is picked up). A token,
   * and each answer of the function before its attempt is sent, must be a valid header value.
   */
  accessToken?: (string | (() => string | Promise<string>)) | undefined
  /**
   * API root; a relative URL works where the runtime's fetch resolves it (a same-origin proxy). Without a query,
   * a fragment or whitespace (operation paths are appended to it).
   * @default DEFAULT_BASE_URL
   */
  baseUrl?: string | undefined
  /**
   * A fetch-compatible function.
   * @default globalThis.fetch, looked up at call time
   */
  fetch?: FetchLike | undefined
  /** A lower-level transport; wins over `fetch`. */
  transport?: Transport | undefined
  /** Headers sent with every request: names that are HTTP tokens, values without CR, LF, NUL, within Latin-1. */
  headers?: Record<string, string> | undefined
  /**
   * Per-attempt timeout in milliseconds: an integer from 1 to `MAX_TIMEOUT_MS`.
   * @default DEFAULT_TIMEOUT_MS
   */
  timeoutMs?: number | undefined
  /**
   * Retry policy, or `false` for none.
   * @default DEFAULT_RETRY
   */
  retry?: RetryOptions | false | undefined
  /**
   * Requests in flight at once, an integer >= 1. UltraCart answers concurrent requests of one application with 429.
   * @default 1
   */
  concurrency?: number | undefined
  /**
   * A request budget, e.g. `hourlyBudget()` for UltraCart's published 1,000/hour: an object with the methods
   * `wait`, `take` and `left`. Requests over budget wait in the queue (abortable) until it has drained enough.
   * @default undefined (no budget)
   */
  budget?: RequestBudget | undefined
}

/** Options of `getConversation`: `limit`, how many of the newest messages to include. */
export type GetConversationOptions = NonNullable<OperationArgs<ElevenOperations['getConversation']>[1]>
/** Options of `getConversationMessages`: `limit`, the most messages to return. */
export type GetConversationMessagesOptions = NonNullable<
  OperationArgs<ElevenOperations['getConversationMessages']>[2]
>
/**
 * Options of `getConversations`: `medium`, `before`, `limit` (page size, 1 to 200, sent as `_limit`; 100 when
 * left out) and `offset` (zero-based, sent as `_offset`).
 */
export type GetConversationsOptions = NonNullable<OperationArgs<ElevenOperations['getConversations']>[0]>

/** An operation as a method: its positional arguments, its result. */
export type OperationMethod<O> = (...args: OperationArgs<O>) => Promise<OperationResult<O>>

/**
 * The eleven operations as methods, under UltraCart's names; every other operation through
 * {@link ConversationClient.call}.
 */
export interface ConversationClient {
  getAgentKeepAlive: OperationMethod<ElevenOperations['getAgentKeepAlive']>
  getAgentWebsocketAuthorization: OperationMethod<ElevenOperations['getAgentWebsocketAuthorization']>
  getConversation: OperationMethod<ElevenOperations['getConversation']>
  getConversationMessages: OperationMethod<ElevenOperations['getConversationMessages']>
  getConversationMultimediaUploadUrl: OperationMethod<ElevenOperations['getConversationMultimediaUploadUrl']>
  getConversationWebchatQueueStatuses: OperationMethod<
    ElevenOperations['getConversationWebchatQueueStatuses']
  >
  getConversations: OperationMethod<ElevenOperations['getConversations']>
  joinConversation: OperationMethod<ElevenOperations['joinConversation']>
  leaveConversation: OperationMethod<ElevenOperations['leaveConversation']>
  /** Never retried once the request may have reached the server. */
  startConversation: OperationMethod<ElevenOperations['startConversation']>
  updateConversationWebchatQueueStatus: OperationMethod<
    ElevenOperations['updateConversationWebchatQueueStatus']
  >
  /**
   * Sends any operation of the API with this client's transport, credentials, retries, rate rules, budget and
   * hooks: `client.call(getConversationCannedMessages)`, `client.call(getConversationContext, uuid)`. The
   * operations are imported from `@uc-conversation/core/operations`, so a bundle carries only the ones it uses.
   */
  call<Args extends readonly unknown[], Result>(
    operation: Operation<Args, Result>,
    ...args: Args
  ): Promise<Result>
  /**
   * Live counters: sent, queued, in flight, retried, rate-limited, budget left, and whether the server is
   * `unreachable` (only a probe is being sent; see `UNREACHABLE_AFTER`).
   */
  readonly stats: ClientStats
  /**
   * Observes every finished attempt of every operation (retries included): `listener(undefined)` when the server
   * answered with success, `listener(error)` when the attempt failed (network, timeout, HTTP status, parse). Not
   * called for input refused before sending, nor for the caller's own abort. A listener that throws is ignored,
   * never the request's failure. For connection health: a failure shows at once, not after the retries.
   * @returns unsubscribe
   */
  onOutcome(listener: (error: AnyConversationError | undefined) => void): () => void
}

/**
 * A client for the eleven Conversation operations. Credentials live in this closure only: they are never
 * properties of the client, of errors, or of anything serialized. Every option is checked here: a bad one throws
 * a `ConversationValidationError` naming it and its rule, before any call.
 */
export function createConversationClient(options: ConversationClientOptions = {}): ConversationClient {
  checkCallOptions(options)
  const { simpleKey, accessToken, budget, baseUrl } = options
  must(simpleKey === undefined || accessToken === undefined, 'simpleKey', 'unset with accessToken')
  optionalType(baseUrl, 'baseUrl', 'string')
  must(!/[?#\s]/.test(baseUrl as string), 'baseUrl', 'a URL without ?, # or spaces')
  for (const name of ['fetch', 'transport', 'onRequest', 'onResponse', 'onWarning'] as const)
    optionalType(options[name], name, 'function')
  optionalInt(options.concurrency, 'concurrency', 1)
  must(
    budget === undefined ||
      ['wait', 'take', 'left'].every((m) => typeof budget?.[m as 'wait'] === 'function'),
    'budget',
    'a RequestBudget (hourlyBudget())',
  )
  // Errors are scrubbed of the credentials this client has used (its key or token, or what its token function
  // answered lately).
  const secrets = new Set<string>()
  const credential = (value: unknown, field: string) => {
    headerValue(requireString(value, field), field)
    return rememberSecret(secrets, value as string)
  }
  const base: Record<string, string> = {
    Accept: 'application/json',
    'X-UltraCart-Api-Version': API_VERSION,
    ...options.headers,
  }
  if (simpleKey !== undefined) base['x-ultracart-simple-key'] = credential(simpleKey, 'simpleKey')
  // Without a credential the client talks to a proxy that adds one, and the proxy asks for this header.
  else if (accessToken === undefined) base[CLIENT_HEADER] ??= CLIENT_HEADER_VALUE
  // A string is checked as a header value; a function is asked per attempt and its answer checked then.
  if (accessToken !== undefined && typeof accessToken !== 'function')
    base.Authorization = `Bearer ${credential(accessToken, 'accessToken')}`
  const gate = createRateGate(options.concurrency ?? 1, budget)
  const listeners = new Set<(error?: AnyConversationError) => void>()
  const send = createRequester({
    ...options,
    baseUrl: (baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
    transport: options.transport ?? fetchTransport(options.fetch),
    // A token function's answer is checked per attempt, before the transport sees it: a bad one is refused as
    // a validation error (not retried), naming `accessToken`, never the value.
    headers:
      typeof accessToken === 'function'
        ? async () => ({ ...base, Authorization: `Bearer ${credential(await accessToken(), 'accessToken')}` })
        : base,
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
  })
  const client = {
    get stats() {
      return gate.snapshot()
    },
    onOutcome: (listener: (error?: AnyConversationError) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    call: (operation: Operation, ...args: unknown[]) => send(operation, args),
  } as Record<string, unknown>
  for (const operation of ELEVEN_OPERATIONS)
    client[operation.id] = (...args: unknown[]) => send(operation, args)
  return client as unknown as ConversationClient
}
