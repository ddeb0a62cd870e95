/**
 * A header only the toolkit's client sends, and only when it holds no credential (it then talks to a proxy that
 * adds one). An HTML form, an `<img>` or a link cannot set a header, and a script on another site cannot send one
 * without a CORS preflight that the proxy never grants; so the proxy refuses every request without it. Not sent
 * with a key or token: then the client talks to UltraCart itself, whose CORS answer need not allow it.
 */
export const CLIENT_HEADER = 'x-uc-conversation-client'
/** The value core's client sends in {@link CLIENT_HEADER}. Any non-empty value passes the proxy. */
export const CLIENT_HEADER_VALUE = '1'
