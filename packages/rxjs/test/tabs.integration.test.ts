import { ConversationHttpError, createConversationClient, newClientMessageId } from '@uc-conversation/core'
import { createEmulator, type Emulator, type EmulatorServer } from '@uc-conversation/emulator'
import { asyncScheduler, filter, lastValueFrom, of, type SchedulerLike } from 'rxjs'
import { afterEach, describe, expect, it } from 'vitest'
import { type AgentSession, acrossTabs, connectAgentSocket, createAgentSession } from '../src'
import { browserCoordination } from '../src/tabs/browser-coordination'
import { shareAgentSession } from '../src/tabs/share-agent-session'
import { capture, until } from './emulator'
import { fakeOrigin } from './fake-origin'

let emulator: Emulator | undefined
let server: EmulatorServer | undefined
const tabs: AgentSession[] = []
afterEach(async () => {
  for (const t of tabs.splice(0)) t.close()
  await server?.close()
  await emulator?.close()
  emulator = undefined
  server = undefined
})

/**
 * Tabs of one origin in one process: Node's real BroadcastChannel between them, Web Locks from the in-memory
 * origin (Node has none), each tab with its own client and socket factory against the emulator over 127.0.0.1.
 * Every request of every tab is counted.
 */
async function browser() {
  emulator = createEmulator({ customers: { autoReply: false } })
  server = await emulator.listen({ port: 0, host: '127.0.0.1' })
  const origin = fakeOrigin()
  const requests: string[] = []
  const names = new Map<AgentSession, string>()
  /** `scheduler` given: the tab talks over the in-memory channel, which can cut it off (see `origin.cut`). */
  const openTab = (id: string, mode: 'locks' | 'lease' = 'locks', scheduler?: SchedulerLike) => {
    const client = createConversationClient({
      ...emulator!.clientOptions({ server: server! }),
      fetch: (input, init) => {
        requests.push(`${id} ${init?.method ?? 'GET'} ${String(input)}`)
        return fetch(input, init)
      },
    })
    const session = shareAgentSession({
      coordination: browserCoordination({
        name: 'agent',
        id,
        locks: mode === 'locks' ? origin.tab(id).locks : false,
        storage: origin.storage,
        ...(scheduler ? { scheduler, BroadcastChannel: origin.tab(id).BroadcastChannel } : {}),
      }),
      create: () =>
        createAgentSession(
          connectAgentSocket(client, { ...emulator!.socketOptions({ server: server! }), lingerMs: 0 }),
        ),
    })
    tabs.push(session)
    names.set(session, id)
    return session
  }
  /** The tab crashes: locks released by the browser, nothing said. */
  const crash = (session: AgentSession) => {
    const id = names.get(session)!
    origin.crash(id)
    session.close()
  }
  return { emulator, origin, requests, openTab, crash }
}

const leaderOf = (...sessions: AgentSession[]) => sessions.filter((s) => s.socket !== undefined)

