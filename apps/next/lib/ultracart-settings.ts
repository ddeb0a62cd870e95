import { DEFAULT_BASE_URL } from '@uc-conversation/core'

/** Where UltraCart's OAuth endpoints are (the spec's `ultraCartOauth` authorize and token URLs). */
export const DEFAULT_OAUTH_URL = 'https://secure.ultracart.com/rest/v2/oauth'

/** The scopes an agent console needs: reading conversations and writing to them. */
export const AGENT_SCOPES = 'conversation_read conversation_write'

/** What the server needs to sign agents in and to reach UltraCart. */
export interface UltraCartSettings {
  /** The registered application's client id (`UC_OAUTH_CLIENT_ID`). */
  clientId: string
  /** Its client secret (`UC_OAUTH_CLIENT_SECRET`): server only. */
  clientSecret: string
  /** `UC_OAUTH_URL`: `/authorize`, `/token` and `/revoke` below it. @default DEFAULT_OAUTH_URL */
  oauthUrl: string
  /** `UC_BASE_URL`: the REST API. @default DEFAULT_BASE_URL */
  baseUrl: string
  /** `AUTH_URL`: this site's own origin, the only one the REST proxy accepts requests from. */
  siteOrigin: string
}

/** Thrown when the deployment lacks a setting: logged on the server, never shown to a caller. */
export class MissingSettingError extends Error {
  override name = 'MissingSettingError'
}

const required = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new MissingSettingError(`${name} is not set (scripts/start.mjs sets it for the emulator)`)
  return value
}

/**
 * The settings, read per request rather than at import: `next build` runs without them.
 * @throws MissingSettingError naming the variable
 */
export function ultracartSettings(): UltraCartSettings {
  return {
    clientId: required('UC_OAUTH_CLIENT_ID'),
    clientSecret: required('UC_OAUTH_CLIENT_SECRET'),
    oauthUrl: (process.env.UC_OAUTH_URL || DEFAULT_OAUTH_URL).replace(/\/+$/, ''),
    baseUrl: process.env.UC_BASE_URL || DEFAULT_BASE_URL,
    siteOrigin: new URL(required('AUTH_URL')).origin,
  }
}
