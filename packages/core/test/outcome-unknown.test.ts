import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ConversationHttpError,
  ConversationOutcomeUnknownError,
  createConversationClient,
  isPermanentError,
  isRetryableError,
} from '../src'
import {
  deleteConversationCannedMessage,
  insertConversationCannedMessage,
  startConversation,
} from '../src/operations'

/**
 * A hostile server on 127.0.0.1: it carries every write out (records it) and then loses the answer in the way
 * `mode` says. Real sockets: the client's own fetch sees a real reset, a real dropped connection, a real silence.
 */
type Mode = 'drop' | 'reset' | 'silent' | '503' | '502-html'

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
})

async function hostile(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const writes: string[] = []
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      writes.push(`${req.method} ${req.url} ${body}`)
      answer(req, res, body)
    })
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { writes, baseUrl: `http://127.0.0.1:${port}/rest/v2` }
}

const lose = (mode: Mode) => (req: IncomingMessage, res: ServerResponse) => {
  if (mode === 'drop') req.socket.destroy()
  else if (mode === 'reset') req.socket.resetAndDestroy()
  else if (mode === '503')
    res
      .writeHead(503, { 'content-type': 'application/json' })
      .end(JSON.stringify({ success: false, error: { developer_message: 'busy' } }))
  else if (mode === '502-html')
    res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>')
  // 'silent': the write was carried out, no answer ever comes (the client's timeout ends it).
}

describe('a once operation that fails after the server carried it out', () => {
  for (const [mode, causeKind] of [
    ['drop', 'network'],
    ['reset', 'network'],
    ['silent', 'timeout'],
    ['503', 'http'],
    ['502-html', 'parse'],
  ] as const) {
    it(`rejects with outcome-unknown, not retryable, sent once (${mode})`, async () => {
      const { writes, baseUrl } = await hostile(lose(mode))
      const client = createConversationClient({ baseUrl, timeoutMs: 300, retry: { baseDelayMs: 1 } })
      const error = (await client
        .startConversation({ conversation_arn: 'arn:1' })
        .catch((e: unknown) => e)) as ConversationOutcomeUnknownError
      expect(error).toBeInstanceOf(ConversationOutcomeUnknownError)
      expect(error.kind).toBe('outcome-unknown')
      expect(error.name).toBe('ConversationOutcomeUnknownError')
      expect(error.cause.kind).toBe(causeKind)
      expect(error.operation).toBe(startConversation)
      expect(error.method).toBe('PUT')
      expect(error.url).toBe(`${baseUrl}/conversation/conversations`)
      // Neither core nor a layer above (which retries what is not permanent) may write it again.
      expect(isRetryableError(error)).toBe(false)
      expect(isPermanentError(error)).toBe(true)
      expect(writes).toEqual([`PUT /rest/v2/conversation/conversations {"conversation_arn":"arn:1"}`])
    })
  }

  it('also through client.call, for every once operation (an insert)', async () => {
    const { writes, baseUrl } = await hostile(lose('reset'))
    const client = createConversationClient({ baseUrl, retry: { baseDelayMs: 1 } })
    const error = await client.call(insertConversationCannedMessage, { short_code: 'hi' }).catch((e) => e)
    expect(error).toBeInstanceOf(ConversationOutcomeUnknownError)
    expect(error.operation).toBe(insertConversationCannedMessage)
    expect(writes).toHaveLength(1)
  })

  it('is not raised when the first try provably never arrived: a 429 is retried and its answer returned', async () => {
    let n = 0
    const { writes, baseUrl } = await hostile((_req, res) => {
      if (n++ === 0) res.writeHead(429, { 'content-type': 'application/json' }).end('{"success":false}')
      else
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true,"conversation":{}}')
    })
    const client = createConversationClient({ baseUrl, retry: { baseDelayMs: 1 } })
    await expect(client.startConversation({})).resolves.toEqual({ success: true, conversation: {} })
    expect(writes).toHaveLength(2)
  })

  it('is not raised for a plain refusal (400): the server said no', async () => {
    const { baseUrl } = await hostile((_req, res) =>
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"success":false}'),
    )
    const error = await createConversationClient({ baseUrl })
      .startConversation({})
      .catch((e) => e)
    expect(error).toBeInstanceOf(ConversationHttpError)
    expect(error.status).toBe(400)
  })

  it('serializes without credentials', async () => {
    const { baseUrl } = await hostile(lose('503'))
    const key = 'simple-key-0123456789'
    const error = await createConversationClient({ baseUrl, simpleKey: key })
      .startConversation({})
      .catch((e) => e)
    expect(error.kind).toBe('outcome-unknown')
    expect(JSON.stringify(error)).not.toContain(key)
    expect(JSON.stringify(error.cause)).not.toContain(key)
  })
})

describe('a retried DELETE whose first try was carried out', () => {
  /** Deletes on the first request and loses the answer as `mode` says; a deleted object is then unknown (404). */
  const deleting = (mode: Mode) => {
    let deleted = false
    return (req: IncomingMessage, res: ServerResponse) => {
      if (deleted)
        return res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ success: false, error: { developer_message: 'not found' } }))
      deleted = true
      lose(mode)(req, res)
    }
  }

  for (const mode of ['drop', 'reset', '503'] as const)
    it(`resolves when the retry is answered 404 (${mode})`, async () => {
      const { writes, baseUrl } = await hostile(deleting(mode))
      const client = createConversationClient({ baseUrl, retry: { baseDelayMs: 1 } })
      await expect(client.call(deleteConversationCannedMessage, 7)).resolves.toBeUndefined()
      expect(writes).toEqual([
        'DELETE /rest/v2/conversation/canned_messages/7 ',
        'DELETE /rest/v2/conversation/canned_messages/7 ',
      ])
    })

  it('still rejects a 404 on the first try: it was never there', async () => {
    const { baseUrl } = await hostile(deleting('drop'))
    const client = createConversationClient({ baseUrl, retry: { baseDelayMs: 1 } })
    await client.call(deleteConversationCannedMessage, 7)
    const error = await client.call(deleteConversationCannedMessage, 7).catch((e) => e)
    expect(error).toBeInstanceOf(ConversationHttpError)
    expect(error.status).toBe(404)
  })
})
