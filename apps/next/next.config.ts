import { fileURLToPath } from 'node:url'
import type { NextConfig } from 'next'

const config: NextConfig = {
  reactStrictMode: true,
  // Next rewrites 127.0.0.1 to "localhost" in request URLs; Auth.js builds the OAuth redirect URI from them, so
  // the token request's redirect_uri would differ from the authorize request's (built from AUTH_URL).
  skipProxyUrlNormalize: true,
  // The workspace's packages are linked from the monorepo root: Turbopack resolves from there.
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
}

export default config
