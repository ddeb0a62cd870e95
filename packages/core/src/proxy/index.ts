export {
  type ConversationProxyOptions,
  DEFAULT_PROXY_FORWARD_HEADERS,
  DEFAULT_PROXY_MAX_BODY_BYTES,
  DEFAULT_PROXY_TIMEOUT_MS,
  type ProxyFetch,
} from './conversation-proxy'
export { createConversationProxy } from './create-conversation-proxy'
export type { ProxyMethod, ProxyOperation } from './match-operation'
export { type ProxyFailure, proxyErrorResponse } from './proxy-error-response'