describe('shareAgentSession: three tabs, one connection (emulator over 127.0.0.1)', () => {
  it('one websocket for the browser; every tab sees live messages; a follower’s send is delivered once and sent in every tab', async () => {
    const { emulator, requests, openTab } = await browser()
    const a = openTab('a')
    await until(() => leaderOf(a).length === 1, 'first tab leads')
    const b = openTab('b')
    const c = openTab('c')
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'Hello?' })
    await a.client.joinConversation(conversationUuid)
    const streams = [a, b, c].map((t) => capture(t.messages(conversationUuid)))
    await until(
      () => streams.every((s) => s.latest?.list.toArray().some((m) => m.body === 'Hello?')),
      'history in every tab',
    )
    await until(() => emulator.sockets.count === 1, 'the leader’s socket')
    emulator.customers.say(conversationUuid, 'Still there?')
    await until(
      () => streams.every((s) => s.latest?.list.toArray().some((m) => m.body === 'Still there?')),
      'live message in every tab',
    )
    expect(emulator.sockets.count).toBe(1)
    // Followers made no request of their own.
    expect(requests.filter((r) => !r.startsWith('a '))).toEqual([])

    const cid = newClientMessageId()
    const states: string[] = []
    const sent = lastValueFrom(
      c.send(conversationUuid, { body: 'From tab c', client_message_id: cid }).pipe(
        filter((s) => {
          states.push(s.status)
          return s.status === 'sent'
        }),
      ),
    )
    await until(
      () => streams.every((s) => s.latest?.list.toArray().some((m) => m.client_message_id === cid)),
      'pending in every tab',
    )
    await sent
    expect(states).toEqual(['pending', 'sent'])
    await until(
      () =>
        streams.every((s) =>
          s.latest?.list.toArray().some((m) => m.client_message_id === cid && m.conversation_message_uuid),
        ),
      'sent in every tab',
    )
    expect(emulator.state.messages(conversationUuid).filter((m) => m.client_message_id === cid)).toHaveLength(
      1,
    )
    expect(requests.filter((r) => !r.startsWith('a '))).toEqual([])
  })

  it.each(['closes', 'crashes'] as const)(
    'the leader %s: another tab leads within 2 s, nothing lost or doubled, sends go on once',
    async (how) => {
      const { emulator, openTab, crash } = await browser()
      const a = openTab('a')
      await until(() => leaderOf(a).length === 1, 'first tab leads')
      const b = openTab('b')
      const c = openTab('c')
      const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'Hello?' })
      await b.client.joinConversation(conversationUuid)
      const streams = [b, c].map((t) => capture(t.messages(conversationUuid)))
      const own = capture(a.messages(conversationUuid))
      await until(
        () => [...streams, own].every((s) => s.latest?.list.toArray().some((m) => m.body === 'Hello?')),
        'history in every tab',
      )
      const started = Date.now()
      if (how === 'closes') a.close()
      else crash(a)
      own.unsubscribe()
      const next = await until(() => leaderOf(b, c)[0], 'a new leader', 2000)
      const tookMs = Date.now() - started
      expect(tookMs).toBeLessThanOrEqual(2000)
      emulator.customers.say(conversationUuid, 'After the hand-off')
      const cid = newClientMessageId()
      const follower = next === b ? c : b
      await lastValueFrom(
        follower
          .send(conversationUuid, { body: 'after', client_message_id: cid })
          .pipe(filter((s) => s.status === 'sent')),
      )
      await until(
        () =>
          streams.every((s) => {
            const list = s.latest?.list.toArray() ?? []
            return (
              list.some((m) => m.body === 'After the hand-off') &&
              list.some((m) => m.client_message_id === cid)
            )
          }),
        'the new leader’s messages in every tab',
      )
      for (const s of streams) {
        const ids = s.latest!.list.toArray().map((m) => m.conversation_message_uuid ?? m.client_message_id)
        expect(new Set(ids).size).toBe(ids.length)
        expect(ids.length).toBe(emulator.state.messages(conversationUuid).length)
      }
      expect(
        emulator.state.messages(conversationUuid).filter((m) => m.client_message_id === cid),
      ).toHaveLength(1)
      await until(() => emulator.sockets.count === 1, 'one socket again')
      console.log(`tabs: leader ${how} → new leader in ${tookMs} ms`)
    },
  )

  it('a REST call of a follower goes through the leader’s client (one budget)', async () => {
    const { emulator, requests, openTab } = await browser()
    const a = openTab('a', 'lease')
    await until(() => leaderOf(a).length === 1, 'first tab leads')
    const b = openTab('b', 'lease')
    await new Promise((r) => setTimeout(r, 100))
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    await b.client.joinConversation(conversationUuid)
    const conversation = await b.client.getConversation(conversationUuid)
    expect(conversation.conversation?.conversation_uuid).toBe(conversationUuid)
    expect(requests.some((r) => r.startsWith('a ') && r.includes(conversationUuid))).toBe(true)
    expect(requests.filter((r) => r.startsWith('b '))).toEqual([])
    // The follower's client reports the leader's counters (the one budget), not an idle client of its own.
    expect(b.client.stats.sent).toBeGreaterThan(0)
    // The leader's failure reaches the follower as the same class, with its kind and status.
    const error = await b.client.getConversation('no-such-conversation').catch((e: unknown) => e)
    const direct = await a.client.getConversation('no-such-conversation').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConversationHttpError)
    expect(error).toMatchObject({ kind: 'http', status: (direct as ConversationHttpError).status })
  })

  it('split-brain: a leader partitioned from the new one (its timers stalled) gets a send through a third tab and refuses it; the server has it once', async () => {
    const { emulator, origin, openTab } = await browser()
    // Tab a's timers can be stalled (a frozen tab): then nothing of it runs but the channel's message handler.
    let stalled = false
    const stallable: SchedulerLike = {
      now: () => Date.now(),
      schedule: (work, delay, state) =>
        asyncScheduler.schedule(work as () => void, stalled ? 60_000 : (delay ?? 0), state),
    }
    const a = openTab('a', 'lease', stallable)
    await until(() => leaderOf(a).length === 1, 'a leads')
    const b = openTab('b', 'lease', asyncScheduler)
    const c = openTab('c', 'lease', asyncScheduler)
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'Hello?' })
    await c.client.joinConversation(conversationUuid)
    const seen = capture(c.messages(conversationUuid))
    await until(() => seen.latest?.list.toArray().some((m) => m.body === 'Hello?'), 'history in c')
    stalled = true
    await new Promise((r) => setTimeout(r, 500)) // the timers already due run once more
    // a and b cannot hear each other; c hears both. b (or c) takes over, a still believes it leads.
    origin.block('a', 'b')
    origin.cut('a')
    await until(() => leaderOf(b, c).length === 1, 'b or c leads', 3000)
    expect(leaderOf(a)).toEqual([a])
    origin.join('a')
    const next = leaderOf(b, c)[0]!
    const follower = next === b ? c : b
    // The follower's call reaches both leaders: only the one holding the newest term may take it.
    const cid = newClientMessageId()
    await lastValueFrom(
      follower
        .send(conversationUuid, { body: 'once', client_message_id: cid })
        .pipe(filter((s) => s.status === 'sent')),
    )
    await new Promise((r) => setTimeout(r, 1500))
    expect(emulator.state.messages(conversationUuid).filter((m) => m.client_message_id === cid)).toHaveLength(
      1,
    )
    expect(leaderOf(a)).toEqual([]) // deposed by the newer term it heard of
    stalled = false
  })

  it('a send the leader wrote but could not report before it went is not written again by the next leader', async () => {
    const { emulator, origin, openTab } = await browser()
    const a = openTab('a', 'lease', asyncScheduler)
    await until(() => leaderOf(a).length === 1, 'a leads')
    const b = openTab('b', 'lease', asyncScheduler)
    const c = openTab('c', 'lease', asyncScheduler)
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'Hello?' })
    await c.client.joinConversation(conversationUuid)
    const seen = capture(c.messages(conversationUuid))
    await until(() => seen.latest?.list.toArray().some((m) => m.body === 'Hello?'), 'history in c')
    // a still hears everyone, but nothing it says arrives: it takes the send, writes it, and its answer is lost.
    origin.blockOneWay('a', 'b')
    origin.blockOneWay('a', 'c')
    const cid = newClientMessageId()
    const sent = lastValueFrom(
      c
        .send(conversationUuid, { body: 'once', client_message_id: cid })
        .pipe(filter((s) => s.status === 'sent')),
    )
    await until(
      () => emulator.state.messages(conversationUuid).some((m) => m.client_message_id === cid),
      'a wrote it',
    )
    await until(() => leaderOf(b, c).length === 1, 'b or c leads', 3000)
    await sent
    await new Promise((r) => setTimeout(r, 1000))
    expect(emulator.state.messages(conversationUuid).filter((m) => m.client_message_id === cid)).toHaveLength(
      1,
    )
    await until(
      () =>
        seen.latest?.list.toArray().some((m) => m.client_message_id === cid && m.conversation_message_uuid),
      'sent in c',
    )
  })
})

