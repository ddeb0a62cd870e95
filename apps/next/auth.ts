import { createConversationClient } from '@uc-conversation/core'
import NextAuth, { type NextAuthConfig } from 'next-auth'
import type { OAuthConfig } from 'next-auth/providers'
import { type AgentSession, REFRESH_MARGIN_MS, SESSION_MAX_AGE_S } from './lib/agent-session'
import { refreshAgentToken } from './lib/refresh-agent-token'
import { revokeAgentToken } from './lib/revoke-agent-token'
import { AGENT_SCOPES, ultracartSettings } from './lib/ultracart-settings'

/** Who signed in, as UltraCart's websocket authorization names them (their participant ARN and name). */
interface AgentProfile extends Record<string, unknown> {
  arn: string
  name: string
}

/** UltraCart's OAuth 2 authorization-code flow (with PKCE and state) as an Auth.js provider. */
function ultracart(): OAuthConfig<AgentProfile> {
  const settings = ultracartSettings()
  return {
    id: 'ultracart',
    name: 'UltraCart',
    type: 'oauth',
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    authorization: { url: `${settings.oauthUrl}/authorize`, params: { scope: AGENT_SCOPES } },
    token: `${settings.oauthUrl}/token`,
    checks: ['pkce', 'state'],
    client: { token_endpoint_auth_method: 'client_secret_basic' },
    userinfo: {
      // UltraCart has no userinfo endpoint: the agent's own websocket authorization says who they are.
      url: `${settings.baseUrl}/conversation/agent/auth`,
      async request({ tokens }: { tokens: { access_token?: string } }) {
        const client = createConversationClient({
          baseUrl: settings.baseUrl,
          accessToken: tokens.access_token ?? '',
        })
        const auth = (await client.getAgentWebsocketAuthorization()).agent_auth
        return {
          arn: auth?.conversation_participant_arn ?? '',
          name: auth?.conversation_participant_name ?? '',
        }
      },
    },
    profile: (profile) => ({ id: profile.arn, name: profile.name }),
  }
}

/** Auth.js's configuration, built per request (settings come from the environment, absent at build time). */
const config = (): NextAuthConfig => ({
  providers: [ultracart()],
  // Stateless sessions: the JWT is encrypted (JWE, AUTH_SECRET) in an HttpOnly cookie.
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
  // `Secure` cookies (with `__Secure-`/`__Host-` names) even on http://127.0.0.1, which browsers trust.
  useSecureCookies: true,
  pages: { signIn: '/sign-in', error: '/sign-in' },
  callbacks: {
    async jwt({ token, account, profile }): Promise<AgentSession> {
      const session = token as AgentSession
      if (account) {
        const expiresAt = account.expires_at ?? Math.floor(Date.now() / 1000) + Number(account.expires_in)
        return {
          name: (profile as AgentProfile | undefined)?.name ?? token.name,
          sub: token.sub,
          arn: (profile as AgentProfile | undefined)?.arn,
          accessToken: account.access_token,
          refreshToken: account.refresh_token,
          accessTokenExpiresMs: expiresAt * 1000,
        }
      }
      if (session.error || !session.accessToken) return session
      if ((session.accessTokenExpiresMs ?? 0) - REFRESH_MARGIN_MS > Date.now()) return session
      return refreshAgentToken(session)
    },
    // What the browser may see of the session (`/api/auth/session`): never the tokens.
    session({ session, token }) {
      const agent = token as AgentSession
      return {
        expires: session.expires,
        user: { name: agent.name ?? '', arn: agent.arn ?? '', email: '' },
        ...(agent.error ? { error: agent.error } : {}),
      } as unknown as typeof session
    },
    // Pages need a usable session (proxy.ts redirects to /sign-in otherwise); the REST route answers 401 itself.
    authorized({ auth, request }) {
      const { pathname, search } = request.nextUrl
      if (pathname === '/sign-in' || pathname.startsWith('/rest/')) return true
      if (auth?.user && !(auth as { error?: string }).error) return true
      // On this site's own origin (AUTH_URL): Next names 127.0.0.1 "localhost" in request URLs, and the OAuth
      // cookies set on one host are not sent to the other.
      const signInUrl = new URL('/sign-in', ultracartSettings().siteOrigin)
      signInUrl.searchParams.set('callbackUrl', `${pathname}${search}`)
      return Response.redirect(signInUrl, 307)
    },
  },
  events: {
    // Signing out also revokes the refresh token (and its access tokens) at UltraCart.
    async signOut(message) {
      if ('token' in message && message.token)
        await revokeAgentToken((message.token as AgentSession).refreshToken)
    },
  },
})

export const { handlers, auth, signIn, signOut } = NextAuth(config)
