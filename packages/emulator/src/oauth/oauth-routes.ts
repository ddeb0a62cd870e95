import { createHash, timingSafeEqual } from 'node:crypto'
import type { ConversationScope } from '@uc-conversation/core'
import type { Context, Hono } from 'hono'
import { HttpError, jsonResponse } from '../http-error'
import type { AppEnv, Internals } from '../internals'
import type { EmulatorOAuthClient } from '../options'
import { readBody } from '../read-body'
import { authorizeErrorPage, authorizePage, PAGE_HEADERS } from './authorize-page'
import { OAuthError, type OAuthGrants } from './oauth-grants'

const SCOPES: readonly ConversationScope[] = ['conversation_read', 'conversation_write']
/** Largest form body of the OAuth endpoints. */
const MAX_FORM_BYTES = 8 * 1024

/** Where the flow's endpoints are, under the API's base path (UltraCart's `/rest/v2/oauth/...`). */
export const OAUTH_PATHS = {
  authorize: '/rest/v2/oauth/authorize',
  token: '/rest/v2/oauth/token',
  revoke: '/rest/v2/oauth/revoke',
} as const

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest()

const readForm = async (c: Context<AppEnv>): Promise<URLSearchParams> => {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/x-www-form-urlencoded\b/i.test(type))
    throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded.')
  try {
    const bytes = await readBody(c.req.raw, MAX_FORM_BYTES, c.env?.incoming)
    return new URLSearchParams(new TextDecoder().decode(bytes))
  } catch (error) {
    if (error instanceof HttpError) throw new OAuthError('invalid_request', error.developerMessage)
    throw error
  }
}

/** A parameter given at most once (RFC 6749 §3.1: parameters must not repeat). */
const single = (form: URLSearchParams, name: string): string | undefined => {
  const values = form.getAll(name)
  if (values.length > 1) throw new OAuthError('invalid_request', `${name} is given more than once.`)
  return values[0] || undefined
}

const required = (form: URLSearchParams, name: string): string => {
  const value = single(form, name)
  if (!value) throw new OAuthError('invalid_request', `${name} is required.`)
  return value
}

const oauthErrorResponse = (error: OAuthError) =>
  jsonResponse(
    error.error === 'invalid_client' ? 401 : 400,
    { error: error.error, error_description: error.description },
    {
      'cache-control': 'no-store',
      ...(error.error === 'invalid_client' ? { 'www-authenticate': 'Basic realm="oauth"' } : {}),
    },
  )

const html = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { ...PAGE_HEADERS, ...headers } })

/**
 * The OAuth 2 authorization-code flow UltraCart offers third-party applications (the spec's `ultraCartOauth`):
 * an authorize page where an agent signs in and consents, the token endpoint (`authorization_code` with
 * redirect-URI and PKCE checks, `refresh_token`) and revocation. Registered before the API's own middleware,
 * which would otherwise ask these requests for credentials. @internal
 */