describe('createAgentSession({ share: acrossTabs(...) }): what the hooks need, in a follower tab', () => {
  it('the agent, the socket state, frames, typing both ways and the unsent count reach a follower through the leader’s one socket', async () => {
    emulator = createEmulator({ customers: { autoReply: false } })
    server = await emulator.listen({ port: 0, host: '127.0.0.1' })
    const origin = fakeOrigin()
    const requests: string[] = []
    const openTab = (id: string) => {
      const client = createConversationClient({
        ...emulator!.clientOptions({ server: server! }),
        fetch: (input, init) => {
          requests.push(`${id} ${init?.method ?? 'GET'} ${String(input)}`)
          return fetch(input, init)
        },
      })
      const session = createAgentSession(
        () => connectAgentSocket(client, { ...emulator!.socketOptions({ server: server! }), lingerMs: 0 }),
        {
          share: acrossTabs({
            name: 'agent',
            id,
            locks: origin.tab(id).locks,
            storage: origin.storage,
            BroadcastChannel: globalThis.BroadcastChannel,
          }),
        },
      )
      tabs.push(session)
      return session
    }
    const a = openTab('a')
    await until(() => a.socket, 'the first tab leads')
    const b = openTab('b')
    expect(b.realtime).toBe(true)
    const { conversationUuid } = emulator.customers.arrive({ queue: 'support', question: 'Hello?' })
    await b.client.joinConversation(conversationUuid)

    const states = capture(b.socketState$)
    const frames = capture(b.frames$)
    const typists = capture(b.typing(conversationUuid))
    const unsent = capture(b.unsent$)
    const messages = capture(b.messages(conversationUuid))
    await until(() => states.latest?.status === 'open', 'the leader’s socket open, seen in b')
    expect(b.socket).toBeUndefined()
    expect(b.agent?.conversation_participant_arn).toBeTruthy()
    expect(b.agent?.conversation_participant_arn).toBe(a.agent?.conversation_participant_arn)

    emulator.customers.typing(conversationUuid, 'where is my ord')
    await until(() => typists.latest?.[0]?.value === 'where is my ord', 'the customer’s typing in b')
    emulator.customers.say(conversationUuid, 'Order 42?')
    await until(
      () => frames.values.some((f) => f.type === 'message' && f.message.body === 'Order 42?'),
      'the message frame in b',
    )
    await until(() => typists.latest?.length === 0, 'typing ends with the message')

    const typed = capture(b.sendTyping(conversationUuid, of('Let me check')))
    await until(
      () =>
        emulator!.customers
          .frames(conversationUuid)
          .some(
            (f) =>
              f.type === 'event' &&
              f.event_type === 'typing' &&
              (f as { event_typing?: { value?: string } }).event_typing?.value === 'Let me check',
          ),
      'b’s typing reaches the customer',
    )
    expect(typed.values).toEqual(['Let me check'])

    const cid = newClientMessageId()
    expect(() => b.validate(conversationUuid, { body: 'x'.repeat(20_001), client_message_id: cid })).toThrow(
      /body/,
    )
    await lastValueFrom(b.send(conversationUuid, { body: 'Found it', client_message_id: cid }))
    await until(
      () =>
        messages.latest?.list
          .toArray()
          .some((m) => m.client_message_id === cid && m.conversation_message_uuid),
      'sent, in b',
    )
    expect(unsent.values).toContain(1)
    await until(() => unsent.latest === 0, 'nothing unsent, in b')
    expect(b.discard(cid)).toBe(false)
    // "Retry now" in a follower: the leader's socket connects again (one socket, a second connection).
    const opened = states.values.filter((s) => s.status === 'open').length
    b.reconnect()
    await until(
      () => states.values.filter((s) => s.status === 'open').length > opened,
      'the leader’s socket reopened, seen in b',
    )
    expect(emulator.sockets.count).toBe(1)
    expect(requests.filter((r) => r.startsWith('b '))).toEqual([])
    for (const c of [states, frames, typists, unsent, messages, typed]) c.unsubscribe()
  })

  it('outside a page (no document, no BroadcastChannel given) the session is not shared: it connects by itself', async () => {
    emulator = createEmulator({ customers: { autoReply: false } })
    server = await emulator.listen({ port: 0, host: '127.0.0.1' })
    let made = 0
    const session = createAgentSession(
      () => {
        made++
        return connectAgentSocket(createConversationClient(emulator!.clientOptions({ server: server! })), {
          ...emulator!.socketOptions({ server: server! }),
          lingerMs: 0,
        })
      },
      { share: acrossTabs({ name: 'agent' }) },
    )
    tabs.push(session)
    expect(made).toBe(1)
    expect(session.socket).toBeDefined()
    expect(() =>
      createAgentSession(createConversationClient(emulator!.clientOptions({ server: server! })), {
        share: acrossTabs({ name: 'agent' }),
      }),
    ).toThrow(/connection/)
  })
})
