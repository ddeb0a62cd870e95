import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import { createFaultProxy, type FaultProxy } from '../src'
import { openAgentSocket, setup } from './helpers'

/** A target that records what it gets and pushes whatever a test tells it to. */
async function startTarget() {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  const received: string[] = []
  const urls: string[] = []
  const peers: WebSocket[] = []
  const closes: { code: number; reason: string }[] = []
  wss.on('connection', (ws, req) => {
    urls.push(req.url ?? '')
    peers.push(ws)
    ws.on('message', (data) => received.push(data.toString()))
    ws.on('close', (code, reason) => closes.push({ code, reason: reason.toString() }))
  })
  const port = (wss.address() as AddressInfo).port
  return {
    url: `ws://127.0.0.1:${port}`,
    received,
    urls,
    peers,
    closes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate()
        wss.close(() => resolve())
      }),
  }
}

type Target = Awaited<ReturnType<typeof startTarget>>

const until = async (check: () => boolean, timeoutMs = 2000) => {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** A client whose received text frames are recorded. */
async function connect(url: string) {
  const ws = new WebSocket(url)
  const frames: string[] = []
  ws.on('error', () => {})
  ws.on('message', (data) => frames.push(data.toString()))
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return { ws, frames, closed }
}

let target: Target | undefined
let proxy: FaultProxy | undefined
afterEach(async () => {
  await proxy?.close()
  await target?.close()
  proxy = undefined
  target = undefined
})

describe('createFaultProxy', () => {
  it('forwards path, query and frames both ways, and close codes back', async () => {
    target = await startTarget()
    proxy = await createFaultProxy({ target: target.url })
    expect(proxy.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/)
    const wrapped = proxy.wrap('ws://127.0.0.1:1/ws?jwt=abc.def&x=1')
    expect(wrapped).toBe(`${proxy.url}/ws?jwt=abc.def&x=1`)
    const client = await connect(wrapped)
    await until(() => target!.peers.length === 1)
    expect(target.urls).toEqual(['/ws?jwt=abc.def&x=1'])
    expect(proxy.connections).toBe(1)
    client.ws.send('hello')
    target.peers[0]!.send('one')
    target.peers[0]!.send('two')
    await until(() => target!.received.length === 1 && client.frames.length === 2)
    expect(target.received).toEqual(['hello'])
    expect(client.frames).toEqual(['one', 'two'])
    target.peers[0]!.close(4001, 'jwt expired')
    expect(await client.closed).toEqual({ code: 4001, reason: 'jwt expired' })
    await until(() => proxy!.connections === 0)
  })

  it('drops, duplicates, holds and releases server frames in reverse order', async () => {
    target = await startTarget()
    proxy = await createFaultProxy({ target: target.url })
    const seen: [string, number][] = []
    proxy.onServerFrame((frame, index) => {
      seen.push([frame, index])
      return ({ a: 'drop', b: 'duplicate', c: 'hold', d: 'hold' } as const)[frame] ?? 'pass'
    })
    const client = await connect(proxy.wrap('ws://x/ws'))
    await until(() => target!.peers.length === 1)
    for (const f of ['a', 'b', 'c', 'd', 'e']) target.peers[0]!.send(f)
    await until(() => client.frames.length === 3)
    expect(client.frames).toEqual(['b', 'b', 'e'])
    expect(seen).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 3],
      ['e', 4],
    ])
    proxy.release()
    await until(() => client.frames.length === 5)
    expect(client.frames).toEqual(['b', 'b', 'e', 'd', 'c'])
    proxy.onServerFrame(undefined)
    target.peers[0]!.send('f')
    await until(() => client.frames.length === 6)
  })

  it('drops client frames a rule refuses', async () => {
    target = await startTarget()
    proxy = await createFaultProxy({ target: target.url })
    proxy.onClientFrame((_frame, index) => (index === 0 ? 'drop' : 'pass'))
    const client = await connect(proxy.wrap('ws://x/ws'))
    client.ws.send('first')
    client.ws.send('second')
    await until(() => target!.received.length === 1)
    expect(target.received).toEqual(['second'])
  })

  it('frozen: forwards nothing, answers no ping and no close handshake; thaw delivers what was kept', async () => {
    target = await startTarget()
    proxy = await createFaultProxy({ target: target.url })
    const client = await connect(proxy.wrap('ws://x/ws'))
    await until(() => target!.peers.length === 1)
    proxy.freeze()
    expect(proxy.frozen).toBe(true)
    let pongs = 0
    client.ws.on('pong', () => pongs++)
    client.ws.ping()
    client.ws.send('while frozen')
    target.peers[0]!.send('from server while frozen')
    client.ws.close(1000, 'bye')
    let closed = false
    void client.closed.then(() => {
      closed = true
    })
    // Real time on purpose: this is about a real TCP peer not reading.
    await new Promise((r) => setTimeout(r, 300))
    expect({ pongs, closed, received: target.received, frames: client.frames }).toEqual({
      pongs: 0,
      closed: false,
      received: [],
      frames: [],
    })
    expect(target.closes).toEqual([])
    expect(proxy.connections).toBe(1)
    proxy.thaw()
    expect(await client.closed).toEqual({ code: 1000, reason: 'bye' })
    await until(() => target!.closes.length === 1)
    expect(target.received).toEqual(['while frozen'])
    expect(target.closes).toEqual([{ code: 1000, reason: 'bye' }])
  })

  it('a client that gives up on a frozen proxy (terminate) is not kept open by it', async () => {
    target = await startTarget()
    proxy = await createFaultProxy({ target: target.url })
    const client = await connect(proxy.wrap('ws://x/ws'))
    proxy.freeze()
    client.ws.close()
    client.ws.terminate()
    expect((await client.closed).code).toBe(1006)
    // A frozen peer does not read, so it notices the FIN only once thawed.
    expect(proxy.connections).toBe(1)
    proxy.thaw()
    await until(() => proxy!.connections === 0)
  })

  it('a connection opened while frozen is frozen too', async () => {
    target = await startTarget()
    proxy = await createFaultProxy({ target: target.url })
    proxy.freeze()
    const client = await connect(proxy.wrap('ws://x/ws'))
    await until(() => target!.peers.length === 1)
    target.peers[0]!.send('kept')
    await new Promise((r) => setTimeout(r, 100))
    expect(client.frames).toEqual([])
    proxy.thaw()
    await until(() => client.frames.length === 1)
  })

  it('passes a refused upgrade on with its status', async () => {
    const { emulator } = await setup('http')
    const server = await emulator.listen({ port: 0 })
    proxy = await createFaultProxy({ target: server.websocketUrl })
    const ws = new WebSocket(`${proxy.url}/not-the-socket`)
    const status = await new Promise<number | undefined>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode))
      ws.on('error', () => resolve(undefined))
    })
    expect(status).toBe(404)
    await emulator.close()
  })

  it('an unreachable target is a 502 and close() is bounded', async () => {
    target = await startTarget()
    const deadUrl = target.url
    await target.close()
    target = undefined
    proxy = await createFaultProxy({ target: deadUrl })
    const ws = new WebSocket(`${proxy.url}/ws`)
    const status = await new Promise<number | undefined>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode))
      ws.on('error', () => resolve(undefined))
    })
    expect(status).toBe(502)
    const started = Date.now()
    await proxy.close()
    expect(Date.now() - started).toBeLessThan(1100)
  })

  it("sends an emulator's agents through the proxy with setWebsocketUrlRewrite", async () => {
    const { emulator, clientFor } = await setup('http')
    const server = await emulator.listen({ port: 0 })
    proxy = await createFaultProxy({ target: server.websocketUrl })
    emulator.setWebsocketUrlRewrite((url) => proxy!.wrap(url))
    const client = clientFor({ baseUrl: server.url })
    const auth = await client.getAgentWebsocketAuthorization()
    expect(auth.agent_auth?.websocket_url).toBe(`${proxy.url}/ws`)
    const socket = await openAgentSocket(client)
    expect(proxy.connections).toBe(1)
    await socket.sync()
    emulator.setWebsocketUrlRewrite(undefined)
    const again = await client.getAgentWebsocketAuthorization()
    expect(again.agent_auth?.websocket_url).toBe(server.websocketUrl)
    // A drop behind the proxy (no close frame) is a drop in front of it.
    emulator.sockets.dropAll()
    expect((await socket.closed).code).toBe(1006)
    await emulator.close()
  })
})
