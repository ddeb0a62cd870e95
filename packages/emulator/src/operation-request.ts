import type { Context } from 'hono'
import type { AppEnv, Internals } from './internals'
import type { OperationRequest } from './operation-handler'
import type { OperationMatch } from './operation-routes'
import { readJsonObject } from './read-body'

/** The origin clients reach the emulator on: `publicUrl`, else the request's own origin. */
const originOf = (ctx: Internals, c: Context<AppEnv>) =>
  (ctx.config.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '')

/** What a handler sees of an authenticated request to the operation `match` names. @internal */
export function operationRequestOf(
  ctx: Internals,
  c: Context<AppEnv>,
  match: OperationMatch,
): OperationRequest {
  const request = c.req.raw
  // Over listen(), Node's own request: bodies are read from it, not through a global Request (see readBody).
  const incoming = c.env?.incoming
  return {
    agent: c.get('agent'),
    credentialExpiresMs: c.get('credentialExpiresMs'),
    params: match.params,
    query: new URL(c.req.url).searchParams,
    origin: originOf(ctx, c),
    body: () => readJsonObject(request, ctx.config.maxBodyBytes, incoming),
    optionalBody: async () => {
      const length = request.headers.get('content-length')
      const sent = incoming
        ? (length !== null && length !== '0') || request.headers.has('transfer-encoding')
        : request.body !== null && length !== '0'
      return sent ? readJsonObject(request, ctx.config.maxBodyBytes, incoming) : undefined
    },
  }
}
