import { execFile, spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type BrowserContext, chromium } from 'playwright-core'
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
    ...['proxy.ts', 'next.config.ts'].map((file) => statSync(join(appRoot, file)).mtimeMs),
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

/**
 * `next start` through the app's own start script, on 127.0.0.1:`port`, talking to `baseUrl` with `simpleKey`;
 * resolves once it serves. `close` stops it (and waits for the process to end).
 */
export async function startNext(
  port: number,
  upstream: { baseUrl: string; simpleKey: string },
): Promise<{ url: string; output: () => string; close: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(appRoot, 'scripts', 'start.mjs'), 'start'], {
    cwd: appRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      UC_SIMPLE_KEY: upstream.simpleKey,
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
export function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  return launchBrowser(chromium, { profilePrefix: 'uc-next-chromium-' })
}
