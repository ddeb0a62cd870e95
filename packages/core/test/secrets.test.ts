import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  ConversationHttpError,
  ConversationNetworkError,
  ConversationValidationError,
  createConversationClient,
} from '../src'
import { recordingTransport, ucError } from './helpers'

const KEY = 'sk_live_0123456789abcdef'
const TOKEN = 'oauth-token-abcdef-987654'

/** Every way an error gets logged: String, message, stack, JSON, inspect (cause chain and hidden fields). */
const render = (error: unknown) =>
  [
    String(error),
    (error as Error).message,
    (error as Error).stack,
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    inspect((error as Error).cause, { depth: 10, showHidden: true }),
  ].join('\n')

const creationError = (options: object) => {
  try {
    createConversationClient(options)
  } catch (error) {
    return error
  }
}

describe('header values are validated when the client is created', () => {
  const bad = ['\r', '\n', '\0', '\r\nX-Injected: 1', '\u0100', '\u20ac', '\u{1f511}']
  for (const [i, tail] of bad.entries()) {
    const value = `${KEY}${tail}`
    it(`refuses bad character #${i} in simpleKey, accessToken and headers, naming the option, never the value`, () => {
      for (const [options, field] of [
        [{ simpleKey: value }, 'simpleKey'],
        [{ accessToken: value }, 'accessToken'],
        [{ headers: { 'X-Foo': value } }, 'headers.X-Foo'],
      ] as const) {
        const error = creationError(options)
        expect(error).toBeInstanceOf(ConversationValidationError)
        expect(error).toMatchObject({ field })
        expect(render(error)).not.toContain(KEY)
      }
    })
  }

  it('accepts Latin-1 and tabs', () => {
    expect(creationError({ simpleKey: `${KEY}\u00ff`, headers: { 'X-Foo': 'a\tb' } })).toBeUndefined()
  })
})

describe('a token function is checked on every attempt, before fetch', () => {
  it('refuses a token with CR/LF as a validation error, not retried, naming accessToken only', async () => {
    const { transport, requests } = recordingTransport()
    let asked = 0
    const client = createConversationClient({
      transport,
      accessToken: () => (++asked === 1 ? TOKEN : `${TOKEN}\r\nX-Injected: 1`),
    })
    await client.getConversations()
    const error = await client.getConversations().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConversationValidationError)
    expect(error).toMatchObject({ field: 'accessToken' })
    expect(render(error)).not.toContain(TOKEN)
    expect(asked).toBe(2)
    expect(requests).toHaveLength(1)
    expect(client.stats.retried).toBe(0)
  })
})

describe('every error text is scrubbed of the credentials the client knows', () => {
  it('a transport error quoting the key: message, stack, toJSON, inspect and cause', async () => {
    const outcomes: unknown[] = []
    const client = createConversationClient({
      simpleKey: KEY,
      retry: false,
      transport: async (request) => {
        const inner = new Error(`connect failed for key ${request.headers['x-ultracart-simple-key']}`)
        throw new TypeError(`Headers.append: "${KEY}" is an invalid header value`, { cause: inner })
      },
    })
    client.onOutcome((e) => outcomes.push(e))
    const error = await client.getConversations().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConversationNetworkError)
    const text = render(error)
    expect(text).not.toContain(KEY)
    expect(text).toContain('Headers.append: "***" is an invalid header value')
    expect(text).toContain('connect failed for key ***')
    expect(outcomes).toEqual([error])
  })

  it("a server echoing a token function's answer in its error body", async () => {
    const client = createConversationClient({
      accessToken: async () => TOKEN,
      retry: false,
      transport: async () => ucError(401, `Unknown token ${TOKEN}`, `Token ${TOKEN} refused`),
    })
    const error = await client.getConversations().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConversationHttpError)
    expect(render(error)).not.toContain(TOKEN)
    expect(error).toMatchObject({ developerMessage: 'Unknown token ***', userMessage: 'Token *** refused' })
  })

  it('a ConversationError thrown by a transport, and the simple key of another header too', async () => {
    const client = createConversationClient({
      simpleKey: KEY,
      retry: false,
      transport: async () => {
        throw new ConversationHttpError(500, { developer_message: `bad ${KEY}` }, `rest ${KEY}`)
      },
    })
    const error = await client.getConversations().catch((e: unknown) => e)
    expect(render(error)).not.toContain(KEY)
  })
})

describe('with the real fetch (undici) against a local server', () => {
  let server: Server
  let baseUrl: string
  let received = 0
  beforeAll(async () => {
    server = createServer((_, res) => {
      received++
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest/v2`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('a key with CR, LF or NUL is refused at creation; the good key works', async () => {
    for (const tail of ['\r', '\n', '\0']) {
      const error = creationError({ simpleKey: `${KEY}${tail}`, baseUrl, fetch })
      expect(error).toBeInstanceOf(ConversationValidationError)
      expect(render(error)).not.toContain(KEY)
    }
    await createConversationClient({ simpleKey: KEY, baseUrl }).getConversations()
    expect(received).toBe(1)
  })

  it('a token function answering CR/LF: a validation error, nothing sent, nothing retried', async () => {
    const before = received
    const client = createConversationClient({ accessToken: () => `${TOKEN}\n`, baseUrl })
    const error = await client.getConversations().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConversationValidationError)
    expect(render(error)).not.toContain(TOKEN)
    expect(received).toBe(before)
    expect(client.stats).toMatchObject({ sent: 0, retried: 0 })
  })

  it("fetch's own header error, provoked by a hook, is scrubbed of the key", async () => {
    const before = received
    const error = await createConversationClient({
      simpleKey: KEY,
      baseUrl,
      retry: false,
      onRequest: (request) => {
        request.headers['x-ultracart-simple-key'] += '\r\nX-Injected: 1'
      },
    })
      .getConversations()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConversationNetworkError)
    expect(render(error)).not.toContain(KEY)
    expect(render(error)).toContain('***')
    expect(received).toBe(before)
  })
})

describe('the tokens a token function answered', () => {
  it('are remembered for scrubbing, the last 16 of them (bounded)', async () => {
    const tokens: string[] = []
    const client = createConversationClient({
      retry: false,
      accessToken: () => {
        tokens.push(`rotating-token-${String(tokens.length).padStart(4, '0')}`)
        return tokens.at(-1)!
      },
      // Quotes every token so far, as a confused proxy might.
      transport: async () => {
        throw new Error(`refused ${tokens.join(' ')}`)
      },
    })
    let error: unknown
    // Fake timers: after three failures the client sends only spaced probes (the server looks unreachable).
    vi.useFakeTimers()
    for (let i = 0; i < 20; i++) {
      const done = client.getConversations().catch((e: unknown) => e)
      await vi.runAllTimersAsync()
      error = await done
    }
    vi.useRealTimers()
    const text = render(error)
    for (const token of tokens.slice(4)) expect(text).not.toContain(token)
    expect(text).toContain(`refused ${tokens.slice(0, 4).join(' ')} ***`)
  })
})
