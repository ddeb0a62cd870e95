import { describe, expect, it } from 'vitest'
import { API_VERSION, type ConversationClient, createConversationClient, OPERATION_SCOPES } from '../src'
import { BASE, json, recordingTransport } from './helpers'

type Case = {
  name: keyof ConversationClient
  call: (c: ConversationClient) => Promise<unknown>
  method: string
  url: string
  body?: unknown
  response?: unknown
  void?: boolean
}

const conversation = { conversation_uuid: 'c-1', medium: 'websocket', messages: [] }

const cases: Case[] = [
  {
    name: 'getAgentKeepAlive',
    call: (c) => c.getAgentKeepAlive(),
    method: 'GET',
    url: '/conversation/agent/keepalive',
    void: true,
  },
  {
    name: 'getAgentWebsocketAuthorization',
    call: (c) => c.getAgentWebsocketAuthorization(),
    method: 'PUT',
    url: '/conversation/agent/auth',
    response: { success: true, agent_auth: { jwt: 'x.y.z', websocket_url: 'wss://example.test/ws' } },
  },
  {
    name: 'getConversation',
    call: (c) => c.getConversation('c-1', { limit: 50 }),
    method: 'GET',
    url: '/conversation/conversations/c-1?limit=50',
    response: { success: true, conversation },
  },
  {
    name: 'getConversationMessages',
    call: (c) => c.getConversationMessages('c 1/2', 1700000000000, { limit: 10 }),
    method: 'GET',
    url: '/conversation/conversations/c%201%2F2/messages/1700000000000?limit=10',
    response: {
      success: true,
      conversation_messages: [{ conversation_message_uuid: 'm', message_epoch: 1 }],
    },
  },
  {
    name: 'getConversationMultimediaUploadUrl',
    call: (c) => c.getConversationMultimediaUploadUrl('jpg'),
    method: 'GET',
    url: '/conversation/upload_url/jpg',
    response: { success: true, conversation_multimedia_upload_url: { key: 'k', url: 'https://s3.test/k' } },
  },
  {
    name: 'getConversationWebchatQueueStatuses',
    call: (c) => c.getConversationWebchatQueueStatuses(),
    method: 'GET',
    url: '/conversation/conversations/queues/statuses',
    response: { success: true, queue_statuses: [{ queue_name: 'support', agent_count: 2 }] },
  },
  {
    name: 'getConversations',
    call: (c) => c.getConversations({ medium: 'websocket', limit: 50, offset: 100 }),
    method: 'GET',
    url: '/conversation/conversations?medium=websocket&_limit=50&_offset=100',
    response: { success: true, conversations: [conversation], metadata: { result_set: { more: false } } },
  },
  {
    name: 'joinConversation',
    call: (c) => c.joinConversation('c-1'),
    method: 'PUT',
    url: '/conversation/conversations/c-1/join',
    void: true,
  },
  {
    name: 'leaveConversation',
    call: (c) => c.leaveConversation('c-1'),
    method: 'DELETE',
    url: '/conversation/conversations/c-1/leave',
    void: true,
  },
  {
    name: 'startConversation',
    call: (c) =>
      c.startConversation({
        conversation_webchat_queue_uuid: 'q-1',
        add_conversation_participant_arns: ['a'],
      }),
    method: 'PUT',
    url: '/conversation/conversations',
    body: { conversation_webchat_queue_uuid: 'q-1', add_conversation_participant_arns: ['a'] },
    response: { conversation },
  },
  {
    name: 'updateConversationWebchatQueueStatus',
    call: (c) => c.updateConversationWebchatQueueStatus('sales & support', { agent_status: 'available' }),
    method: 'PUT',
    url: '/conversation/conversations/queues/sales%20%26%20support/status',
    body: { agent_status: 'available' },
    void: true,
  },
]

