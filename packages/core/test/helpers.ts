import type { Transport, TransportRequest } from '../src'

export type Handler = (request: TransportRequest, index: number) => Response | Promise<Response>

/** A transport that records every request and answers with `handler`. */
export function recordingTransport(handler: Handler = () => json({ success: true })) {
  const requests: TransportRequest[] = []
  const transport: Transport = async (request) => {
    requests.push(request)
    return handler(request, requests.length - 1)
  }
  return { transport, requests }
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

export const ucError = (status: number, developer: string, user = 'Something went wrong', extra = {}) =>
  new Response(
    JSON.stringify({
      success: false,
      error: { developer_message: developer, user_message: user, ...extra },
      metadata: {},
    }),
    { status, headers: { 'UC-REST-ERROR': developer, 'content-type': 'application/json' } },
  )

export const BASE = 'https://secure.ultracart.com/rest/v2'
