import { DEFAULT_MAX_BODY_LENGTH } from '../limits'
import type { Operation } from '../operations/operation'
import type { ProxyOperation } from './match-operation'
import type { ProxyFailureEvent, ProxyRequestContext } from './proxy-request-context'

/**
 * Largest request body forwarded, in bytes: a chat message of core's longest body
 * ({@link DEFAULT_MAX_BODY_LENGTH} UTF-16 units), each unit escaped in JSON as `\uXXXX` (6 bytes), plus 64 KiB
 * for every other field. No operation sends more: files go straight to the upload URL, never through here.
 */
export const DEFAULT_PROXY_MAX_BODY_BYTES = DEFAULT_MAX_BODY_LENGTH * 6 + 64 * 1024

/** How long the proxy waits for the upstream's answer headers before answering 504. */
export const DEFAULT_PROXY_TIMEOUT_MS = 30_000

/** How long `authorize` (and `authenticate`) may take before the proxy answers 503. */
export const DEFAULT_PROXY_AUTHORIZE_TIMEOUT_MS = 5_000

/** How long the whole request body may take to arrive before the proxy answers 408 and stops reading. */
export const DEFAULT_PROXY_BODY_TIMEOUT_MS = 10_000

/**
 * Request headers the proxy passes on; every other header (cookies, `authorization`, `x-ultracart-simple-key`,
 * the toolkit's client header, hop-by-hop headers, `origin`, `x-forwarded-*`) stays behind. A list of what to
 * keep, rather than of what to drop, so that a header nobody thought of is never forwarded with the credential.
 */
export const DEFAULT_PROXY_FORWARD_HEADERS: readonly string[] = [
  'accept',
  'accept-language',
  'content-type',
  'if-none-match',
  'if-modified-since',
  'x-ultracart-api-version',
]

/**
 * Response headers passed back from UltraCart; every other one (`server`, `set-cookie`, `access-control-*`,
 * internal host names) stays behind. UltraCart publishes no rate-limit headers besides `retry-after` on a 429.
 * `cache-control: no-store` and `x-content-type-options: nosniff` are always added.
 */
export const PROXY_RESPONSE_HEADERS: readonly string[] = [
  'content-type',
  'etag',
  'last-modified',
  'retry-after',
  'uc-rest-error',
]

/**
 * The operations a proxy forwards: a named set of `@uc-conversation/core/operations` (`AGENT_CONSOLE_OPERATIONS`,
 * `READ_ONLY_OPERATIONS`, `ADMIN_OPERATIONS`, or your own object of descriptors), an array of descriptors, or a
 * test on the table's rows.
 */
export type ProxyOperations =
  | Readonly<Record<string, Operation | ProxyOperation>>
  | readonly (Operation | ProxyOperation)[]
  | ((operation: ProxyOperation) => boolean)

/** A fetch that returns a full `Response`. */
export type ProxyFetch = (url: string, init: RequestInit) => Promise<Response>

