export { CLIENT_HEADER, CLIENT_HEADER_VALUE } from '../client-header'
export {
  type ConversationProxyOptions,
  DEFAULT_PROXY_AUTHORIZE_TIMEOUT_MS,
  DEFAULT_PROXY_BODY_TIMEOUT_MS,
  DEFAULT_PROXY_FORWARD_HEADERS,
  DEFAULT_PROXY_MAX_BODY_BYTES,
  DEFAULT_PROXY_TIMEOUT_MS,
  PROXY_RESPONSE_HEADERS,
  type ProxyFetch,
  type ProxyOperations,
} from './conversation-proxy-options'
export { createConversationProxy } from './create-conversation-proxy'
export type { ProxyMethod, ProxyOperation } from './match-operation'
export { PROXY_ANSWER_HEADERS, type ProxyFailure, proxyErrorResponse } from './proxy-error-response'
export type {
  ProxyFailureEvent,
  ProxyRequestContext,
  ProxyRequestOperation,
} from './proxy-request-context'
