import { fileURLToPath } from 'node:url'
import type { NextConfig } from 'next'

const config: NextConfig = {
  reactStrictMode: true,
  // The workspace's packages are linked from the monorepo root: Turbopack resolves from there.
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
}

export default config