/** Options of `createConversationProxy`. */
export interface ConversationProxyOptions {
  /**
   * The operations forwarded: nothing else is. Required, with no "everything" default: name a set of
   * `@uc-conversation/core/operations` (`AGENT_CONSOLE_OPERATIONS` for an agent console), or your own. An
   * operation outside the table is refused at creation.
   */
  operations: ProxyOperations
  /**
   * Decides, per request and per operation, whether the caller may use the credential: check the session,
   * cookie or token of `context.request`, and what it asks for (`context.operation.id`, `context.pathParams`).
   * Required, checked at creation: no deployment becomes an open proxy by leaving it out. `false`, a throw, or
   * no answer within `authorizeTimeoutMs` refuses (401, or 503 for the time-out) with a generic answer; what it
   * threw goes to `onFailure` only. Runs before the body is read and before anything is sent. Where the network
   * alone limits who reaches the proxy, say so: `() => true`.
   */
  authorize: (context: ProxyRequestContext) => boolean | Promise<boolean>
  /**
   * A cheap "is this caller signed in at all", asked only for requests that address no forwarded operation (an
   * unknown path, a wrong method, an operation outside `operations`). Only when it answers `true` does the
   * proxy say 404 or 405 (with `Allow`); otherwise such a request gets the very 401 a refused `authorize` gives,
   * so nobody without credentials can tell a real route from an unknown one, or list the routes.
   * @default none: every such request is answered that 401
   */
  authenticate?: ((request: Request) => boolean | Promise<boolean>) | undefined
  /**
   * The merchant's simple key, sent as `x-ultracart-simple-key`. Exactly one of this and `accessToken`.
   * @default none (then `accessToken` is required)
   */
  simpleKey?: string | undefined
  /**
   * An OAuth access token (sent as `Authorization: Bearer …`), or a function asked per request with the same
   * context as `authorize`, e.g. to add the signed-in agent's own token. What it throws is answered generically
   * (500) and told to `onFailure` only. Exactly one of this and `simpleKey`.
   * @default none (then `simpleKey` is required)
   */
  accessToken?: (string | ((context: ProxyRequestContext) => string | Promise<string>)) | undefined
  /**
   * The site's own origin (`https://console.example.com`): the only `Origin` accepted unless `allowedOrigins`
   * is given. Set it in production. When left out, the site is taken from the request's `Host` header (what
   * the browser asked for; never `request.url`, which a framework such as Next rebuilds from its own listening
   * address, nor `X-Forwarded-Host`, which anyone can send); the scheme is then not compared.
   * @default none: the `Host` header's
   */
  origin?: string | undefined
  /**
   * The complete list of origins accepted in an `Origin` header (e.g. the console and an admin site). A request
   * with an `Origin` outside it is refused with 403; requests without `Origin` are judged by `Sec-Fetch-Site`
   * and the client header.
   * @default [origin] (only the site's own)
   */
  allowedOrigins?: readonly string[] | undefined
  /**
   * Whether a request the browser marks `Sec-Fetch-Site: same-site` (sent by a sibling subdomain) passes.
   * `cross-site` never does.
   * @default false
   */
  allowSameSite?: boolean | undefined
  /**
   * Milliseconds `authorize` (and `authenticate`) may take; then 503, generically.
   * @default DEFAULT_PROXY_AUTHORIZE_TIMEOUT_MS
   */
  authorizeTimeoutMs?: number | undefined
  /**
   * Milliseconds the whole request body may take to arrive; then 408 and the read is cancelled.
   * @default DEFAULT_PROXY_BODY_TIMEOUT_MS
   */
  bodyTimeoutMs?: number | undefined
  /**
   * Where requests go.
   * @default DEFAULT_BASE_URL (UltraCart's REST v2)
   */
  baseUrl?: string | undefined
  /**
   * The path the proxy is mounted at: a request's path must start with it, and the rest is matched against
   * the operations' path templates. A Next route `app/rest/v2/[...path]/route.ts` is mounted at `/rest/v2`.
   * @default '/rest/v2'
   */
  basePath?: string | undefined
  /**
   * Largest request body forwarded, in bytes; a larger one is answered 413 without being read to the end.
   * @default DEFAULT_PROXY_MAX_BODY_BYTES
   */
  maxBodyBytes?: number | undefined
  /**
   * Milliseconds to wait for the upstream's answer headers; then 504.
   * @default DEFAULT_PROXY_TIMEOUT_MS
   */
  timeoutMs?: number | undefined
  /**
   * Request headers passed on (lower case). Credentials, hop-by-hop headers and the client header are refused.
   * @default DEFAULT_PROXY_FORWARD_HEADERS
   */
  forwardHeaders?: readonly string[] | undefined
  /** @default globalThis.fetch, looked up per request */
  fetch?: ProxyFetch | undefined
  /**
   * Told of every answer the proxy gives itself, with the detail the caller is not told (what `authorize` or
   * `accessToken` threw, the upstream's address). A throwing hook changes nothing.
   * @default none
   */
  onFailure?: ((event: ProxyFailureEvent) => void) | undefined
}
