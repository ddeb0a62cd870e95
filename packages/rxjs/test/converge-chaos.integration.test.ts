import {
  type ConversationClient,
  createConversationClient,
  encodeAddCouponFrame,
  encodeAddItemFrame,
  isParticipantPresent,
} from '@uc-conversation/core'
import { getConversationContext } from '@uc-conversation/core/operations'
import {
  createEmulator,
  createFaultProxy,
  type Emulator,
  type EmulatorServer,
  type FaultProxy,
} from '@uc-conversation/emulator'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type AgentSocket,
  connectAgentSocket,
  conversationContext,
  conversationList,
  conversationParticipants,
  queueStatuses,
} from '../src'
import { capture, until } from './emulator'

/** Short enough to keep the test fast; what a lost event may cost at most, with nothing else to show it. */
const REVALIDATE_MS = 400
/** The bound each collection must meet: the check, plus a load over 127.0.0.1, plus slack for a loaded machine. */
const BOUND_MS = REVALIDATE_MS + 2_500

interface Setup {
  emulator: Emulator
  server: EmulatorServer
  proxy: FaultProxy
  /** Ann: her socket goes through the proxy (connection 1), so only her frames are lost. */
  client: ConversationClient
  socket: AgentSocket
  /** Bo, the other agent, connected straight to the emulator. */
  bo: { client: ConversationClient; socket: AgentSocket; arn: string }
  /** Event types the proxy drops for Ann from now on; a type listed in `duplicate` is sent twice. */
  lose: Set<string>
  duplicate: Set<string>
  dropped: string[]
  duplicated: string[]
  stop(): void
}

let setup: Setup | undefined
afterEach(async () => {
  if (!setup) return
  const { proxy, server, emulator, stop } = setup
  setup = undefined
  stop()
  await proxy.close()
  await server.close()
  await emulator.close()
})

async function start(): Promise<Setup> {
  const emulator = createEmulator({
    customers: { autoReply: false },
    agents: [
      { simpleKey: 'ann-key', name: 'Ann' },
      { simpleKey: 'bo-key', name: 'Bo' },
    ],
  })
  const server = await emulator.listen({ port: 0, host: '127.0.0.1' })
  const boArn = emulator.agents[1]!.arn
  const boClient = createConversationClient(emulator.clientOptions({ server, agentArn: boArn }))
  const boSocket = connectAgentSocket(boClient, { ...emulator.socketOptions({ server }), lingerMs: 0 })
  const bo = { client: boClient, socket: boSocket, arn: boArn }
  // A socket connects while something listens: Bo listens for the whole test.
  const boFrames = capture(boSocket.frames$)
  await until(() => boSocket.state.status === 'open', 'Bo connected')
  const proxy = await createFaultProxy({ target: server.websocketUrl })
  emulator.setWebsocketUrlRewrite(proxy.wrap)
  const lose = new Set<string>()
  const duplicate = new Set<string>()
  const dropped: string[] = []
  const duplicated: string[] = []
  proxy.onServerFrame((frame, _index, connection) => {
    if (connection !== 1) return 'pass'
    const type = (JSON.parse(frame) as { event_type?: string }).event_type
    if (type && lose.has(type)) {
      dropped.push(type)
      return 'drop'
    }
    if (type && duplicate.has(type)) {
      duplicated.push(type)
      return 'duplicate'
    }
    return 'pass'
  })
  const client = createConversationClient(emulator.clientOptions({ server }))
  const socket = connectAgentSocket(client, { ...emulator.socketOptions({ server }), lingerMs: 0 })
  return {
    emulator,
    server,
    proxy,
    client,
    socket,
    bo,
    lose,
    duplicate,
    dropped,
    duplicated,
    stop: boFrames.unsubscribe,
  }
}

/** Waits for `check` and returns how long it took (ms). */
async function within(check: () => unknown, what: string): Promise<number> {
  const t0 = Date.now()
  await until(check, what, BOUND_MS + 2_000)
  return Date.now() - t0
}

const options = { revalidateMs: REVALIDATE_MS, pollIntervalMs: 100 }

