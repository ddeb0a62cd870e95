import { createHash, randomBytes } from 'node:crypto'
import { createConversationClient, isConversationError } from '@uc-conversation/core'
import { getAgentProfile } from '@uc-conversation/core/operations'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  CLOSE_CODES,
  createEmulator,
  DEMO_AGENTS,
  type Emulator,
  type EmulatorOptions,
  type EmulatorServer,
  JWT_AUDIENCE,
} from '../src'
import { TestSocket } from './helpers'

const CLIENT = {
  clientId: 'next-example',
  clientSecret: 'client-secret-for-tests',
  redirectUris: ['http://127.0.0.1:3000/api/auth/callback/ultracart'],
}
const REDIRECT = CLIENT.redirectUris[0] as string
const basic = (id = CLIENT.clientId, secret = CLIENT.clientSecret) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/** The emulator's OAuth 2 flow over real HTTP on 127.0.0.1, on a manual clock. */
describe('emulator: OAuth 2 authorization code flow', () => {
  let emulator: Emulator
  let server: EmulatorServer
  let origin: string

  const start = async (options: EmulatorOptions = {}) => {
    emulator = createEmulator({
      clock: 'manual',
      agents: DEMO_AGENTS,
      oauthClients: [CLIENT],
      rateLimit: false,
      ...options,
    })
    server = await emulator.listen({ port: 0 })
    origin = new URL(server.url).origin
  }
  beforeEach(() => start())
  afterEach(async () => {
    await server.close()
    await emulator.close()
  })

  const authorizeUrl = (params: Record<string, string>) => {
    const url = new URL('/rest/v2/oauth/authorize', origin)
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
    return url
  }
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual' as const,
  })
  /** Signs `agentName` in (authorize page, consent) and returns the redirect's parameters. */
  const consent = async (agentName: string, extra: Record<string, string> = {}) => {
    const params = {
      client_id: CLIENT.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      state: 'state-123',
      scope: 'conversation_read conversation_write',
      ...extra,
    }
    const page = await fetch(authorizeUrl(params))
    expect(page.status).toBe(200)
    const html = await page.text()
    const arn = new RegExp(`value="([^"]+)">Sign in as ${agentName}<`).exec(html)?.[1]
    expect(arn).toBeTruthy()
    const answer = await fetch(authorizeUrl(params), form({ ...params, agent: arn ?? '' }))
    expect(answer.status).toBe(302)
    return new URL(answer.headers.get('location') ?? '').searchParams
  }
  const token = (fields: Record<string, string>, authorization = basic()) =>
    fetch(new URL('/rest/v2/oauth/token', origin), {
      ...form(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
    })
  const signIn = async (agentName: string) => {
    const { verifier, challenge } = pkce()
    const back = await consent(agentName, { code_challenge: challenge, code_challenge_method: 'S256' })
    const response = await token({
      grant_type: 'authorization_code',
      code: back.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    })
    expect(response.status).toBe(200)
    return (await response.json()) as {
      access_token: string
      refresh_token: string
      expires_in: string
      token_type: string
      scope: string
    }
  }
  const clientWith = (accessToken: string) =>
    createConversationClient({ baseUrl: server.url, accessToken, retry: false })
  const agentAuth = async (accessToken: string) =>
    (await clientWith(accessToken).getAgentWebsocketAuthorization()).agent_auth
  const statusOf = async (promise: Promise<unknown>) => {
    try {
      await promise
      return 'ok'
    } catch (error) {
      if (isConversationError(error) && error.kind === 'http') return `${error.status} ${error.errorCode}`
      throw error
    }
  }

  it('lists several agents; the token a consent mints acts as the agent who signed in', async () => {
    const page = await (
      await fetch(authorizeUrl({ client_id: CLIENT.clientId, response_type: 'code' }))
    ).text()
    const names = [...page.matchAll(/>Sign in as ([^<]+)</g)].map((m) => m[1])
    expect(names).toEqual(['Demo Agent', 'Ada Byron', 'Grace Murray'])

    const back = await consent('Ada Byron')
    expect(back.get('state')).toBe('state-123')
    const ada = await signIn('Ada Byron')
    expect(ada).toMatchObject({ token_type: 'bearer', expires_in: '3600' })
    expect(ada.scope.split(' ').sort()).toEqual(['conversation_read', 'conversation_write'])
    const grace = await signIn('Grace Murray')
    const adaAuth = await agentAuth(ada.access_token)
    const graceAuth = await agentAuth(grace.access_token)
    expect(adaAuth?.conversation_participant_name).toBe('Ada Byron')
    expect(graceAuth?.conversation_participant_name).toBe('Grace Murray')
    expect(adaAuth?.conversation_participant_arn).not.toBe(graceAuth?.conversation_participant_arn)
  })

  it('a code is single-use (a replay revokes what it gave), short-lived, and bound to its redirect_uri and PKCE verifier', async () => {
    const { verifier, challenge } = pkce()
    const pkceParams = { code_challenge: challenge, code_challenge_method: 'S256' }
    const code = (await consent('Demo Agent', pkceParams)).get('code') ?? ''
    const exchange = (fields: Record<string, string> = {}) =>
      token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
        ...fields,
      })
    const wrongVerifier = await exchange({ code_verifier: pkce().verifier })
    expect(wrongVerifier.status).toBe(400)
    expect(await wrongVerifier.json()).toMatchObject({ error: 'invalid_grant' })
    const wrongRedirect = await exchange({ redirect_uri: 'http://127.0.0.1:3000/elsewhere' })
    expect((await wrongRedirect.json()).error).toBe('invalid_grant')
    const first = await exchange()
    expect(first.status).toBe(200)
    const tokens = (await first.json()) as { access_token: string }
    expect(await statusOf(clientWith(tokens.access_token).call(getAgentProfile))).toBe('ok')
    const replay = await exchange()
    expect(replay.status).toBe(400)
    expect(await replay.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'The code was already used.',
    })
    // The replay revoked the tokens the code had given.
    expect(await statusOf(clientWith(tokens.access_token).call(getAgentProfile))).toBe('401 unauthorized')

    // Without the verifier a PKCE code is refused; a code is gone after 60 s.
    const second = await consent('Demo Agent', pkceParams)
    const noVerifier = await token({
      grant_type: 'authorization_code',
      code: second.get('code') ?? '',
      redirect_uri: REDIRECT,
    })
    expect((await noVerifier.json()).error).toBe('invalid_grant')
    const third = await consent('Demo Agent', pkceParams)
    emulator.clock.advance(60_000)
    const late = await token({
      grant_type: 'authorization_code',
      code: third.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    })
    expect(await late.json()).toMatchObject({ error: 'invalid_grant' })
  })

  it('refuses unknown clients, wrong secrets and unregistered redirect URIs without echoing them', async () => {
    const unknownRedirect = await fetch(
      authorizeUrl({
        client_id: CLIENT.clientId,
        redirect_uri: 'https://attacker.example/cb',
        response_type: 'code',
      }),
      { redirect: 'manual' },
    )
    expect(unknownRedirect.status).toBe(400)
    expect(unknownRedirect.headers.get('location')).toBeNull()
    expect(await unknownRedirect.text()).not.toContain('attacker.example')
    const unknownClient = await fetch(authorizeUrl({ client_id: 'nobody', response_type: 'code' }))
    expect(unknownClient.status).toBe(400)

    const code = (await consent('Demo Agent')).get('code') ?? ''
    const wrongSecret = await token(
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      basic(CLIENT.clientId, 'not-the-secret'),
    )
    expect(wrongSecret.status).toBe(401)
    const body = await wrongSecret.text()
    expect(JSON.parse(body)).toMatchObject({ error: 'invalid_client' })
    for (const secret of [code, 'not-the-secret', CLIENT.clientSecret]) expect(body).not.toContain(secret)
    // The secret in the form instead of HTTP Basic works too (client_secret_post).
    const posted = await fetch(
      new URL('/rest/v2/oauth/token', origin),
      form({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      }),
    )
    expect(posted.status).toBe(200)
    const json = await token({ grant_type: 'password' })
    expect((await json.json()).error).toBe('unsupported_grant_type')
    const notForm = await fetch(new URL('/rest/v2/oauth/token', origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic() },
      body: '{}',
    })
    expect((await notForm.json()).error).toBe('invalid_request')
  })

  it('a denied consent and a bad scope go back to the client as errors with the state', async () => {
    const params = { client_id: CLIENT.clientId, redirect_uri: REDIRECT, response_type: 'code', state: 's1' }
    const denied = await fetch(authorizeUrl(params), form({ ...params, deny: '1' }))
    const deniedBack = new URL(denied.headers.get('location') ?? '').searchParams
    expect([deniedBack.get('error'), deniedBack.get('state')]).toEqual(['access_denied', 's1'])
    const scope = await fetch(authorizeUrl({ ...params, scope: 'admin' }), { redirect: 'manual' })
    expect(new URL(scope.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope')
    const plain = await fetch(authorizeUrl({ ...params, code_challenge: 'x'.repeat(43) }), {
      redirect: 'manual',
    })
    expect(new URL(plain.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request')
  })

  it('access tokens expire on the REST API and for websocket auth; a refresh rotates both tokens', async () => {
    const tokens = await signIn('Ada Byron')
    emulator.clock.advance(3_599_000)
    expect(await statusOf(clientWith(tokens.access_token).call(getAgentProfile))).toBe('ok')
    emulator.clock.advance(1_000)
    expect(await statusOf(clientWith(tokens.access_token).call(getAgentProfile))).toBe('401 token_expired')
    expect(await statusOf(clientWith(tokens.access_token).getAgentWebsocketAuthorization())).toBe(
      '401 token_expired',
    )
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    expect(refreshed.status).toBe(200)
    const next = (await refreshed.json()) as { access_token: string; refresh_token: string }
    expect(next.refresh_token).not.toBe(tokens.refresh_token)
    const auth = await agentAuth(next.access_token)
    expect(auth?.conversation_participant_name).toBe('Ada Byron')
    // The old refresh token is spent.
    const again = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' })
  })

  it('a websocket JWT got with an OAuth token expires with the token; the socket refuses it after', async () => {
    const tokens = await signIn('Ada Byron')
    emulator.clock.advance(3_600_000 - 5 * 60_000)
    const auth = await agentAuth(tokens.access_token)
    const claims = JSON.parse(Buffer.from(auth?.jwt?.split('.')[1] ?? '', 'base64url').toString()) as {
      exp: number
      aud: string
    }
    expect(claims.aud).toBe(JWT_AUDIENCE)
    // 5 minutes left on the token: the JWT gets 5, not the default 15.
    expect(claims.exp * 1000).toBe(emulator.clock.now() + 5 * 60_000)
    const socket = await TestSocket.open(`${auth?.websocket_url}?jwt=${auth?.jwt}`)
    await socket.sync()
    emulator.clock.advance(5 * 60_000)
    expect(await socket.closed).toEqual({ code: CLOSE_CODES.UNAUTHORIZED, reason: 'jwt expired' })
  })

  it('revoking the refresh token revokes its access tokens; revoking an access token leaves the refresh token', async () => {
    const revoke = (value: string) =>
      fetch(new URL('/rest/v2/oauth/revoke', origin), {
        ...form({ token: value }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic() },
      })
    const a = await signIn('Demo Agent')
    const access = await revoke(a.access_token)
    expect(await access.json()).toEqual({ successful: true, message: 'revoked' })
    expect(await statusOf(clientWith(a.access_token).call(getAgentProfile))).toBe('401 unauthorized')
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: a.refresh_token })
    const b = (await refreshed.json()) as { access_token: string; refresh_token: string }
    expect(await statusOf(clientWith(b.access_token).call(getAgentProfile))).toBe('ok')
    expect((await revoke(b.refresh_token)).status).toBe(200)
    expect(await statusOf(clientWith(b.access_token).call(getAgentProfile))).toBe('401 unauthorized')
    expect(
      await (await token({ grant_type: 'refresh_token', refresh_token: b.refresh_token })).json(),
    ).toMatchObject({
      error: 'invalid_grant',
    })
    // Unknown tokens are answered alike (RFC 7009); without the client's secret, nothing is revoked.
    expect((await revoke('never-issued')).status).toBe(200)
    const c = await signIn('Demo Agent')
    const anonymous = await fetch(new URL('/rest/v2/oauth/revoke', origin), form({ token: c.refresh_token }))
    expect(anonymous.status).toBe(401)
    expect(await statusOf(clientWith(c.access_token).call(getAgentProfile))).toBe('ok')
  })

  it('a token granted conversation_read only cannot write', async () => {
    const back = await consent('Grace Murray', { scope: 'conversation_read' })
    const response = await token({
      grant_type: 'authorization_code',
      code: back.get('code') ?? '',
      redirect_uri: REDIRECT,
    })
    const tokens = (await response.json()) as { access_token: string; scope: string }
    expect(tokens.scope).toBe('conversation_read')
    const client = clientWith(tokens.access_token)
    expect(await statusOf(client.call(getAgentProfile))).toBe('ok')
    expect(await statusOf(client.getAgentKeepAlive())).toBe('401 insufficient_scope')
  })

  it('without registered clients the flow refuses everyone', async () => {
    await server.close()
    await emulator.close()
    await start({ oauthClients: undefined })
    const page = await fetch(authorizeUrl({ client_id: CLIENT.clientId, response_type: 'code' }))
    expect(page.status).toBe(400)
    expect((await token({ grant_type: 'refresh_token', refresh_token: 'x' })).status).toBe(401)
  })
})
