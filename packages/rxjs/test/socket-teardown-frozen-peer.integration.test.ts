import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createFaultProxy, EMULATOR_SIMPLE_KEY, type FaultProxy } from '@uc-conversation/emulator'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { connectAgentSocket } from '../src'
import { type Harness, startHarness, until } from './emulator'

// Issue 11, point 11: with a frozen peer, `ws` waits 30 s for the close handshake and holds the TCP socket
// (and the process) that long. Teardown must be bounded: the process can exit within 2 s.

let harness: Harness | undefined
let proxy: FaultProxy | undefined
afterEach(async () => {
  await proxy?.close()
  await harness?.close()
  proxy = harness = undefined
})

const throughFrozenProxy = async () => {
  harness = await startHarness()
  proxy = await createFaultProxy({ target: harness.server.websocketUrl })
  harness.emulator.setWebsocketUrlRewrite(proxy.wrap)
  return { harness, proxy }
}

describe('teardown with a frozen peer', () => {
  it('the TCP socket is gone within 2 s of the last unsubscribe', async () => {
    const { harness, proxy } = await throughFrozenProxy()
    const made: WebSocket[] = []
    const Recording = class extends WebSocket {
      constructor(url: string) {
        super(url)
        made.push(this)
      }
    }
    const socket = connectAgentSocket(harness.client, { WebSocketCtor: Recording, lingerMs: 0 })
    const sub = socket.frames$.subscribe()
    await until(() => socket.state.status === 'open', 'the socket to open')
    const ws = made.at(-1)!
    const closed = new Promise<number>((resolve) => ws.once('close', () => resolve(Date.now())))
    proxy.freeze()
    const releasedAt = Date.now()
    sub.unsubscribe()
    expect(ws.readyState).toBe(WebSocket.CLOSING)
    const closedAt = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 3000))])
    expect(closedAt, 'the ws socket was still closing after 3 s').toBeGreaterThan(0)
    expect(closedAt - releasedAt).toBeLessThan(2000)
    expect(ws.readyState).toBe(WebSocket.CLOSED)
  })

  it('a process that unsubscribes everything exits within 2 s (built package, child process)', async () => {
    const { harness, proxy } = await throughFrozenProxy()
    const dist = (pkg: string) => new URL(`../../${pkg}/dist/index.js`, import.meta.url).href
    const script = `
      import WebSocket from 'ws'
      const { createConversationClient } = await import(${JSON.stringify(dist('core'))})
      const { connectAgentSocket } = await import(${JSON.stringify(dist('rxjs'))})
      const client = createConversationClient({ baseUrl: process.env.BASE, simpleKey: process.env.KEY })
      const socket = connectAgentSocket(client, { WebSocketCtor: WebSocket, lingerMs: 0 })
      const sub = socket.frames$.subscribe()
      const watch = socket.state$.subscribe((s) => { if (s.status === 'open') process.stdout.write('open\\n') })
      process.stdin.once('data', () => {
        sub.unsubscribe()
        watch.unsubscribe()
        process.stdin.destroy()
      })
    `
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, BASE: harness.server.url, KEY: EMULATOR_SIMPLE_KEY },
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const exited = new Promise<number>((resolve) => child.once('exit', () => resolve(Date.now())))
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    await until(() => out.includes('open'), 'the child socket to open', 10_000)
    proxy.freeze()
    const releasedAt = Date.now()
    child.stdin.write('go\n')
    const exitedAt = await Promise.race([exited, new Promise<number>((r) => setTimeout(() => r(-1), 4000))])
    if (exitedAt < 0) child.kill()
    expect(exitedAt, 'the child was still running after 4 s').toBeGreaterThan(0)
    expect(exitedAt - releasedAt).toBeLessThan(2000)
  }, 20_000)
})
