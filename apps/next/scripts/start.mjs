#!/usr/bin/env node
// `pnpm dev` / `pnpm start`: Next on 127.0.0.1. Without UC_OAUTH_CLIENT_ID an emulator starts first (demo data,
// simulated customers, three agents to sign in as) with this site registered as its OAuth application, and the
// app talks to it; with UC_OAUTH_CLIENT_ID and UC_OAUTH_CLIENT_SECRET, to UltraCart (or UC_OAUTH_URL / UC_BASE_URL).
// AUTH_URL is this site's origin (default http://HOSTNAME:PORT); AUTH_SECRET encrypts the session cookie (random
// per start if unset: sessions then end with the process).
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'

const mode = process.argv[2] === 'dev' ? 'dev' : 'start'
const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOSTNAME ?? '127.0.0.1'
const env = { ...process.env }
env.AUTH_URL ||= `http://${host}:${port}`
env.AUTH_SECRET ||= randomBytes(32).toString('base64url')

let close = async () => {}
if (!env.UC_OAUTH_CLIENT_ID) {
  const { createEmulator, DEMO_AGENTS } = await import('@uc-conversation/emulator')
  const site = new URL(env.AUTH_URL).origin
  const client = {
    clientId: 'uc-next-example',
    clientSecret: randomBytes(32).toString('base64url'),
    redirectUris: [`${site}/api/auth/callback/ultracart`],
  }
  const emulator = createEmulator({
    demoData: true,
    agents: DEMO_AGENTS,
    oauthClients: [client],
    corsOrigins: [site],
  })
  const every = Number(env.UC_CUSTOMERS_INTERVAL_MS ?? 15_000)
  if (every > 0) emulator.customers.start(every)
  const server = await emulator.listen({ port: 0 })
  env.UC_OAUTH_CLIENT_ID = client.clientId
  env.UC_OAUTH_CLIENT_SECRET = client.clientSecret
  env.UC_BASE_URL = server.url
  env.UC_OAUTH_URL = `${server.url}/oauth`
  console.log(`[uc-conversation] emulator at ${server.url} (no UC_OAUTH_CLIENT_ID set): sign in as any agent`)
  close = async () => {
    await server.close()
    await emulator.close()
  }
}

const next = createRequire(import.meta.url).resolve('next/dist/bin/next')
const child = spawn(process.execPath, [next, mode, '-p', String(port), '-H', host], { env, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', async (code, signal) => {
  await close()
  process.exit(code ?? (signal ? 1 : 0))
})
