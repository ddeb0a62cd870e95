import type { ConversationScope } from '../scopes'

/** The operation a request addresses, as `authorize` and `accessToken` see it. */
export interface ProxyRequestOperation {
  /** UltraCart's name, e.g. `getConversation`. */
  id: string
  /** The part of the API. */
  group: 'chat' | 'virtual-agent' | 'pbx'
  /** The OAuth scope UltraCart requires for it. */
  scope: ConversationScope
  /** `GET`, `PUT`, `POST` or `DELETE`. */
  method: string
  /** The path template below the API root, e.g. `/conversation/conversations/{conversation_uuid}`. */
  path: string
}

/**
 * One request the proxy is about to forward, routed: what `authorize` decides on and what a per-request
 * `accessToken` function is given.
 */
export interface ProxyRequestContext {
  /** The request as the proxy received it (read its cookies or session; its body is not yet read). */
  request: Request
  /** The operation it addresses (one of the proxy's `operations`). */
  operation: ProxyRequestOperation
  /** path parameters by name (decoded) */
  pathParams: Readonly<Record<string, string>>
  /** the query as sent */
  query: URLSearchParams
}

/**
 * One answer the proxy gave itself (a refusal, a timeout, an unusable upstream), with what the caller was not
 * told: for the deployment's logs. Credentials the proxy knows, and passwords in URLs or `name=value` pairs
 * named like secrets, are scrubbed from `detail`; still, log it only where secrets may be.
 */
export interface ProxyFailureEvent {
  /** The status answered, e.g. 401. */
  status: number
  /** A stable code, e.g. `proxy_unauthorized`, `proxy_authorize_threw`, `proxy_upstream_unreachable`. */
  errorCode: string
  /** What happened, for developers: e.g. the message `authorize` threw, or `ECONNREFUSED 10.0.0.5:443`. */
  detail: string
  /** The request's method. */
  method: string
  /** The request's path (without the query). */
  path: string
  /** The operation, when the request was routed to one. */
  operation?: string | undefined
  /** The request itself. */
  request: Request
}
