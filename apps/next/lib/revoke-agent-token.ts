import { basicAuthorization } from './refresh-agent-token'
import { ultracartSettings } from './ultracart-settings'

/**
 * Revokes a refresh token at UltraCart's `/oauth/revoke` (its access tokens go with it), so a copy of the
 * signed-out session cookie can no longer act. Failures are logged, never thrown: signing out goes on.
 */
export async function revokeAgentToken(refreshToken: string | undefined): Promise<void> {
  if (!refreshToken) return
  try {
    const settings = ultracartSettings()
    const response = await fetch(`${settings.oauthUrl}/revoke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuthorization(settings.clientId, settings.clientSecret),
      },
      body: new URLSearchParams({ client_id: settings.clientId, token: refreshToken }),
      cache: 'no-store',
    })
    if (!response.ok) console.warn(`[uc auth] revoke refused: ${response.status}`)
  } catch (error) {
    console.warn(`[uc auth] revoke failed: ${error instanceof Error ? error.name : 'error'}`)
  }
}
