import { type Context, Hono } from 'hono'
import { cors } from 'hono/cors'
import { errorResponse, HttpError, jsonResponse } from './http-error'
import type { AppEnv, Internals } from './internals'
import type { OAuthGrants } from './oauth/oauth-grants'
import { registerOAuthRoutes } from './oauth/oauth-routes'
import type { OperationHandlers } from './operation-handlers'
import { operationRequestOf } from './operation-request'
import { allowedMethods, matchOperation } from './operation-routes'
import { type OperationName, ownRouteOf } from './operations'
import type { EmulatorOAuthClient } from './options'
import type { RateDecision } from './rate-limit'
import { registerUploadRoutes } from './routes/upload-routes'

/** Headers browsers may send cross-origin. */
export const CORS_ALLOWED_HEADERS = [
  'x-ultracart-simple-key',
  'authorization',
  'x-ultracart-api-version',
  'content-type',
  'accept',
]

/** The failure a reset connection gives through the in-process `fetch` (what `fetch` itself throws). */
export class ConnectionResetError extends TypeError {
  override name = 'TypeError'
  constructor() {
    super('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) })
  }
}

/** The 429 body, shaped exactly like UltraCart's published example. */
export const rateLimitBody = (developerMessage: string) => ({
  error: {
    developer_message: developerMessage,
    user_message: 'The rate limit has been exceeded. Please wait and try again.',
  },
  metadata: {},
})

/** The Hono application: CORS, faults, auth, rate limit, every operation of core's table, uploads. @internal */
export function createApp(
  ctx: Internals,
  handlers: OperationHandlers,
  oauth: { clients: readonly EmulatorOAuthClient[]; grants: OAuthGrants },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const origins = ctx.config.corsOrigins

  app.use(
    '*',
    cors({
      origin: (origin) => (origins === '*' ? '*' : origins.includes(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      allowHeaders: CORS_ALLOWED_HEADERS,
      exposeHeaders: ['UC-REST-ERROR', 'Retry-After'],
      maxAge: 600,
    }),
  )

  if (ctx.log)
    app.use('*', async (c, next) => {
      const started = ctx.clock.now()
      await next()
      // Method and path only: query strings carry upload signatures, headers carry keys.
      ctx.log?.(
        `${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${ctx.clock.now() - started}ms`,
      )
    })

  /** The HTTP faults: latency on the emulator clock, then maybe a reset or an error status. */
  const injectFaults = async (c: Context<AppEnv>, op: OperationName | undefined) => {
    const latency = ctx.faults.latency()
    if (latency > 0) await ctx.timers.sleep(latency)
    const fate = ctx.faults.roll(op)
    if (fate === 'reset') {
      const socket = c.env?.incoming?.socket
      if (!socket) throw new ConnectionResetError()
      socket.destroy()
      return new Response(null, { status: 500 })
    }
    if (fate === 'error') {
      const status = ctx.faults.current.errorStatus ?? 500
      throw new HttpError(
        status,
        `injected fault (${op ?? 'unknown route'})`,
        'An internal error occurred.',
        'internal_error',
      )
    }
    return undefined
  }

  // Routes outside the API (uploads, media, unknown paths) get the faults up front.
  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname
    if (path.startsWith('/rest/v2/')) return next()
    const answered = await injectFaults(c, ownRouteOf(c.req.method, path))
    if (answered) return answered
    await next()
  })

  // Before the API's middleware: the flow's requests carry no API credentials.
  registerOAuthRoutes(app, ctx, oauth.clients, oauth.grants)

  app.use('/rest/v2/*', async (c, next) => {
    const match = matchOperation(c.req.method, new URL(c.req.url).pathname)
    const op = match?.route.id
    // Credentials and the rate-limit slot are taken on arrival, before any injected latency: a latency fault
    // models slow handling, so a second request of the same key meanwhile is concurrent (rejectConcurrent).
    let refusal: unknown
    let decision: RateDecision | undefined
    try {
      const { arn, credential, expiresMs } = ctx.credentials.authenticate(
        c.req.raw.headers,
        match?.route.operation.scope,
      )
      const agent = ctx.state.agents.get(arn)
      if (!agent) throw new HttpError(401, 'Invalid credentials.', 'Invalid credentials.', 'unauthorized')
      c.set('agent', agent)
      c.set('credentialExpiresMs', expiresMs)
      decision = ctx.rateLimiter?.take(credential)
    } catch (error) {
      refusal = error
    }
    try {
      const answered = await injectFaults(c, op)
      if (answered) return answered
      if (refusal) throw refusal
      if (decision && !decision.ok) {
        const message =
          decision.reason === 'rate'
            ? `rate of ${decision.rule.requests} per ${decision.rule.perSeconds} second(s) exceeded.`
            : 'concurrent requests by one application are not allowed.'
        return jsonResponse(429, rateLimitBody(message), {
          'UC-REST-ERROR': message,
          'Retry-After': String(decision.retryAfterSeconds),
        })
      }
      if (!match) return await next()
      const answer = await handlers.handler(match.route.id)(operationRequestOf(ctx, c, match))
      // HEAD is GET without the body, as the router made it before every operation came from the table.
      return c.req.method === 'HEAD' ? new Response(null, answer) : answer
    } finally {
      if (decision?.ok) decision.release()
    }
  })

  registerUploadRoutes(app, ctx)

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname
    const allowed = allowedMethods(path)
    if (allowed.length)
      return errorResponse(
        new HttpError(
          405,
          `${c.req.method} is not allowed on ${path}`,
          'Method not allowed.',
          'method_not_allowed',
          { Allow: allowed.join(', ') },
        ),
      )
    return errorResponse(new HttpError(404, `no resource at ${path}`, 'Not found.', 'not_found'))
  })

  app.onError((error) => {
    if (error instanceof ConnectionResetError) throw error
    if (error instanceof HttpError) return errorResponse(error)
    ctx.log?.(`internal error: ${(error as Error)?.name ?? 'Error'}`)
    return errorResponse(
      new HttpError(500, 'internal error', 'An internal error occurred.', 'internal_error'),
    )
  })

  return app
}
