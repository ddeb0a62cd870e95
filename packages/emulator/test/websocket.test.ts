import type { EventFrameOf, MessageFrame } from '@uc-conversation/core'
import { encodeMessageFrame, encodeReadFrame, encodeTypingFrame } from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import { CLOSE_CODES } from '../src'
import { eventOf, openAgentSocket, setup, TestSocket } from './helpers'

const TWO_AGENTS = {
  agents: [
    { simpleKey: 'key-a', name: 'Alice' },
    { simpleKey: 'key-b', name: 'Bob' },
    { simpleKey: 'key-c', name: 'Carol' },
  ],
}

describe('websocket', () => {
  let cleanup: (() => Promise<void>) | undefined
  const sockets: TestSocket[] = []
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close()
    await cleanup?.()
  })
  const start = async (options = {}) => {
    const env = await setup('http', options)
    cleanup = env.close
    return env
  }
  const open = async (...args: Parameters<typeof openAgentSocket>) => {
    const s = await openAgentSocket(...args)
    sockets.push(s)
    return s
  }
  const openUrl = (url: string) => {
    const s = new TestSocket(url)
    sockets.push(s)
    return s
  }

  describe('authentication', () => {
    it('closes with 4001 when the jwt is missing', async () => {
      const { websocketUrl } = await start()
      expect(await openUrl(websocketUrl).closed).toEqual({
        code: CLOSE_CODES.UNAUTHORIZED,
        reason: 'jwt missing',
      })
    })

    it('closes with 4001 for a bad signature or garbage', async () => {
      const { websocketUrl, emulator } = await start()
      const jwt = emulator.sockets.issueJwt()
      const tampered = `${jwt.slice(0, -4)}AAAA`
      expect(await openUrl(`${websocketUrl}?jwt=${tampered}`).closed).toEqual({
        code: 4001,
        reason: 'jwt invalid (bad signature)',
      })
      expect((await openUrl(`${websocketUrl}?jwt=abc`).closed).code).toBe(4001)
      const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${jwt.split('.')[1]}.`
      expect(await openUrl(`${websocketUrl}?jwt=${none}`).closed).toEqual({
        code: 4001,
        reason: 'jwt invalid (unsupported algorithm)',
      })
    })

    it('closes with 4001 "jwt expired" for an expired jwt', async () => {
      const { websocketUrl, emulator } = await start()
      const jwt = emulator.sockets.issueJwt(undefined, -1000)
      expect(await openUrl(`${websocketUrl}?jwt=${jwt}`).closed).toEqual({
        code: 4001,
        reason: 'jwt expired',
      })
    })

    it('closes with 4000 when jwt is given twice', async () => {
      const { websocketUrl, emulator } = await start()
      const jwt = emulator.sockets.issueJwt()
      expect((await openUrl(`${websocketUrl}?jwt=${jwt}&jwt=${jwt}`).closed).code).toBe(
        CLOSE_CODES.BAD_REQUEST,
      )
    })

    it('a JWT signed by another emulator is refused', async () => {
      const { websocketUrl } = await start()
      const other = await setup('in-process')
      const jwt = other.emulator.sockets.issueJwt()
      await other.close()
      expect((await openUrl(`${websocketUrl}?jwt=${jwt}`).closed).code).toBe(4001)
    })

    it('refuses browser origins outside the CORS list and unknown paths', async () => {
      const { websocketUrl, emulator } = await start()
      const jwt = emulator.sockets.issueJwt()
      const { default: WebSocket } = await import('ws')
      const evil = new WebSocket(`${websocketUrl}?jwt=${jwt}`, { origin: 'https://evil.example' })
      evil.on('error', () => {})
      const status = await new Promise((resolve) =>
        evil.on('unexpected-response', (_req, res) => resolve(res.statusCode)),
      )
      expect(status).toBe(403)
      evil.terminate()
      const good = new WebSocket(`${websocketUrl}?jwt=${jwt}`, { origin: 'http://localhost:5173' })
      await new Promise((resolve) => good.on('open', resolve))
      good.terminate()
      const wrong = new WebSocket(websocketUrl.replace('/ws', '/nope'))
      wrong.on('error', () => {})
      const code = await new Promise((resolve) =>
        wrong.on('unexpected-response', (_req, res) => resolve(res.statusCode)),
      )
      expect(code).toBe(404)
      wrong.terminate()
    })

    it("closes a connected socket with 4001 'jwt expired' when its JWT runs out", async () => {
      const { client, emulator } = await start({ jwtTtlMs: 60_000 })
      const socket = await open(client)
      await socket.sync()
      emulator.clock.advance(59_000)
      await socket.sync()
      emulator.clock.advance(1_000)
      expect(await socket.closed).toEqual({ code: 4001, reason: 'jwt expired' })
      expect(emulator.sockets.count).toBe(0)
      // A fresh JWT from getAgentWebsocketAuthorization connects again.
      const again = await open(client)
      await again.sync()
    })

    it('expireJwts() closes every socket and invalidates issued JWTs', async () => {
      const { client, emulator, websocketUrl } = await start()
      const auth = await client.getAgentWebsocketAuthorization()
      const socket = await open(client)
      emulator.sockets.expireJwts()
      expect(await socket.closed).toEqual({ code: 4001, reason: 'jwt expired' })
      expect((await openUrl(`${websocketUrl}?jwt=${auth.agent_auth!.jwt}`).closed).reason).toBe('jwt expired')
    })
  })

  it("answers {type:'ping'} with {type:'ping'}", async () => {
    const { client } = await start()
    const socket = await open(client)
    socket.send({ type: 'ping' })
    await socket.waitFor((f) => f.type === 'ping')
  })

  it('echoes a message with client_message_id to every agent in the conversation and the customer; new message to all agents', async () => {
    const { emulator, clientFor } = await start(TWO_AGENTS)
    const [a, b, c] = [
      clientFor({ simpleKey: 'key-a' }),
      clientFor({ simpleKey: 'key-b' }),
      clientFor({ simpleKey: 'key-c' }),
    ]
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support', question: 'hello?' })
    await a.joinConversation(uuid)
    await b.joinConversation(uuid)
    const [sa, sb, sc] = [await open(a), await open(b), await open(c)]
    emulator.clock.advance(1000)
    sa.send(encodeMessageFrame(uuid, { body: 'Hi, how can I help?', client_message_id: 'cm-1' }))
    const echo = await sa.waitFor<MessageFrame>((f) => f.type === 'message')
    expect(echo.conversation_uuid).toBe(uuid)
    expect(echo.message).toMatchObject({
      client_message_id: 'cm-1',
      body: 'Hi, how can I help?',
      type: 'message',
      merchant_id: 'DEMO',
      author_conversation_participant_arn: emulator.agents[0]!.arn,
      author_conversation_participant_name: 'Alice',
      message_epoch: emulator.clock.now(),
      message_dts: new Date(emulator.clock.now()).toISOString(),
    })
    expect(echo.message.conversation_message_uuid).toMatch(/^[0-9a-f-]{36}$/)
    expect(echo.message.transport_statuses?.map((s) => s.status)).toEqual(['accepted', 'accepted'])
    const atB = await sb.waitFor<MessageFrame>((f) => f.type === 'message')
    expect(atB.message).toEqual(echo.message)
    // Carol is not in the conversation: no message frame, but the list update.
    const newMessage = await sc.waitFor<EventFrameOf<'new message'>>(eventOf('new message'))
    expect(newMessage.event_new_message).toMatchObject({
      conversation_uuid: uuid,
      last_conversation_message_body: 'Hi, how can I help?',
    })
    await sc.sync()
    expect(sc.frames.some((f) => f.type === 'message')).toBe(false)
    await sa.waitFor(eventOf('new message'))
    // The customer side got it too.
    expect(
      emulator.customers
        .frames(uuid)
        .some((f) => f.type === 'message' && f.message.client_message_id === 'cm-1'),
    ).toBe(true)
    // Stored: REST sees it.
    const stored = await a.getConversationMessages(uuid, 0)
    expect(stored.conversation_messages?.at(-1)).toEqual(echo.message)
  })

  it('epochs are strictly increasing per conversation', async () => {
    const { emulator, client } = await start()
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support' })
    await client.joinConversation(uuid)
    const s = await open(client)
    for (let i = 0; i < 5; i++)
      s.send(encodeMessageFrame(uuid, { body: `m${i}`, client_message_id: `c${i}` }))
    await s.sync()
    const epochs = s.frames.flatMap((f) => (f.type === 'message' ? [f.message.message_epoch!] : []))
    expect(epochs).toHaveLength(5)
    for (let i = 1; i < epochs.length; i++) expect(epochs[i]).toBeGreaterThan(epochs[i - 1]!)
  })

  it('transport statuses advance accepted → sent → read with updated message events', async () => {
    const { emulator, client } = await start({ customers: { autoReply: false } })
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support' })
    await client.joinConversation(uuid)
    const s = await open(client)
    s.send(encodeMessageFrame(uuid, { body: 'hello', client_message_id: 'x' }))
    const echo = await s.waitFor<MessageFrame>((f) => f.type === 'message')
    emulator.clock.advance(300)
    const sent = await s.waitFor<EventFrameOf<'updated message'>>(eventOf('updated message'))
    expect(sent.event_updated_message?.conversation_message_uuid).toBe(echo.message.conversation_message_uuid)
    expect(sent.event_updated_message?.transport_statuses?.[0]?.status).toBe('sent')
    emulator.customers.read(uuid)
    const read = await s.waitFor<EventFrameOf<'updated message'>>(
      (f) =>
        f.type === 'event' &&
        f.event_type === 'updated message' &&
        f.event_updated_message?.transport_statuses?.[0]?.status === 'read',
    )
    expect(read.event_updated_message?.client_message_id).toBe('x')
    const readEvent = await s.waitFor<EventFrameOf<'read message'>>(eventOf('read message'))
    expect(readEvent.event_read_message).toMatchObject({
      conversation_message_uuid: echo.message.conversation_message_uuid,
      message_epoch: echo.message.message_epoch,
    })
  })

  it('typing fans out with author fields to the other agents and the customer; customers type too', async () => {
    const { emulator, clientFor } = await start(TWO_AGENTS)
    const [a, b] = [clientFor({ simpleKey: 'key-a' }), clientFor({ simpleKey: 'key-b' })]
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support' })
    await a.joinConversation(uuid)
    await b.joinConversation(uuid)
    const [sa, sb] = [await open(a), await open(b)]
    sa.send(encodeTypingFrame(uuid, 'Let me ch'))
    const typing = await sb.waitFor<EventFrameOf<'typing'>>(eventOf('typing'))
    expect(typing).toEqual({
      type: 'event',
      event_type: 'typing',
      conversation_uuid: uuid,
      event_typing: {
        author_conversation_participant_arn: emulator.agents[0]!.arn,
        author_conversation_participant_name: 'Alice',
        value: 'Let me ch',
      },
    })
    await sa.sync()
    expect(sa.frames.some(eventOf('typing'))).toBe(false)
    expect(emulator.customers.frames(uuid).some(eventOf('typing'))).toBe(true)
    emulator.customers.typing(uuid, 'I ne')
    const customerTyping = await sa.waitFor<EventFrameOf<'typing'>>(eventOf('typing'))
    expect(customerTyping.event_typing).toMatchObject({
      value: 'I ne',
      author_conversation_participant_name: expect.any(String),
    })
  })

  it('a read frame marks messages read for that agent (unread_messages, statuses, read message to others)', async () => {
    const { emulator, clientFor } = await start(TWO_AGENTS)
    const [a, b] = [clientFor({ simpleKey: 'key-a' }), clientFor({ simpleKey: 'key-b' })]
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support', question: 'q' })
    await a.joinConversation(uuid)
    await b.joinConversation(uuid)
    const said = emulator.customers.say(uuid, 'anyone?')!
    const before = await a.getConversation(uuid)
    expect(before.conversation?.unread_messages).toBe(true)
    const [sa, sb] = [await open(a), await open(b)]
    sa.send(
      encodeReadFrame(uuid, {
        conversation_message_uuid: said.conversation_message_uuid!,
        message_epoch: said.message_epoch!,
      }),
    )
    const read = await sb.waitFor<EventFrameOf<'read message'>>(eventOf('read message'))
    expect(read.event_read_message?.conversation_message_uuid).toBe(said.conversation_message_uuid)
    const updated = await sb.waitFor<EventFrameOf<'updated message'>>(eventOf('updated message'))
    expect(updated.event_updated_message?.transport_statuses).toContainEqual({
      conversation_participant_arn: emulator.agents[0]!.arn,
      status: 'read',
    })
    expect((await a.getConversation(uuid)).conversation?.unread_messages).toBe(false)
    expect((await b.getConversation(uuid)).conversation?.unread_messages).toBe(true)
  })

  it('pushes new conversation, participant update, queue status update, conversation closed; queue position to waiting customers', async () => {
    const { emulator, client } = await start({ customers: { autoReply: false } })
    const s = await open(client)
    const first = emulator.customers.arrive({ queue: 'support', name: 'First' })
    const second = emulator.customers.arrive({ queue: 'support', name: 'Second' })
    const created = await s.waitFor<EventFrameOf<'new conversation'>>(eventOf('new conversation'))
    expect(created.event_new_conversation).toMatchObject({
      conversation_uuid: first.conversationUuid,
      medium: 'websocket',
      message_count: 1,
    })
    const queued = await s.waitFor<EventFrameOf<'queue status update'>>(
      (f) =>
        f.type === 'event' &&
        f.event_type === 'queue status update' &&
        f.event_queue_status_update?.customer_waiting_count === 2,
    )
    expect(queued.event_queue_status_update?.queue_name).toBe('support')
    const positions = () =>
      emulator.customers
        .frames(second.conversationUuid)
        .flatMap((f) =>
          f.type === 'event' && f.event_type === 'queue position' ? [f.event_queue_position?.position] : [],
        )
    expect(positions()).toEqual([2])
    await client.joinConversation(first.conversationUuid)
    const joined = await s.waitFor<EventFrameOf<'participant update'>>(eventOf('participant update'))
    expect(joined.event_participant_update?.participants?.map((p) => p.status)).toEqual(['active', 'active'])
    expect(positions()).toEqual([2, 1])
    await s.waitFor(
      (f) =>
        f.type === 'event' &&
        f.event_type === 'queue status update' &&
        f.event_queue_status_update?.customer_chat_count === 1,
    )
    emulator.customers.leave(first.conversationUuid)
    const closed = await s.waitFor<EventFrameOf<'conversation closed'>>(eventOf('conversation closed'))
    expect(closed.event_conversation_closed).toMatchObject({
      conversation_uuid: first.conversationUuid,
      closed: true,
    })
    s.send({ type: 'check queue position', conversation_uuid: second.conversationUuid })
    const pos = await s.waitFor<EventFrameOf<'queue position'>>(eventOf('queue position'))
    expect(pos.event_queue_position).toEqual({ available: false, position: 1 })
  })

  it('ignores messages to conversations the agent has not joined, and to closed ones', async () => {
    const { emulator, client } = await start()
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support' })
    const s = await open(client)
    s.send(encodeMessageFrame(uuid, { body: 'not joined', client_message_id: '1' }))
    await s.sync()
    await client.joinConversation(uuid)
    emulator.customers.leave(uuid)
    s.send(encodeMessageFrame(uuid, { body: 'closed', client_message_id: '2' }))
    await s.sync()
    expect(s.frames.some((f) => f.type === 'message')).toBe(false)
    expect(emulator.state.messages(uuid)).toHaveLength(1)
  })

  it('simulated customers reply on the clock (typing first), then say goodbye and leave', async () => {
    const { emulator, client } = await start({
      customers: {
        replyDelayMs: [1000, 1000],
        typingChance: 1,
        exchanges: [1, 1],
        readDelayMs: 100,
        leaveDelayMs: 2000,
      },
    })
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support' })
    await client.joinConversation(uuid)
    const s = await open(client)
    s.send(encodeMessageFrame(uuid, { body: 'Hello!', client_message_id: 'h' }))
    await s.waitFor((f) => f.type === 'message')
    emulator.clock.advance(500)
    const typing = await s.waitFor<EventFrameOf<'typing'>>(eventOf('typing'))
    expect(typing.event_typing?.value?.length).toBeGreaterThan(0)
    emulator.clock.advance(500)
    const reply = await s.waitFor<MessageFrame>(
      (f) =>
        f.type === 'message' && f.message.author_conversation_participant_arn !== emulator.agents[0]!.arn,
    )
    expect(reply.message.body).toMatch(/thank|bye|solves/i)
    emulator.clock.advance(2000)
    await s.waitFor(eventOf('conversation closed'))
    expect(emulator.state.conversation(uuid)?.closed).toBe(true)
  })

  it('keeps working after bad frames (never closes for them)', async () => {
    const { client } = await start()
    const s = await open(client)
    for (const bad of [
      '',
      'nope',
      '[]',
      '{"type":"warp"}',
      '{"type":"message"}',
      '{"type":"event","event_type":"typing"}',
      'null',
    ])
      s.send(bad)
    s.raw.send(Buffer.from([0xff, 0x00]), { binary: true })
    await s.sync()
  })

  it('keepalive lapse makes the agent unavailable and pushes a queue status update', async () => {
    const { emulator, client } = await start({ keepAliveTimeoutMs: 120_000 })
    const s = await open(client)
    await client.updateConversationWebchatQueueStatus('support', { agent_status: 'available' })
    emulator.clock.advance(100_000)
    await client.getAgentKeepAlive()
    emulator.clock.advance(100_000)
    expect(emulator.state.agents()[0]?.statuses.support).toBe('available')
    emulator.clock.advance(20_000)
    expect(emulator.state.agents()[0]?.statuses.support).toBe('unavailable')
    await s.waitFor(
      (f) =>
        f.type === 'event' &&
        f.event_type === 'queue status update' &&
        f.event_queue_status_update?.agent_unavailable_count === 1 &&
        f.event_queue_status_update.queue_name === 'support',
    )
  })
})
