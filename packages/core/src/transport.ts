import { ConversationConfigError } from './errors'

/** One HTTP exchange as the client hands it to a transport. Its headers carry credentials: never log them. */
export interface TransportRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE'
  /** Absolute URL (or relative, where the runtime's fetch resolves it, e.g. a same-origin proxy). */
  url: string
  headers: Record<string, string>
  body?: string
  /**
   * Aborted on timeout or by the caller's signal. Honour it: a transport that ignores it cannot be interrupted.
   * It is made (and the timeout armed) on first read, by a getter: pass the request on as it is, or copy
   * `signal` explicitly into a new object (`{ ...request }` alone leaves it out).
   */
  readonly signal: AbortSignal
}

/** The part of a fetch `Response` the client reads. */
export interface TransportResponse {
  status: number
  headers: { get(name: string): string | null }
  text(): Promise<string>
}

/** Sends one request. Any fetch-compatible function can back one: see {@link fetchTransport}. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>

/** A fetch-compatible function (`globalThis.fetch`, undici, a test handler, an emulator's `fetch`). */
export type FetchLike = (url: string, init: RequestInit) => Promise<TransportResponse>

/**
 * A transport over `fetchImpl`, or over `globalThis.fetch` looked up at call time (so a polyfill installed
 * after import still counts). Fetch gets a plain init object, so a fetch wrapper that spreads it keeps the signal.
 */
export const fetchTransport =
  (fetchImpl?: FetchLike): Transport =>
  (request) => {
    const f = fetchImpl ?? (globalThis.fetch as FetchLike | undefined)
    if (!f) throw new ConversationConfigError('No global fetch: pass { fetch } or { transport }')
    return f(request.url, { ...request, signal: request.signal })
  }
