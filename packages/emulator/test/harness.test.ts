import { buildSocketUrl, createConversationClient } from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createEmulator, type Emulator, IN_PROCESS_BASE_URL } from '../src'

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

/** Opens the socket class a harness hands out and resolves with the first frame after a ping. */
const pingPong = (Ctor: new (url: string) => unknown, url: string) =>
  new Promise<string>((resolve, reject) => {
    const socket = new Ctor(url) as {
      send(d: string): void
      close(): void
      onopen: (() => void) | null
      onmessage: ((e: { data: unknown }) => void) | null
      onclose: ((e: { code: number }) => void) | null
    }
    socket.onopen = () => socket.send(JSON.stringify({ type: 'ping' }))
    socket.onmessage = (e) => {
      resolve(String(e.data))
      socket.close()
    }
    socket.onclose = (e) => reject(new Error(`closed ${e.code}`))
  })

describe('emulator.clientOptions() / socketOptions()', () => {
  it('in-process: the emulator fetch and WebSocket, the first agent key, no network', async () => {
    emulator = createEmulator({ clock: 'manual' })
    const options = emulator.clientOptions()
    expect(options).toEqual({
      baseUrl: IN_PROCESS_BASE_URL,
      fetch: emulator.fetch,
      simpleKey: 'emulator-simple-key',
    })
    const client = createConversationClient(options)
    const auth = (await client.getAgentWebsocketAuthorization()).agent_auth!
    const { WebSocketCtor } = emulator.socketOptions()
    expect(WebSocketCtor).toBe(emulator.WebSocket)
    expect(JSON.parse(await pingPong(WebSocketCtor, buildSocketUrl(auth.websocket_url!, auth.jwt!)))).toEqual(
      {
        type: 'ping',
      },
    )
  })

  it('with { server }: real HTTP on 127.0.0.1 and the ws WebSocket, no fetch', async () => {
    emulator = createEmulator({ clock: 'manual' })
    const server = await emulator.listen()
    const options = emulator.clientOptions({ server })
    expect(options).toEqual({ baseUrl: server.url, simpleKey: 'emulator-simple-key' })
    expect(options.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rest\/v2$/)
    const auth = (await createConversationClient(options).getAgentWebsocketAuthorization()).agent_auth!
    expect(auth.websocket_url).toBe(server.websocketUrl)
    const { WebSocketCtor } = emulator.socketOptions({ server })
    expect(WebSocketCtor).toBe(WebSocket)
    expect(JSON.parse(await pingPong(WebSocketCtor, buildSocketUrl(auth.websocket_url!, auth.jwt!)))).toEqual(
      {
        type: 'ping',
      },
    )
  })

  it('picks the credential of the agent asked for: a simple key, else its access token', async () => {
    emulator = createEmulator({
      clock: 'manual',
      agents: [
        { simpleKey: 'key-a', name: 'A' },
        { accessToken: 'token-b', name: 'B' },
      ],
    })
    const [a, b] = emulator.agents
    expect(emulator.clientOptions()).toMatchObject({ simpleKey: 'key-a' })
    const asB = emulator.clientOptions({ agentArn: b!.arn })
    expect(asB).not.toHaveProperty('simpleKey')
    expect(asB).toMatchObject({ accessToken: 'token-b' })
    const auth = await createConversationClient(asB).getAgentWebsocketAuthorization()
    expect(auth.agent_auth?.conversation_participant_arn).toBe(b!.arn)
    expect(a!.arn).not.toBe(b!.arn)
  })

  it('refuses an agent that is not configured, naming it', () => {
    emulator = createEmulator({ clock: 'manual' })
    expect(() => emulator!.clientOptions({ agentArn: 'arn:nobody' })).toThrow(/arn:nobody/)
  })
})
