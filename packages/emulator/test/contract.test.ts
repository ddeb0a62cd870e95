import { ConversationHttpError, ConversationNetworkError } from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import { EMULATOR_SIMPLE_KEY, rateLimitBody } from '../src'
import { type Mode, setup } from './helpers'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const MISSING = '00000000-0000-4000-8000-000000000000'

const httpError = async (promise: Promise<unknown>): Promise<ConversationHttpError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ConversationHttpError)
  return error as ConversationHttpError
}

describe.each<Mode>(['in-process', 'http'])('contract (%s)', (mode) => {
  let cleanup: (() => Promise<void>) | undefined
  afterEach(async () => {
    await cleanup?.()
    cleanup = undefined
  })
  const start = async (...args: Parameters<typeof setup> extends [Mode, ...infer R] ? R : never) => {
    const env = await setup(mode, ...args)
    cleanup = env.close
    return env
  }

  it('getAgentKeepAlive resolves (204)', async () => {
    const { client } = await start()
    await expect(client.getAgentKeepAlive()).resolves.toBeUndefined()
  })

  it('getAgentWebsocketAuthorization returns a JWT and a websocket URL on the emulator', async () => {
    const { client, emulator, baseUrl } = await start()
    const { agent_auth: auth, success } = await client.getAgentWebsocketAuthorization()
    expect(success).toBe(true)
    expect(auth?.conversation_participant_arn).toBe(emulator.agents[0]!.arn)
    expect(auth?.conversation_participant_name).toBe('Demo Agent')
    expect(auth?.merchant_id).toBe('DEMO')
    expect(auth?.jwt?.split('.')).toHaveLength(3)
    expect(auth?.websocket_url).toBe(`${new URL(baseUrl).origin.replace('http', 'ws')}/ws`)
    expect(auth?.twilio_accounts?.[0]?.twilio_phone_numbers?.length).toBeGreaterThan(0)
  })

  it('queue statuses change as customers arrive and agents take chats', async () => {
    const { client, emulator } = await start()
    const before = await client.getConversationWebchatQueueStatuses()
    expect(before.queue_statuses?.map((q) => q.queue_name)).toEqual(['support', 'sales'])
    const arrived = emulator.customers.arrive({
      queue: 'support',
      name: 'Ada Quinn',
      question: 'Where is my order?',
    })
    await client.updateConversationWebchatQueueStatus('support', { agent_status: 'available' })
    let support = (await client.getConversationWebchatQueueStatuses()).queue_statuses![0]!
    expect(support).toMatchObject({
      queue_name: 'support',
      agent_count: 1,
      agent_available_count: 1,
      customer_waiting_count: 1,
      customer_chat_count: 0,
      customer_active_count: 1,
    })
    expect(support.queue_entries).toEqual([
      expect.objectContaining({ conversation_participant_name: 'Ada Quinn', question: 'Where is my order?' }),
    ])
    expect(support.agents?.[0]).toMatchObject({ agent_status: 'available', next_round_robin: true })
    emulator.clock.advance(30_000)
    await client.joinConversation(arrived.conversationUuid)
    support = (await client.getConversationWebchatQueueStatuses()).queue_statuses![0]!
    expect(support).toMatchObject({
      customer_waiting_count: 0,
      customer_chat_count: 1,
      customer_average_hold_time_seconds: 30,
      queue_entries: [],
    })
    await client.updateConversationWebchatQueueStatus('support', { agent_status: 'busy' })
    support = (await client.getConversationWebchatQueueStatuses()).queue_statuses![0]!
    expect(support).toMatchObject({ agent_busy_count: 1, agent_available_count: 0 })
  })

  it('startConversation creates a conversation; getConversation returns it', async () => {
    const { client, emulator } = await start()
    const started = await client.startConversation({ add_conversation_participant_arns: ['+15550001111'] })
    const c = started.conversation!
    expect(c.conversation_uuid).toMatch(UUID)
    expect(c.medium).toBe('sms')
    expect(c.closed).toBe(false)
    expect(c.participants?.map((p) => p.conversation_participant_arn)).toEqual([
      emulator.agents[0]!.arn,
      'arn:ultracart:conversation:DEMO:participant:sms:+15550001111',
    ])
    const got = await client.getConversation(c.conversation_uuid!)
    expect(got.conversation?.conversation_uuid).toBe(c.conversation_uuid)
    expect(got.conversation?.messages).toEqual([])
    const queue = (await client.getConversationWebchatQueueStatuses()).queue_statuses![1]!
    const webchat = await client.startConversation({
      conversation_webchat_queue_uuid: queue.queue_entries?.[0]?.conversation_webchat_queue_uuid ?? undefined,
    })
    expect(webchat.conversation?.medium).toBe('websocket')
  })

  it('getConversation honours limit (newest N, oldest first)', async () => {
    const { client, emulator } = await start()
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support', question: 'q0' })
    await client.joinConversation(uuid)
    for (let i = 1; i <= 4; i++) {
      emulator.clock.advance(1000)
      emulator.customers.say(uuid, `m${i}`)
    }
    const all = await client.getConversation(uuid)
    expect(all.conversation?.messages?.map((m) => m.body)).toEqual(['q0', 'm1', 'm2', 'm3', 'm4'])
    expect(all.conversation?.message_count).toBe(5)
    expect(all.conversation?.unread_messages).toBe(true)
    const two = await client.getConversation(uuid, { limit: 2 })
    expect(two.conversation?.messages?.map((m) => m.body)).toEqual(['m3', 'm4'])
  })

  it('getConversationMessages returns message_epoch > since, oldest first, honouring limit', async () => {
    const { client, emulator } = await start()
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support', question: 'first' })
    await client.joinConversation(uuid)
    // Same clock instant: epochs must still be strictly increasing.
    const said = [
      emulator.customers.say(uuid, 'a'),
      emulator.customers.say(uuid, 'b'),
      emulator.customers.say(uuid, 'c'),
    ]
    const epochs = said.map((m) => m!.message_epoch!)
    expect(epochs[1]).toBeGreaterThan(epochs[0]!)
    expect(epochs[2]).toBeGreaterThan(epochs[1]!)
    const since = await client.getConversationMessages(uuid, epochs[0]!)
    expect(since.conversation_messages?.map((m) => m.body)).toEqual(['b', 'c'])
    const limited = await client.getConversationMessages(uuid, 0, { limit: 2 })
    expect(limited.conversation_messages?.map((m) => m.body)).toEqual(['first', 'a'])
    const none = await client.getConversationMessages(uuid, epochs[2]!)
    expect(none.conversation_messages).toEqual([])
  })

  it('getConversations pages newest to oldest with a correct result_set, filters by medium', async () => {
    const { client, emulator } = await start()
    const uuids: string[] = []
    for (let i = 0; i < 5; i++) {
      emulator.clock.advance(1000)
      uuids.push(emulator.customers.arrive({ queue: 'sales', question: `q${i}` }).conversationUuid)
    }
    await client.startConversation({ add_conversation_participant_arns: ['+15550002222'] })
    const page1 = await client.getConversations({ limit: 2, medium: 'websocket' })
    expect(page1.conversations?.map((c) => c.conversation_uuid)).toEqual([uuids[4], uuids[3]])
    expect(page1.metadata?.result_set).toEqual({
      count: 2,
      limit: 2,
      offset: 0,
      next_offset: 2,
      total_records: 5,
      more: true,
    })
    const page3 = await client.getConversations({ limit: 2, offset: 4, medium: 'websocket' })
    expect(page3.conversations?.map((c) => c.conversation_uuid)).toEqual([uuids[0]])
    expect(page3.metadata?.result_set).toMatchObject({ count: 1, offset: 4, next_offset: 5, more: false })
    expect(page3.conversations?.[0]).toMatchObject({
      last_conversation_message_body: 'q0',
      unread_messages: true,
      medium: 'websocket',
    })
    const sms = await client.getConversations({ medium: 'sms' })
    expect(sms.conversations).toHaveLength(1)
    expect(sms.metadata?.result_set).toMatchObject({ limit: 100, total_records: 1 })
    // A new message moves a conversation to the top.
    emulator.clock.advance(1000)
    emulator.customers.say(uuids[0]!, 'bump')
    const top = await client.getConversations({ limit: 1 })
    expect(top.conversations?.[0]?.conversation_uuid).toBe(uuids[0])
  })

  it('unread_messages is per calling agent', async () => {
    const { emulator, clientFor } = await start({
      agents: [
        { simpleKey: 'key-a', name: 'A' },
        { simpleKey: 'key-b', name: 'B' },
      ],
    })
    const a = clientFor({ simpleKey: 'key-a' })
    const b = clientFor({ simpleKey: 'key-b' })
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support' })
    await a.joinConversation(uuid)
    // A read frame is the only way to read; start a conversation to see "own message = read" instead.
    const started = await a.startConversation({
      add_conversation_participant_arns: [emulator.agents[1]!.arn],
    })
    const listA = await a.getConversations()
    const listB = await b.getConversations()
    const find = (list: typeof listA, id: string) =>
      list.conversations!.find((c) => c.conversation_uuid === id)!
    expect(find(listA, uuid).unread_messages).toBe(true)
    expect(find(listB, started.conversation!.conversation_uuid!).unread_messages).toBe(false)
  })

  it('join and leave update participants (joined_dts, left_dts, status)', async () => {
    const { client, emulator } = await start()
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support' })
    await client.joinConversation(uuid)
    await client.joinConversation(uuid) // idempotent
    let agent = (await client.getConversation(uuid)).conversation!.participants!.find(
      (p) => p.conversation_participant_arn === emulator.agents[0]!.arn,
    )!
    expect(agent).toMatchObject({
      status: 'active',
      joined_dts: new Date(emulator.clock.now()).toISOString(),
    })
    expect(agent.left_dts).toBeUndefined()
    emulator.clock.advance(5000)
    await client.leaveConversation(uuid)
    agent = (await client.getConversation(uuid)).conversation!.participants!.find(
      (p) => p.conversation_participant_arn === emulator.agents[0]!.arn,
    )!
    expect(agent).toMatchObject({ status: 'left', left_dts: new Date(emulator.clock.now()).toISOString() })
  })

  it('getConversationMultimediaUploadUrl returns a key and a signed URL', async () => {
    const { client, baseUrl } = await start()
    const { conversation_multimedia_upload_url: upload } =
      await client.getConversationMultimediaUploadUrl('png')
    expect(upload?.key).toMatch(/\.png$/)
    expect(upload?.url?.startsWith(`${new URL(baseUrl).origin}/uploads/${upload?.key}?expires=`)).toBe(true)
    expect(upload?.url).toContain('signature=')
  })

  describe('errors', () => {
    it('400: bad path params, bad query params, invalid JSON, bad enums', async () => {
      const { client, emulator } = await start()
      const e1 = await httpError(client.getConversation('not-a-uuid'))
      expect(e1.status).toBe(400)
      expect(e1.body).toMatchObject({
        success: false,
        error: { developer_message: 'conversation_uuid must be a UUID' },
        metadata: {},
      })
      expect(e1.restError).toBeTruthy()
      const raw = (path: string, init?: RequestInit) =>
        emulator.fetch(`http://emulator.local/rest/v2${path}`, {
          ...init,
          headers: { 'x-ultracart-simple-key': EMULATOR_SIMPLE_KEY, ...init?.headers },
        })
      for (const [path, init] of [
        ['/conversation/conversations?_limit=201', undefined],
        ['/conversation/conversations?_limit=0', undefined],
        ['/conversation/conversations?_offset=-1', undefined],
        ['/conversation/conversations?medium=fax', undefined],
        [`/conversation/conversations/${MISSING}/messages/abc`, undefined],
        [`/conversation/conversations/${MISSING}?limit=x`, undefined],
        ['/conversation/upload_url/j.pg', undefined],
        ['/conversation/conversations', { method: 'PUT', body: '{not json' }],
        ['/conversation/conversations', { method: 'PUT', body: '[1]' }],
        ['/conversation/conversations', { method: 'PUT', body: '{"add_conversation_participant_arns":"x"}' }],
        [
          '/conversation/conversations/queues/support/status',
          { method: 'PUT', body: '{"agent_status":"asleep"}' },
        ],
      ] as const) {
        const res = await raw(path, init)
        expect(res.status, path).toBe(400)
        expect(res.headers.get('UC-REST-ERROR'), path).toBeTruthy()
        expect(await res.json(), path).toMatchObject({
          success: false,
          error: { developer_message: expect.any(String) },
          metadata: {},
        })
      }
      // Through the client too (it validates limit itself, so use the raw route above for > 200).
      const e2 = await httpError(client.startConversation({ conversation_webchat_queue_uuid: MISSING }))
      expect(e2.status).toBe(400)
    })

    it('401: missing or wrong key or bearer token', async () => {
      const { clientFor, emulator } = await start()
      const e1 = await httpError(clientFor({ simpleKey: 'wrong' }).getConversations())
      expect(e1.status).toBe(401)
      expect(e1.restError).toBe('Invalid credentials.')
      expect(e1.body).toEqual({
        success: false,
        error: {
          developer_message: 'Invalid credentials.',
          user_message: 'Invalid credentials.',
          error_code: 'unauthorized',
        },
        metadata: {},
      })
      const e2 = await httpError(clientFor({ accessToken: 'nope', simpleKey: undefined }).getConversations())
      expect(e2.status).toBe(401)
      const res = await emulator.fetch('http://emulator.local/rest/v2/conversation/conversations')
      expect(res.status).toBe(401)
      expect(res.headers.get('UC-REST-ERROR')).toBe('Authentication required.')
    })

    it('bearer tokens work when configured', async () => {
      const { clientFor } = await start({ agents: [{ accessToken: 'token-1', name: 'T' }] })
      const c = clientFor({ accessToken: 'token-1', simpleKey: undefined })
      await expect(c.getConversations()).resolves.toMatchObject({ success: true })
      // A token is not a simple key.
      expect((await httpError(clientFor({ simpleKey: 'token-1' }).getConversations())).status).toBe(401)
    })

    it('bearer tokens need the scope of each operation (core OPERATION_SCOPES)', async () => {
      const { clientFor } = await start({
        agents: [
          { accessToken: 'reader', name: 'R', scopes: ['conversation_read'] },
          { accessToken: 'writer', name: 'W', scopes: ['conversation_write'] },
          { simpleKey: 'key', name: 'K' },
        ],
      })
      const reader = clientFor({ accessToken: 'reader', simpleKey: undefined })
      const writer = clientFor({ accessToken: 'writer', simpleKey: undefined })
      await expect(reader.getConversations()).resolves.toMatchObject({ success: true })
      await expect(reader.getConversationWebchatQueueStatuses()).resolves.toMatchObject({ success: true })
      const refused = await httpError(reader.getAgentKeepAlive())
      expect(refused.status).toBe(401)
      expect(refused.errorCode).toBe('insufficient_scope')
      expect(refused.restError).toBe('Not authorized for this action.')
      expect(refused.developerMessage).toBe('The access token lacks the conversation_write scope.')
      await expect(writer.getAgentKeepAlive()).resolves.toBeUndefined()
      expect((await httpError(writer.getConversations())).errorCode).toBe('insufficient_scope')
      // Simple keys are not scoped.
      await expect(clientFor({ simpleKey: 'key' }).getAgentKeepAlive()).resolves.toBeUndefined()
    })

    it('404: unknown conversation on every conversation route', async () => {
      const { client } = await start()
      for (const call of [
        client.getConversation(MISSING),
        client.getConversationMessages(MISSING, 0),
        client.joinConversation(MISSING),
        client.leaveConversation(MISSING),
      ]) {
        const e = await httpError(call)
        expect(e.status).toBe(404)
        expect(e.restError).toBe('Conversation not found.')
        expect(e.body).toMatchObject({ success: false, error: { error_code: 'not_found' }, metadata: {} })
      }
    })

    it('404: unknown queue on the status update', async () => {
      const { client } = await start()
      const e = await httpError(
        client.updateConversationWebchatQueueStatus('nope', { agent_status: 'available' }),
      )
      expect(e.status).toBe(404)
      expect(e.body).toMatchObject({ success: false, error: { error_code: 'not_found' }, metadata: {} })
    })

    it('publicUrl overrides the origin in websocket_url and upload URLs', async () => {
      const { client } = await start({ publicUrl: 'https://chat.example.test/' })
      const auth = await client.getAgentWebsocketAuthorization()
      expect(auth.agent_auth?.websocket_url).toBe('wss://chat.example.test/ws')
      const upload = await client.getConversationMultimediaUploadUrl('jpg')
      expect(
        upload.conversation_multimedia_upload_url?.url?.startsWith('https://chat.example.test/uploads/'),
      ).toBe(true)
    })

    it('410: disabled key', async () => {
      const { clientFor } = await start({ disabledKeys: ['old-key'] })
      const e = await httpError(clientFor({ simpleKey: 'old-key' }).getAgentKeepAlive())
      expect(e.status).toBe(410)
      expect(e.restError).toBe('Authorized application disabled.')
      expect(e.body).toMatchObject({
        success: false,
        error: { error_code: 'application_disabled' },
        metadata: {},
      })
    })

    it('429: the hourly leaky bucket, with the exact body, UC-REST-ERROR and Retry-After', async () => {
      const { client, emulator } = await start({ rateLimit: { rules: [{ requests: 3, perSeconds: 3600 }] } })
      for (let i = 0; i < 3; i++) await client.getAgentKeepAlive()
      const e = await httpError(client.getAgentKeepAlive())
      expect(e.status).toBe(429)
      expect(e.body).toEqual({
        error: {
          developer_message: 'rate of 3 per 3600 second(s) exceeded.',
          user_message: rateLimitBody('').error.user_message,
        },
        metadata: {},
      })
      expect(e.restError).toBe('rate of 3 per 3600 second(s) exceeded.')
      expect(e.retryAfterMs).toBe(1_200_000)
      // Leaky: a third of the window later one request fits again, not the whole bucket.
      emulator.clock.advance(1_200_000)
      await client.getAgentKeepAlive()
      expect((await httpError(client.getAgentKeepAlive())).status).toBe(429)
    })

    it('429: the default is 1,000 per hour, with the published message', async () => {
      const { emulator } = await start()
      const hit = () =>
        emulator.fetch('http://emulator.local/rest/v2/conversation/agent/keepalive', {
          headers: { 'x-ultracart-simple-key': EMULATOR_SIMPLE_KEY },
        })
      for (let i = 0; i < 1000; i++) expect((await hit()).status).toBe(204)
      const res = await hit()
      expect(res.status).toBe(429)
      expect(await res.text()).toBe(
        JSON.stringify({
          error: {
            developer_message: 'rate of 1000 per 3600 second(s) exceeded.',
            user_message: rateLimitBody('').error.user_message,
          },
          metadata: {},
        }),
      )
      expect(res.headers.get('Retry-After')).toBe('4')
    })

    it('429: concurrent requests of one key, when enabled', async () => {
      const { emulator, clientFor } = await start({ rateLimit: { rejectConcurrent: true } })
      emulator.faults.set({ latencyMs: 100 })
      const c = clientFor({ concurrency: 2 })
      const first = c.getAgentKeepAlive()
      const second = httpError(c.getAgentKeepAlive())
      await new Promise((r) => setTimeout(r, 50))
      emulator.clock.advance(100)
      await first
      const e = await second
      expect(e.status).toBe(429)
      expect(e.developerMessage).toBe('concurrent requests by one application are not allowed.')
    })

    it('500 only through fault injection, per route', async () => {
      const { client, emulator } = await start()
      emulator.faults.set({ errorRate: { getConversations: 1 } })
      const e = await httpError(client.getConversations())
      expect(e.status).toBe(500)
      expect(e.body).toMatchObject({
        success: false,
        error: { developer_message: 'injected fault (getConversations)' },
        metadata: {},
      })
      expect(e.restError).toBeTruthy()
      await expect(client.getAgentKeepAlive()).resolves.toBeUndefined()
      emulator.faults.clear()
      await expect(client.getConversations()).resolves.toMatchObject({ success: true })
    })

    it('connection reset fault: a network error', async () => {
      const { client, emulator } = await start()
      emulator.faults.set({ resetRate: 1 })
      const error = await client.getConversations().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConversationNetworkError)
      emulator.faults.clear()
      await expect(client.getConversations()).resolves.toMatchObject({ success: true })
    })

    it('405 and 404 for unknown methods and paths, with the envelope', async () => {
      const { emulator } = await start()
      const headers = { 'x-ultracart-simple-key': EMULATOR_SIMPLE_KEY }
      const r1 = await emulator.fetch('http://emulator.local/rest/v2/conversation/conversations', {
        method: 'DELETE',
        headers,
      })
      expect(r1.status).toBe(405)
      const r2 = await emulator.fetch('http://emulator.local/rest/v2/nope', { headers })
      expect(r2.status).toBe(404)
      expect(await r2.json()).toMatchObject({ success: false, metadata: {} })
    })

    it('413: body over the limit', async () => {
      const { emulator } = await start({ maxBodyBytes: 100 })
      const res = await emulator.fetch('http://emulator.local/rest/v2/conversation/conversations', {
        method: 'PUT',
        headers: { 'x-ultracart-simple-key': EMULATOR_SIMPLE_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ add_conversation_participant_arns: ['x'.repeat(200)] }),
      })
      expect(res.status).toBe(413)
      expect(await res.json()).toMatchObject({ success: false, error: { error_code: 'payload_too_large' } })
    })
  })
})
