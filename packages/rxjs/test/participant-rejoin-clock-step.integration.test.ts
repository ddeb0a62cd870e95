import {
  type ConversationClient,
  type ConversationParticipant,
  createConversationClient,
  isParticipantPresent,
} from '@uc-conversation/core'
import {
  createEmulator,
  createFaultProxy,
  type Emulator,
  type EmulatorServer,
  type FaultProxy,
} from '@uc-conversation/emulator'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type AgentSession,
  type AgentSocket,
  type ConversationParticipantsState,
  connectAgentSocket,
  conversationParticipantsOf,
  createAgentSession,
} from '../src'
import { capture, until } from './emulator'

/**
 * Issue 18 point 6 over the real emulator: a participant who rejoins after the server's clock stepped back 60 s
 * has a `joined_dts` older than the `left_dts` the console remembers. The server lists them active; so must the
 * session's participants, from the rejoin's events while the socket stays up and from a reconnect's reload.
 */

interface Setup {
  emulator: Emulator
  server: EmulatorServer
  proxy: FaultProxy
  /** Ann watches: her socket goes through the proxy, her session lists the participants. */
  socket: AgentSocket
  session: AgentSession
  client: ConversationClient
  /** Bo joins, leaves and rejoins over REST only. */
  bo: { client: ConversationClient; arn: string }
  /** Event types the proxy drops for Ann from now on. */
  lose: Set<string>
  dropped: string[]
}

let setup: Setup | undefined
afterEach(async () => {
  if (!setup) return
  const { session, proxy, server, emulator } = setup
  setup = undefined
  session.close()
  await proxy.close()
  await server.close()
  await emulator.close()
})

async function start(): Promise<Setup> {
  // The real clock: a step moves server time away from the wall clock the client runs on.
  const emulator = createEmulator({
    customers: { autoReply: false },
    agents: [
      { simpleKey: 'ann-key', name: 'Ann' },
      { simpleKey: 'bo-key', name: 'Bo' },
    ],
  })
  const server = await emulator.listen({ port: 0, host: '127.0.0.1' })
  const proxy = await createFaultProxy({ target: server.websocketUrl })
  emulator.setWebsocketUrlRewrite(proxy.wrap)
  const lose = new Set<string>()
  const dropped: string[] = []
  proxy.onServerFrame((frame) => {
    const type = (JSON.parse(frame) as { event_type?: string }).event_type
    if (type && lose.has(type)) {
      dropped.push(type)
      return 'drop'
    }
    return 'pass'
  })
  const client = createConversationClient(emulator.clientOptions({ server }))
  const socket = connectAgentSocket(client, { ...emulator.socketOptions({ server }), lingerMs: 0 })
  const session = createAgentSession(socket)
  const boArn = emulator.agents[1]!.arn
  const bo = {
    client: createConversationClient(emulator.clientOptions({ server, agentArn: boArn })),
    arn: boArn,
  }
  return { emulator, server, proxy, socket, session, client, bo, lose, dropped }
}

type Captured = ReturnType<typeof capture<ConversationParticipantsState>>

const presentArns = (participants: readonly ConversationParticipant[] | undefined) =>
  (participants ?? []).filter(isParticipantPresent).map((p) => p.conversation_participant_arn)

const connectionOf = (socket: AgentSocket) =>
  socket.state.status === 'open' ? socket.state.connection : undefined

/** A conversation Ann is in, her session's participants of it (live), and Bo joined and left. */
async function boJoinedAndLeft(s: Setup) {
  const { conversationUuid: uuid } = s.emulator.customers.arrive({ queue: 'support', question: 'hi' })
  await s.client.joinConversation(uuid)
  const participants = capture(conversationParticipantsOf(s.session, uuid))
  const present = () => presentArns(participants.latest?.participants)
  await until(() => participants.latest?.freshness === 'live', 'participants live')
  await s.bo.client.joinConversation(uuid)
  await until(() => present().includes(s.bo.arn), 'Bo present')
  await s.bo.client.leaveConversation(uuid)
  await until(() => participants.latest?.freshness === 'live' && !present().includes(s.bo.arn), 'Bo gone')
  const remembered = participants.latest?.participants.find(
    (p) => p.conversation_participant_arn === s.bo.arn,
  )
  expect(remembered?.left_dts).toBeDefined()
  return { uuid, participants, present, leftAt: Date.parse(String(remembered?.left_dts)) }
}

