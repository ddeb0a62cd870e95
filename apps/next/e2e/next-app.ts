import { execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createEmulator, DEMO_AGENTS, type Emulator, type EmulatorOptions } from '@uc-conversation/emulator'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { launchChromium as launchBrowser } from '../../../scripts/launch-chromium'

export const appRoot = fileURLToPath(new URL('..', import.meta.url))
export { CHROMIUM } from '../../../scripts/launch-chromium'

const newestChange = (dir: string): number => {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs)
  }
  return newest
}

/**
 * `next build`, unless the build on disk is newer than every source of the app (CI's `pnpm build` has just
 * made it; a developer who edited a page gets a fresh one).
 */
export async function ensureBuilt(): Promise<void> {
  const buildId = join(appRoot, '.next', 'BUILD_ID')
  const sources = Math.max(
    ...['app', 'lib'].map((dir) => newestChange(join(appRoot, dir))),
    ...['proxy.ts', 'auth.ts', 'next.config.ts'].map((file) => statSync(join(appRoot, file)).mtimeMs),
  )
  if (existsSync(buildId) && statSync(buildId).mtimeMs > sources) return
  const next = fileURLToPath(import.meta.resolve('next/dist/bin/next'))
  await promisify(execFile)(process.execPath, [next, 'build'], {
    cwd: appRoot,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    maxBuffer: 64 * 1024 * 1024,
  })
}

/** A port nothing listens on right now (listened once on 127.0.0.1, then closed). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** The OAuth application the tests register at their emulator (the secret is made per run). */
export const TEST_CLIENT_ID = 'uc-next-e2e'

/** What the app is started with: the emulator's API and OAuth endpoints, the application, the cookie key. */
/**
 * Waits until a request log has not grown for `ms` (at most 5 s): a page closed or navigated away just before may
 * still have loads in flight, logged when they answer, which would count in the next window.
 */
export async function untilQuiet(log: readonly unknown[], ms = 500): Promise<void> {
  const start = Date.now()
  for (let seen = -1, since = start; Date.now() - since < ms && Date.now() - start < 5000; ) {
    if (log.length !== seen) {
      seen = log.length
      since = Date.now()
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export interface Upstream {
  baseUrl: string
  oauthUrl: string
  clientId: string
  clientSecret: string
  authSecret: string
}

/**
 * An emulator with demo data and `DEMO_AGENTS`, listening on 127.0.0.1, with the app on `port` registered as its
 * OAuth application; its request log (`METHOD /path status`) is the count of what reached "UltraCart".
 */
export async function startEmulator(
  port: number,
  options: EmulatorOptions = {},
): Promise<{ emulator: Emulator; upstream: Upstream; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = []
  const clientSecret = randomBytes(24).toString('base64url')
  const emulator = createEmulator({
    demoData: true,
    agents: DEMO_AGENTS,
    oauthClients: [
      {
        clientId: TEST_CLIENT_ID,
        clientSecret,
        redirectUris: [`http://127.0.0.1:${port}/api/auth/callback/ultracart`],
      },
    ],
    corsOrigins: [`http://127.0.0.1:${port}`],
    log: (line) => {
      if (line.includes('/rest/v2/')) requests.push(line.replace(/ \d+ms$/, ''))
    },
    ...options,
  })
  const server = await emulator.listen({ port: 0 })
  return {
    emulator,
    requests,
    upstream: {
      baseUrl: server.url,
      oauthUrl: `${server.url}/oauth`,
      clientId: TEST_CLIENT_ID,
      clientSecret,
      authSecret: randomBytes(32).toString('base64url'),
    },
    close: async () => {
      await server.close()
      await emulator.close()
    },
  }
}

/**
 * `next start` through the app's own start script, on 127.0.0.1:`port`, signing agents in at `upstream`;
 * resolves once it serves. `close` stops it (and waits for the process to end).
 */
export async function startNext(
  port: number,
  upstream: Upstream,
): Promise<{ url: string; output: () => string; close: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(appRoot, 'scripts', 'start.mjs'), 'start'], {
    cwd: appRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      AUTH_URL: `http://127.0.0.1:${port}`,
      AUTH_SECRET: upstream.authSecret,
      UC_OAUTH_CLIENT_ID: upstream.clientId,
      UC_OAUTH_CLIENT_SECRET: upstream.clientSecret,
      UC_OAUTH_URL: upstream.oauthUrl,
      UC_BASE_URL: upstream.baseUrl,
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += String(chunk)))
  child.stderr.on('data', (chunk) => (output += String(chunk)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const close = async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    await exited
  }
  const url = `http://127.0.0.1:${port}`
  // Next prints "Ready" once it accepts connections.
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (/Ready in|✓ Ready/.test(output)) return resolve()
      if (child.exitCode !== null) return reject(new Error(`next start exited:\n${output}`))
    }
    child.stdout.on('data', check)
    child.once('exit', check)
    check()
  })
  return { url, output: () => output, close }
}

/** Debian's Chromium through playwright-core with a fresh profile (as the demo's e2e tests launch it). */
export function launchChromium(viewport?: {
  width: number
  height: number
}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  return launchBrowser(chromium, { profilePrefix: 'uc-next-chromium-', viewport })
}

/**
 * Signs `agentName` in the way an agent does: the app sends the browser to /sign-in, "Sign in with UltraCart"
 * goes to the emulator's authorize page, the agent picks themselves, and the app's console opens.
 */
export async function signIn(page: Page, appUrl: string, agentName: string): Promise<void> {
  await page.goto(appUrl)
  await page.waitForURL((url) => url.pathname === '/sign-in')
  await page.getByRole('button', { name: 'Sign in with UltraCart' }).click()
  await page
    .getByRole('button', { name: `Sign in as ${agentName}` })
    .click({ timeout: 10_000 })
    .catch(async (error: Error) => {
      throw new Error(
        `no authorize page at ${page.url()}: ${((await page.locator('body').textContent()) ?? '').slice(0, 500)}`,
        {
          cause: error,
        },
      )
    })
  await page.waitForURL((url) => url.href.startsWith(appUrl) && url.pathname === '/')
  await page.getByTestId('agent-name').filter({ hasText: agentName }).waitFor()
}
