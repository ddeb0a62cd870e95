import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  type AnyConversationError,
  ConversationConfigError,
  ConversationError,
  ConversationHttpError,
  ConversationNetworkError,
  ConversationParseError,
  ConversationTimeoutError,
  ConversationValidationError,
  createConversationClient,
  isConversationError,
  isPermanentError,
  isRetryableError,
} from '../src'
import { json, recordingTransport } from './helpers'

const one = (): AnyConversationError[] => [
  new ConversationValidationError('limit', 'an integer'),
  new ConversationConfigError('No global fetch'),
  new ConversationNetworkError('ECONNREFUSED 127.0.0.1:1', undefined, 'ECONNREFUSED'),
  new ConversationTimeoutError(5),
  new ConversationHttpError(503),
  new ConversationParseError(502, 'unparseable body', '<html>'),
]
const classes = [
  ConversationValidationError,
  ConversationConfigError,
  ConversationNetworkError,
  ConversationTimeoutError,
  ConversationHttpError,
  ConversationParseError,
]

describe('kind is the class', () => {
  it('each error is an instance of exactly its own class, and its kind and name say which', () => {
    const kinds = one().map((error, i) => {
      for (const [j, type] of classes.entries())
        expect(error instanceof (type as typeof ConversationError)).toBe(i === j)
      expect(error).toBeInstanceOf(ConversationError)
      expect(error).toBeInstanceOf(Error)
      expect(error.name).toBe(classes[i]!.name)
      expect(isConversationError(error)).toBe(true)
      return error.kind
    })
    expect(kinds).toEqual(['validation', 'config', 'network', 'timeout', 'http', 'parse'])
  })

  it('nothing else passes the guards', () => {
    for (const value of [
      new Error('x'),
      new TypeError('fetch failed'),
      null,
      undefined,
      {},
      { kind: 'http' },
      'http',
    ])
      expect([value instanceof ConversationError, isConversationError(value)]).toEqual([false, false])
  })

  it('the brand is not a field: JSON and inspect show what they did before', () => {
    const error = new ConversationHttpError(404)
    expect(Object.keys(JSON.parse(JSON.stringify(error))).sort()).toEqual([
      'kind',
      'message',
      'name',
      'status',
    ])
    expect(inspect(error)).not.toContain('uc-conversation')
  })
})

describe('two copies of core in one process (ESM and CJS)', () => {
  // The built CommonJS copy, as `require` loads it beside this ESM source copy.
  const cjs = createRequire(import.meta.url)('../dist/index.cjs') as typeof import('../src')

  it('guards, instanceof and the retry rules recognise the other copy’s errors, both ways', () => {
    expect(cjs.ConversationHttpError).not.toBe(ConversationHttpError)
    const fromCjs = new cjs.ConversationHttpError(503)
    expect(fromCjs instanceof ConversationError).toBe(true)
    expect(fromCjs instanceof ConversationHttpError).toBe(true)
    expect(fromCjs instanceof ConversationParseError).toBe(false)
    expect(isConversationError(fromCjs)).toBe(true)
    expect(isRetryableError(fromCjs)).toBe(true)
    expect(isPermanentError(new cjs.ConversationHttpError(401))).toBe(true)
    expect(isRetryableError(new cjs.ConversationNetworkError('ECONNRESET'))).toBe(true)
    const fromEsm = new ConversationTimeoutError(1)
    expect(fromEsm instanceof cjs.ConversationError).toBe(true)
    expect(fromEsm instanceof cjs.ConversationTimeoutError).toBe(true)
    expect(cjs.isRetryableError(fromEsm)).toBe(true)
    expect(cjs.isPermanentError(new ConversationValidationError('x', 'y'))).toBe(true)
  })
})