/** Steps the server clock back 60 s, Bo rejoins, and every REST answer lists him active with the older join. */
async function rejoinAfterStepBack(s: Setup, uuid: string, leftAt: number) {
  s.emulator.clock.step(-60_000)
  await s.bo.client.joinConversation(uuid)
  const listed = (await s.client.getConversation(uuid)).conversation?.participants ?? []
  expect(presentArns(listed)).toContain(s.bo.arn)
  const bo = listed.find((p) => p.conversation_participant_arn === s.bo.arn)
  // The point of the scenario: the server's join is older than the leave the session remembers.
  expect(Date.parse(String(bo?.joined_dts))).toBeLessThan(leftAt)
  const summary = (await s.client.getConversations()).conversations?.find((c) => c.conversation_uuid === uuid)
  expect(presentArns(summary?.participants)).toContain(s.bo.arn)
  expect(presentArns(s.emulator.state.conversation(uuid)?.participants)).toContain(s.bo.arn)
}

/** Drops Ann's socket (1006, no close frame) and waits for the first reload on the connection that replaces it. */
async function forceReconnect(s: Setup, participants: Captured) {
  const before = connectionOf(s.socket)
  const mark = participants.values.length
  expect(s.emulator.sockets.count).toBe(1)
  s.emulator.sockets.dropAll()
  await until(
    () => connectionOf(s.socket) !== undefined && connectionOf(s.socket) !== before,
    'a new connection',
    10_000,
  )
  return until(
    () => participants.values.slice(mark).find((v) => v.source === 'catch-up'),
    'the reload after the reconnect',
    10_000,
  )
}

describe('issue 18 point 6: a participant who rejoins after the server clock stepped back 60 s (real HTTP + websocket)', () => {
  it('shows present from the rejoin’s events while the socket stays up, and after a forced reconnect’s reload', async () => {
    setup = await start()
    const s = setup
    const { uuid, participants, present, leftAt } = await boJoinedAndLeft(s)
    const connection = connectionOf(s.socket)
    expect(connection).toBeDefined()

    await rejoinAfterStepBack(s, uuid, leftAt)
    await until(() => present().includes(s.bo.arn), 'Bo present again while the socket stays up')
    expect(connectionOf(s.socket)).toBe(connection)
    await until(() => participants.latest?.freshness === 'live', 'live')
    expect(present()).toContain(s.bo.arn)

    const reload = await forceReconnect(s, participants)
    expect(presentArns(reload.participants)).toContain(s.bo.arn)
    await until(() => participants.latest?.freshness === 'live', 'live after the reconnect')
    expect(present()).toContain(s.bo.arn)
    expect(participants.errors).toEqual([])
    participants.unsubscribe()
    expect(participants.subscriptionClosed).toBe(true)
  }, 30_000)

  it('shows present after a forced reconnect’s reload when the rejoin’s events were lost', async () => {
    setup = await start()
    const s = setup
    const { uuid, participants, present, leftAt } = await boJoinedAndLeft(s)
    const connection = connectionOf(s.socket)
    // Every frame that tells of the rejoin is lost: only a reload can show it.
    s.lose.add('participant join').add('participant update')
    await rejoinAfterStepBack(s, uuid, leftAt)
    await until(() => s.dropped.includes('participant join'), 'the rejoin lost')
    expect(connectionOf(s.socket)).toBe(connection)
    expect(present()).not.toContain(s.bo.arn)

    s.lose.clear()
    const reload = await forceReconnect(s, participants)
    expect(presentArns(reload.participants)).toContain(s.bo.arn)
    await until(() => participants.latest?.freshness === 'live', 'live after the reconnect')
    expect(present()).toContain(s.bo.arn)
    expect(participants.errors).toEqual([])
    participants.unsubscribe()
  }, 30_000)
})