export function registerOAuthRoutes(
  app: Hono<AppEnv>,
  ctx: Internals,
  clients: readonly EmulatorOAuthClient[],
  grants: OAuthGrants,
): void {
  const registered = clients.map((client) => ({ client, secret: digest(client.clientSecret) }))
  const clientById = (id: string | undefined) => registered.find((r) => r.client.clientId === id)?.client

  /** The client of a token or revoke request: HTTP Basic or `client_id` + `client_secret` in the body. */
  const authenticateClient = (c: Context<AppEnv>, form: URLSearchParams): EmulatorOAuthClient => {
    const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
    let id = single(form, 'client_id')
    let secret = single(form, 'client_secret')
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      if (colon < 0) throw new OAuthError('invalid_client', 'The Basic credentials are malformed.')
      const basicId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '))
      if (id !== undefined && id !== basicId)
        throw new OAuthError('invalid_client', 'client_id differs from the Basic credentials.')
      id = basicId
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '))
    }
    const given = digest(secret ?? '')
    // Every registered secret is compared, whatever matches: timing says nothing about which.
    let match: EmulatorOAuthClient | undefined
    for (const r of registered)
      if (timingSafeEqual(r.secret, given) && r.client.clientId === id) match ??= r.client
    if (!match) throw new OAuthError('invalid_client', 'Unknown client or wrong client secret.')
    return match
  }

  /**
   * The authorize request's parameters, checked in RFC 6749 §4.1.2.1's order: an unknown client or redirect URI
   * is shown to the agent (never redirected); anything else goes back to the client as `error=`.
   */
  const authorizeRequest = (form: URLSearchParams) => {
    const client = clientById(form.get('client_id') ?? undefined)
    if (!client) return { page: 'Unknown client_id: no application is registered with it.' } as const
    const redirects = form.getAll('redirect_uri')
    const redirectUri =
      redirects.length === 0 && client.redirectUris.length === 1 ? client.redirectUris[0] : redirects[0]
    if (redirects.length > 1 || !redirectUri || !client.redirectUris.includes(redirectUri))
      return { page: 'redirect_uri is not one the application registered.' } as const
    const back = (error: string, description: string, state = form.get('state')) => {
      const url = new URL(redirectUri)
      url.searchParams.set('error', error)
      url.searchParams.set('error_description', description)
      if (state) url.searchParams.set('state', state)
      return { redirect: url.href } as const
    }
    if (form.get('response_type') !== 'code')
      return back('unsupported_response_type', 'response_type must be code.')
    const allowed = client.scopes ?? SCOPES
    const asked = (form.get('scope') ?? '').split(/[\s+]+/).filter(Boolean)
    const unknown = asked.filter((s) => !allowed.includes(s as ConversationScope))
    if (unknown.length) return back('invalid_scope', `Scope not available: ${unknown.join(', ')}.`)
    const scopes = asked.length ? (asked as ConversationScope[]) : allowed
    const challenge = form.get('code_challenge') ?? undefined
    const method = form.get('code_challenge_method') ?? (challenge ? 'plain' : undefined)
    if (challenge !== undefined && method !== 'S256')
      return back('invalid_request', 'code_challenge_method must be S256.')
    if (challenge !== undefined && !/^[A-Za-z0-9_-]{43}$/.test(challenge))
      return back('invalid_request', 'code_challenge must be a base64url SHA-256 digest.')
    const fields: Record<string, string> = {
      client_id: client.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: scopes.join(' '),
    }
    for (const name of ['state', 'code_challenge', 'code_challenge_method']) {
      const value = form.get(name)
      if (value) fields[name] = value
    }
    return { client, redirectUri, scopes, challenge, fields, back } as const
  }

  app.get(OAUTH_PATHS.authorize, (c) => {
    const request = authorizeRequest(new URL(c.req.url).searchParams)
    if ('page' in request) return html(400, authorizeErrorPage(request.page ?? ''))
    if ('redirect' in request) return c.redirect(request.redirect ?? '', 302)
    const agents = [...ctx.state.agents.values()].map((a) => ({ arn: a.arn, name: a.name }))
    return html(
      200,
      authorizePage({
        clientId: request.client.clientId,
        scopes: request.scopes,
        fields: request.fields,
        agents,
      }),
    )
  })

  app.post(OAUTH_PATHS.authorize, async (c) => {
    let form: URLSearchParams
    try {
      form = await readForm(c)
    } catch (error) {
      if (error instanceof OAuthError) return html(400, authorizeErrorPage(error.description))
      throw error
    }
    const request = authorizeRequest(form)
    if ('page' in request) return html(400, authorizeErrorPage(request.page ?? ''))
    if ('redirect' in request) return c.redirect(request.redirect ?? '', 302)
    if (form.get('deny'))
      return c.redirect(request.back('access_denied', 'The agent denied access.').redirect, 302)
    const arn = form.get('agent') ?? ''
    if (!ctx.state.agents.has(arn)) return html(400, authorizeErrorPage('Pick one of the agents listed.'))
    const code = grants.issueCode({
      clientId: request.client.clientId,
      redirectUri: request.redirectUri,
      arn,
      scopes: request.scopes,
      ...(request.challenge ? { codeChallenge: request.challenge } : {}),
    })
    const url = new URL(request.redirectUri)
    url.searchParams.set('code', code)
    const state = form.get('state')
    if (state) url.searchParams.set('state', state)
    return c.redirect(url.href, 302)
  })

  app.post(OAUTH_PATHS.token, async (c) => {
    try {
      const form = await readForm(c)
      const client = authenticateClient(c, form)
      const grantType = required(form, 'grant_type')
      const grant =
        grantType === 'authorization_code'
          ? grants.exchangeCode(
              client.clientId,
              required(form, 'code'),
              required(form, 'redirect_uri'),
              single(form, 'code_verifier'),
            )
          : grantType === 'refresh_token'
            ? grants.refresh(client.clientId, required(form, 'refresh_token'))
            : undefined
      if (!grant)
        throw new OAuthError(
          'unsupported_grant_type',
          'grant_type must be authorization_code or refresh_token.',
        )
      return jsonResponse(200, grant, { 'cache-control': 'no-store', pragma: 'no-cache' })
    } catch (error) {
      if (error instanceof OAuthError) return oauthErrorResponse(error)
      throw error
    }
  })

  // RFC 7009: unknown or already revoked tokens are answered as revoked too (nothing to learn from the answer).
  app.post(OAUTH_PATHS.revoke, async (c) => {
    try {
      const form = await readForm(c)
      const client = authenticateClient(c, form)
      grants.revoke(client.clientId, required(form, 'token'))
      return jsonResponse(200, { successful: true, message: 'revoked' }, { 'cache-control': 'no-store' })
    } catch (error) {
      if (error instanceof OAuthError) return oauthErrorResponse(error)
      throw error
    }
  })
}