describe('network errors say what happened', () => {
  it('a refused connection names the address and port, and is retried as never sent', async () => {
    // A port that was just free: nothing listens on it.
    const server = createServer().listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const port = (server.address() as { port: number }).port
    await new Promise((resolve) => server.close(resolve))
    const key = 'sk_refused_secret_key_value'
    const error = await createConversationClient({
      baseUrl: `http://127.0.0.1:${port}/rest/v2`,
      simpleKey: key,
      retry: false,
    })
      .getConversations()
      .catch((e) => e)
    expect(error).toBeInstanceOf(ConversationNetworkError)
    expect(error.message).toBe(`ECONNREFUSED 127.0.0.1:${port}`)
    expect(error.code).toBe('ECONNREFUSED')
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(key)
  })

  it('an unknown host names the host (undici’s cause chain)', async () => {
    const thrown = new TypeError('fetch failed', {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND secure.ultracart.com'), {
        code: 'ENOTFOUND',
        hostname: 'secure.ultracart.com',
        syscall: 'getaddrinfo',
      }),
    })
    const error = await createConversationClient({ transport: () => Promise.reject(thrown), retry: false })
      .getConversations()
      .catch((e) => e)
    expect(error.message).toBe('ENOTFOUND secure.ultracart.com')
    expect(error.cause).toBe(thrown)
  })

  it('several addresses refused (AggregateError) name the first; a browser’s message stays as it is', async () => {
    const aggregate = new TypeError('fetch failed', {
      cause: Object.assign(
        new AggregateError([
          Object.assign(new Error('connect ECONNREFUSED ::1:8787'), {
            code: 'ECONNREFUSED',
            address: '::1',
            port: 8787,
          }),
        ]),
        { code: 'ECONNREFUSED' },
      ),
    })
    const browser = new TypeError('Failed to fetch')
    const messages = []
    for (const thrown of [aggregate, browser])
      messages.push(
        (
          await createConversationClient({ transport: () => Promise.reject(thrown), retry: false })
            .getConversations()
            .catch((e) => e)
        ).message,
      )
    expect(messages).toEqual(['ECONNREFUSED ::1:8787', 'Failed to fetch'])
  })

  it('Deno’s refused connection (no code, the operating system’s words) gets the same code, so a start is retried as never sent', async () => {
    const deno = new TypeError(
      'error sending request for url (http://127.0.0.1:8787/rest/v2/conversation/conversations): client error (Connect): tcp connect error: Connection refused (os error 111)',
    )
    let calls = 0
    const client = createConversationClient({
      retry: { baseDelayMs: 0 },
      transport: async () => {
        if (calls++ === 0) throw deno
        return json({ success: true, conversation: { conversation_uuid: 'c' } })
      },
    })
    await expect(client.startConversation({})).resolves.toMatchObject({ success: true })
    expect(calls).toBe(2)
    const error = await createConversationClient({ retry: false, transport: () => Promise.reject(deno) })
      .getConversations()
      .catch((e) => e)
    expect(error.code).toBe('ECONNREFUSED')
    const dns = await createConversationClient({
      retry: false,
      transport: () =>
        Promise.reject(new TypeError('error sending request: dns error: failed to lookup address')),
    })
      .getConversations()
      .catch((e) => e)
    expect(dns.code).toBe('ENOTFOUND')
  })

  it('an upload URL request that failed on the network is retryable by core’s own rule', async () => {
    let calls = 0
    const client = createConversationClient({
      retry: { baseDelayMs: 0 },
      transport: async () => {
        if (calls++ === 0) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
        return json({ success: true, conversation_multimedia_upload_url: { key: 'k', url: 'u' } })
      },
    })
    await expect(client.getConversationMultimediaUploadUrl('jpg')).resolves.toMatchObject({ success: true })
    expect(calls).toBe(2)
  })
})

describe('per-call retry', () => {
  const failing = () => recordingTransport(() => new Response('', { status: 503 }))

  it('false makes one attempt on a retrying client; an object retries on a client that does not', async () => {
    const a = failing()
    await createConversationClient({ transport: a.transport, retry: { baseDelayMs: 0 } })
      .getConversations({ retry: false })
      .catch(() => undefined)
    expect(a.requests).toHaveLength(1)
    const b = failing()
    await createConversationClient({ transport: b.transport, retry: false })
      .getConversations({ retry: { retries: 2, baseDelayMs: 0 } })
      .catch(() => undefined)
    expect(b.requests).toHaveLength(3)
    const c = failing()
    await createConversationClient({ transport: c.transport, retry: { retries: 3, baseDelayMs: 0 } })
      .getConversations({ retry: { retries: 1 } })
      .catch(() => undefined)
    expect(c.requests).toHaveLength(2)
  })

  it('a bad retry option is refused, naming the field, before anything is sent', async () => {
    const { transport, requests } = failing()
    const client = createConversationClient({ transport })
    for (const [retry, field] of [
      [{ retries: -1 }, 'retry.retries'],
      [{ baseDelayMs: 1.5 }, 'retry.baseDelayMs'],
      ['twice', 'retry'],
    ] as const) {
      const error = await client.getConversations({ retry: retry as never }).catch((e) => e)
      expect(error).toBeInstanceOf(ConversationValidationError)
      expect(error.field).toBe(field)
    }
    expect(requests).toHaveLength(0)
  })
})
