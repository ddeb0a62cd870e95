import type { Operation } from '@uc-conversation/core/operations'
import { jsonResponse } from './http-error'
import type { AgentRecord } from './state'

/** One request to an operation, as its handler sees it. @internal */
export interface OperationRequest {
  /** The authenticated agent. */
  agent: AgentRecord
  /** When the request's credential expires (an OAuth access token), epoch ms; undefined for simple keys. */
  credentialExpiresMs: number | undefined
  /** Path parameters by their template names, percent-decoded. */
  params: Readonly<Record<string, string | undefined>>
  query: URLSearchParams
  /** The origin clients reach the emulator on (for URLs it hands out). */
  origin: string
  /** The JSON object body (400 for anything else, 413 over the limit). */
  body(): Promise<Record<string, unknown>>
  /** The body when one was sent, else undefined (operations whose body is optional). */
  optionalBody(): Promise<Record<string, unknown> | undefined>
}

/** @internal */
export type OperationHandler = (request: OperationRequest) => Response | Promise<Response>

/** Handlers keyed by core's descriptors (never by a restated name or path). @internal */
export type HandlerEntries = readonly (readonly [Operation, OperationHandler])[]

/** 200 with UltraCart's envelope around `fields`. */
export const envelope = (fields: Record<string, unknown>): Response =>
  jsonResponse(200, { success: true, ...fields, metadata: {} })

/** 204, UltraCart's answer to operations without a result. */
export const noContent = (): Response => new Response(null, { status: 204 })