describe('the eleven operations', () => {
  it('covers every operation of the client', () => {
    const client = createConversationClient({ simpleKey: 'k' })
    const operations = Object.keys(client).filter((k) => k !== 'stats' && k !== 'onOutcome' && k !== 'call')
    expect(operations.sort()).toEqual(cases.map((c) => c.name).sort())
  })

  for (const c of cases) {
    it(`${c.name}: ${c.method} ${c.url}`, async () => {
      const { transport, requests } = recordingTransport(() =>
        c.void ? new Response(null, { status: 204 }) : json(c.response),
      )
      const client = createConversationClient({ simpleKey: 'secret-key', transport })
      const result = await c.call(client)
      expect(requests).toHaveLength(1)
      const [request] = requests
      expect(request!.method).toBe(c.method)
      expect(request!.url).toBe(BASE + c.url)
      expect(request!.headers).toEqual({
        Accept: 'application/json',
        'X-UltraCart-Api-Version': API_VERSION,
        'x-ultracart-simple-key': 'secret-key',
        ...(c.body ? { 'Content-Type': 'application/json' } : {}),
      })
      expect(request!.body === undefined ? undefined : JSON.parse(request!.body)).toEqual(c.body)
      expect(result).toEqual(c.void ? undefined : c.response)
    })
  }

  it('returns the parsed envelope as sent, fields included that no type names', async () => {
    const body = { success: true, conversation, metadata: { payload_name: 'conversation' }, extra: 1 }
    const { transport } = recordingTransport(() => json(body))
    const client = createConversationClient({ transport })
    expect(await client.getConversation('c-1')).toEqual(body)
  })

  it('sends a bearer token, static or asked for before every attempt', async () => {
    const { transport, requests } = recordingTransport(() => new Response(null, { status: 204 }))
    await createConversationClient({ accessToken: 'tok', transport }).joinConversation('c')
    let n = 0
    const dynamic = createConversationClient({ accessToken: async () => `tok-${++n}`, transport })
    await dynamic.joinConversation('c')
    await dynamic.joinConversation('c')
    expect(requests.map((r) => r.headers.Authorization)).toEqual([
      'Bearer tok',
      'Bearer tok-1',
      'Bearer tok-2',
    ])
    expect(requests.every((r) => !('x-ultracart-simple-key' in r.headers))).toBe(true)
  })

  it('takes baseUrl (trailing slash tolerated), client headers and per-call headers', async () => {
    const { transport, requests } = recordingTransport(() => json({ success: true }))
    const client = createConversationClient({
      baseUrl: 'http://127.0.0.1:9/rest/v2/',
      headers: { 'X-App': 'a' },
      transport,
    })
    await client.getConversations({ headers: { 'X-Trace': 't' } })
    expect(requests[0]!.url).toBe('http://127.0.0.1:9/rest/v2/conversation/conversations')
    expect(requests[0]!.headers).toMatchObject({ 'X-App': 'a', 'X-Trace': 't' })
  })

  it('omits undefined query parameters', async () => {
    const { transport, requests } = recordingTransport(() => json({ success: true }))
    await createConversationClient({ transport }).getConversations({ limit: 5 })
    expect(requests[0]!.url).toBe(`${BASE}/conversation/conversations?_limit=5`)
  })

  it('uses a fetch-compatible function, and globalThis.fetch looked up at call time', async () => {
    const calls: Array<[string, RequestInit]> = []
    const fetchLike = async (url: string, init: RequestInit) => {
      calls.push([url, init])
      return json({ success: true, queue_statuses: [] })
    }
    await createConversationClient({ fetch: fetchLike }).getConversationWebchatQueueStatuses()
    expect(calls[0]![0]).toBe(`${BASE}/conversation/conversations/queues/statuses`)
    expect(calls[0]![1].method).toBe('GET')

    const original = globalThis.fetch
    const client = createConversationClient()
    try {
      globalThis.fetch = (async () => json({ success: true, conversations: [] })) as typeof fetch
      expect(await client.getConversations()).toEqual({ success: true, conversations: [] })
      // @ts-expect-error a runtime without fetch
      globalThis.fetch = undefined
      const error = await client.getConversations().catch((e) => e)
      expect(error.kind).toBe('config')
      expect(error.message).toMatch(/pass \{ fetch \} or \{ transport \}/)
    } finally {
      globalThis.fetch = original
    }
  })

  it('hands fetch a plain init whose signal survives a spread by a fetch wrapper', async () => {
    // The common wrapper shape: copy init, add something. The timeout must still reach the inner fetch.
    let inner: RequestInit | undefined
    const wrapped = (_url: string, init: RequestInit) => {
      inner = { ...init, credentials: 'include' }
      return new Promise<Response>((_, reject) =>
        inner!.signal!.addEventListener('abort', () => reject(new TypeError('aborted'))),
      )
    }
    const error = await createConversationClient({ fetch: wrapped, timeoutMs: 5, retry: false })
      .getConversations()
      .catch((e) => e)
    expect(inner!.signal).toBeInstanceOf(AbortSignal)
    expect(inner).toMatchObject({ method: 'GET', credentials: 'include' })
    expect(error).toMatchObject({ kind: 'timeout', timeoutMs: 5 })
  })

  it('OPERATION_SCOPES names the scope of exactly the eleven operations, reads for the four reads', () => {
    const client = createConversationClient({ transport: recordingTransport().transport })
    const operations = Object.keys(client).filter((k) => k !== 'stats' && k !== 'onOutcome' && k !== 'call')
    expect(Object.keys(OPERATION_SCOPES).sort()).toEqual(operations.sort())
    expect(
      Object.entries(OPERATION_SCOPES)
        .filter(([, scope]) => scope === 'conversation_read')
        .map(([op]) => op)
        .sort(),
    ).toEqual([
      'getConversation',
      'getConversationMessages',
      'getConversationWebchatQueueStatuses',
      'getConversations',
    ])
  })

  it('drains the body of void operations and still honours success:false there', async () => {
    let read = false
    const { transport } = recordingTransport(() => {
      const res = new Response('')
      const text = res.text.bind(res)
      res.text = () => {
        read = true
        return text()
      }
      return res
    })
    await createConversationClient({ transport }).getAgentKeepAlive()
    expect(read).toBe(true)
    const failing = recordingTransport(() => json({ success: false, error: { developer_message: 'no' } }))
    await expect(
      createConversationClient({ transport: failing.transport }).joinConversation('c'),
    ).rejects.toMatchObject({
      kind: 'http',
      status: 200,
      developerMessage: 'no',
    })
  })

  it('passes warnings to onWarning and sees every attempt through onRequest/onResponse', async () => {
    const warnings: unknown[] = []
    const seen: string[] = []
    const { transport } = recordingTransport(() =>
      json({ success: true, warning: { warning_message: 'deprecated' }, conversations: [] }),
    )
    const client = createConversationClient({
      transport,
      onWarning: (w) => warnings.push(w),
      onRequest: (r) => {
        r.headers['X-Hooked'] = '1'
        seen.push(`req ${r.method}`)
      },
      onResponse: (res, req) => seen.push(`res ${res.status} ${req.headers['X-Hooked']}`),
    })
    await client.getConversations()
    expect(warnings).toEqual([{ warning_message: 'deprecated' }])
    expect(seen).toEqual(['req GET', 'res 200 1'])
  })
})
