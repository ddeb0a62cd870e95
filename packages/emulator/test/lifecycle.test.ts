import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createEmulator, EMULATOR_SIMPLE_KEY } from '../src'
import { openAgentSocket, setup } from './helpers'

const countResources = () => {
  const counts: Record<string, number> = {}
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1
  return counts
}

describe('close()', () => {
  it('leaves no timer, socket or server behind (real clock, everything running)', async () => {
    const before = countResources()
    const { emulator, client } = await setup('http', {
      clock: 'real',
      demoData: true,
      faults: { socketDropEveryMs: 60_000 },
      keepAliveTimeoutMs: 60_000,
    })
    emulator.customers.start(50)
    const socket = await openAgentSocket(client)
    await client.updateConversationWebchatQueueStatus('support', { agent_status: 'available' })
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support' })
    await client.joinConversation(conversationUuid)
    socket.send({
      type: 'message',
      conversation_uuid: conversationUuid,
      message: { body: 'hi', client_message_id: 'a' },
    })
    await socket.waitFor((f) => f.type === 'message')
    await emulator.close()
    expect((await socket.closed).code).toBe(1001)
    expect(emulator.clock.pending()).toBe(0)
    // Let closed handles be reaped.
    await new Promise((r) => setTimeout(r, 50))
    // Nothing new may remain; a handle the runner itself had open before may have gone meanwhile.
    const after = countResources()
    for (const [kind, count] of Object.entries(after))
      expect(count, kind).toBeLessThanOrEqual(before[kind] ?? 0)
  })

  it('listen() works again after a server closed, and several servers can run at once', async () => {
    const emulator = createEmulator()
    const a = await emulator.listen()
    const b = await emulator.listen()
    expect(a.port).not.toBe(b.port)
    await a.close()
    const res = await fetch(`${b.url}/conversation/agent/keepalive`, {
      headers: { 'x-ultracart-simple-key': EMULATOR_SIMPLE_KEY },
    })
    expect(res.status).toBe(204)
    await emulator.close()
  })
})

describe('CORS', () => {
  it('allows the configured origins (REST and the upload PUT) and no others', async () => {
    const emulator = createEmulator()
    const preflight = (path: string, origin: string, method = 'GET') =>
      emulator.fetch(`http://emulator.local${path}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': method,
          'access-control-request-headers':
            'x-ultracart-simple-key, x-ultracart-api-version, content-type, authorization',
        },
      })
    const ok = await preflight('/rest/v2/conversation/conversations', 'http://localhost:5173')
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    const allowed = ok.headers.get('access-control-allow-headers')?.toLowerCase() ?? ''
    for (const h of ['x-ultracart-simple-key', 'authorization', 'x-ultracart-api-version', 'content-type'])
      expect(allowed).toContain(h)
    const upload = await preflight('/uploads/x.png', 'http://127.0.0.1:5173', 'PUT')
    expect(upload.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
    expect(upload.headers.get('access-control-allow-methods')).toContain('PUT')
    const evil = await preflight('/rest/v2/conversation/conversations', 'https://evil.example')
    expect(evil.headers.get('access-control-allow-origin')).toBeNull()
    const error = await emulator.fetch('http://emulator.local/rest/v2/conversation/conversations', {
      headers: { origin: 'http://localhost:5173' },
    })
    expect(error.status).toBe(401)
    expect(error.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(error.headers.get('access-control-expose-headers')).toContain('UC-REST-ERROR')
    await emulator.close()
  })
})

describe('logging', () => {
  it('logs method, path and status, never keys, JWTs or signatures', async () => {
    const lines: string[] = []
    const { client, emulator, close } = await setup('in-process', { log: (l) => lines.push(l) })
    const auth = await client.getAgentWebsocketAuthorization()
    const upload = await client.getConversationMultimediaUploadUrl('png')
    await emulator.fetch(upload.conversation_multimedia_upload_url!.url!, { method: 'PUT', body: 'x' })
    const all = lines.join('\n')
    expect(all).toContain('PUT /rest/v2/conversation/agent/auth 200')
    expect(all).not.toContain(EMULATOR_SIMPLE_KEY)
    expect(all).not.toContain(auth.agent_auth!.jwt!)
    expect(all).not.toContain('signature=')
    await close()
  })
})

describe('CLI', () => {
  // Inside the package's node_modules so the bundle's external imports resolve (and git ignores it).
  const cache = join(__dirname, '../node_modules/.cache')
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(join(cache, 'cli-test-'))
  let child: ChildProcess | undefined
  afterAll(() => {
    child?.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('starts, prints the base URL, key and websocket URL, and exits 0 on SIGTERM', async () => {
    // Bundled fresh from source (dependencies external), so the test never runs a stale dist.
    const out = join(dir, 'cli.mjs')
    const { buildSync } = await import('esbuild')
    buildSync({
      entryPoints: [join(__dirname, '../src/cli.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: out,
      logLevel: 'error',
    })
    expect(readFileSync(out, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true)
    child = spawn(process.execPath, [out, '--port', '0', '--customers-interval', '0', '--quiet'], {
      cwd: join(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    const banner = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (d) => {
        stdout += d
        if (stdout.includes('websocket URL')) resolve(stdout)
      })
      child!.once('exit', (code) => reject(new Error(`exited ${code}`)))
    })
    const base = /base URL:\s+(\S+)/.exec(banner)?.[1]
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rest\/v2$/)
    expect(banner).toContain(`simple key:    ${EMULATOR_SIMPLE_KEY}`)
    expect(banner).toMatch(/websocket URL: ws:\/\/127\.0\.0\.1:\d+\/ws/)
    const list = await fetch(`${base}/conversation/conversations`, {
      headers: { 'x-ultracart-simple-key': EMULATOR_SIMPLE_KEY },
    })
    expect((await list.json()).conversations.length).toBeGreaterThan(3)
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    child = undefined
  })

  it('rejects bad arguments with exit code 2', () => {
    const result = (() => {
      try {
        execFileSync(process.execPath, [join(dir, 'cli.mjs'), '--port', 'abc'], {
          stdio: 'pipe',
          cwd: join(__dirname, '..'),
        })
        return 0
      } catch (error) {
        return (error as { status: number }).status
      }
    })()
    expect(result).toBe(2)
  })
})