describe('with the socket up, every collection converges to the server after a lost event (real websocket, fault proxy)', () => {
  it('participants: `participant left` + `participant update` lost when an agent leaves', async () => {
    setup = await start()
    const s = setup
    const { conversationUuid: uuid } = s.emulator.customers.arrive({ queue: 'sales' })
    await s.client.joinConversation(uuid)
    await s.bo.client.joinConversation(uuid)
    const participants = capture(conversationParticipants(s.socket, uuid, options))
    const present = () =>
      participants.latest?.participants
        .filter(isParticipantPresent)
        .map((p) => p.conversation_participant_arn)
    await until(
      () => participants.latest?.freshness === 'live' && present()?.includes(s.bo.arn),
      'Bo present',
    )
    s.lose.add('participant left').add('participant update')
    await s.bo.client.leaveConversation(uuid)
    const took = await within(() => present()?.includes(s.bo.arn) === false, 'Bo gone')
    expect(s.dropped).toContain('participant left')
    expect(took).toBeLessThan(BOUND_MS)
    expect(s.socket.state.status).toBe('open')
    await until(() => participants.latest?.freshness === 'live', 'live again')
    // Converged: what the server says now.
    const server = s.emulator.state.conversation(uuid)
    const serverPresent = (server?.participants ?? [])
      .filter(isParticipantPresent)
      .map((p) => p.conversation_participant_arn)
    expect(present()?.sort()).toEqual(serverPresent.sort())
    participants.unsubscribe()
    expect(participants.errors).toEqual([])
  }, 20_000)

  it('conversation list: `participant left` + `conversation closed` lost when the customer leaves', async () => {
    setup = await start()
    const s = setup
    const { conversationUuid: uuid } = s.emulator.customers.arrive({ queue: 'sales' })
    await s.client.joinConversation(uuid)
    const list = capture(conversationList(s.client, { socket: s.socket, ...options }))
    const row = () => list.latest?.conversations.find((c) => c.conversation_uuid === uuid)
    await until(() => list.latest?.freshness === 'live' && row(), 'row listed')
    expect(row()?.closed).not.toBe(true)
    s.lose.add('participant left').add('conversation closed')
    s.emulator.customers.leave(uuid)
    const took = await within(() => row()?.closed === true, 'closed')
    expect(s.dropped).toContain('conversation closed')
    expect(took).toBeLessThan(BOUND_MS)
    expect(s.socket.state.status).toBe('open')
    list.unsubscribe()
  }, 20_000)

  it('queues: the `queue status update` after a customer abandons, and `engage customer`, lost', async () => {
    setup = await start()
    const s = setup
    const queues = capture(queueStatuses(s.client, { socket: s.socket, ...options }))
    const waiting = () =>
      queues.latest?.statuses
        .find((q) => q.queue_name === 'sales')
        ?.queue_entries?.map((e) => e.conversation_participant_arn) ?? []
    await until(() => queues.latest?.freshness === 'live', 'queues live')
    const abandons = s.emulator.customers.arrive({ queue: 'sales' })
    const engaged = s.emulator.customers.arrive({ queue: 'sales' })
    await until(() => waiting().includes(abandons.arn) && waiting().includes(engaged.arn), 'both waiting')
    s.lose.add('queue status update').add('engage customer')
    s.emulator.customers.leave(abandons.conversationUuid)
    await s.bo.client.joinConversation(engaged.conversationUuid)
    const took = await within(() => waiting().length === 0, 'no ghost members')
    expect(s.dropped).toEqual(expect.arrayContaining(['queue status update', 'engage customer']))
    expect(took).toBeLessThan(BOUND_MS)
    const server = s.emulator.state.queues().find((q) => q.queue_name === 'sales')
    expect(server?.queue_entries ?? []).toEqual([])
    queues.unsubscribe()
  }, 20_000)

  it('context: `add item`, `add coupon` and `webchat context` lost; a duplicated `add item` listed once', async () => {
    setup = await start()
    const s = setup
    const { conversationUuid: uuid } = s.emulator.customers.arrive({ queue: 'sales' })
    await s.client.joinConversation(uuid)
    await s.bo.client.joinConversation(uuid)
    const context = capture(conversationContext(s.socket, uuid, options))
    const cartItems = () => context.latest?.context?.cart?.items?.map((i) => i.item_id) ?? []
    const coupons = () => context.latest?.context?.cart?.coupons?.map((c) => c.coupon_code) ?? []
    await until(() => context.latest?.freshness === 'live', 'context live')
    // Every frame that tells of the change is lost: only the periodic check can find it.
    s.lose.add('add item').add('add coupon').add('webchat context')
    expect(s.bo.socket.send(encodeAddItemFrame(uuid, [{ item_id: 'CAP', quantity: 1 }]))).toBe(true)
    expect(s.bo.socket.send(encodeAddCouponFrame(uuid, 'CAP10'))).toBe(true)
    const took = await within(() => cartItems().includes('CAP') && coupons().includes('CAP10'), 'the cart')
    expect(s.dropped).toEqual(expect.arrayContaining(['add item', 'add coupon', 'webchat context']))
    expect(took).toBeLessThan(BOUND_MS)
    // The customer's own cart change: only `webchat context` (url and cart id) tells of it.
    s.lose.clear()
    const from = context.values.length
    s.emulator.customers.addToCart(uuid, 'MUG', 1)
    await within(() => cartItems().includes('MUG'), 'the customer’s own cart change')
    // Said as behind from the event until the cart is loaded, never as live with the old cart.
    const after = context.values.slice(from)
    const firstWithMug = after.findIndex((v) => v.context?.cart?.items?.some((i) => i.item_id === 'MUG'))
    expect(after.slice(0, firstWithMug).map((v) => v.freshness)).toContain('behind')
    expect(after.slice(0, firstWithMug).every((v) => v.freshness !== 'live' || v.source !== 'socket')).toBe(
      true,
    )
    // A duplicated `add item` frame is one addition.
    s.duplicate.add('add item')
    expect(s.bo.socket.send(encodeAddItemFrame(uuid, [{ item_id: 'BOTTLE', quantity: 1 }]))).toBe(true)
    await within(() => cartItems().includes('BOTTLE'), 'the bottle')
    await until(() => context.latest?.freshness === 'live', 'live again')
    expect(s.duplicated).toContain('add item')
    expect(context.latest?.items.filter((i) => i.items?.[0]?.item_id === 'BOTTLE')).toHaveLength(1)
    expect(context.latest?.context?.cart).toEqual((await s.client.call(getConversationContext, uuid))?.cart)
    context.unsubscribe()
  }, 20_000)
})
