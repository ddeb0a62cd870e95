import {
  type ConversationParticipant,
  type ConversationSummary,
  type ConversationWebchatContext,
  type ConversationWebchatQueueStatus,
  isParticipantPresent,
} from '@uc-conversation/core'
import fc from 'fast-check'
import type { Observable } from 'rxjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  type AgentSocket,
  conversationContext,
  conversationList,
  conversationParticipants,
  queueStatuses,
} from '../src'
import { fakeSocketSetup, flush } from './fakes'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const REVALIDATE_MS = 10_000
const dts = (t: number) => new Date(Date.UTC(2026, 0, 1, 12) + t * 1000).toISOString()

/**
 * A model of one collection on the server: `event(n)` changes the server's state (event number `n`, times grow)
 * and returns the frames it pushes; `mock` answers the collection's REST load with the state as it is.
 */
interface Model<S> {
  open(socket: AgentSocket, client: ReturnType<typeof fakeSocketSetup>['server']['client']): Observable<S>
  mock(client: ReturnType<typeof fakeSocketSetup>['server']['client']): void
  event(choice: number, n: number): unknown[]
  /** What the state shows, and what the server holds, in the same shape. */
  shown(state: S): unknown
  server(): unknown
}

type Op =
  | { op: 'event'; choice: number }
  | { op: 'deliver' | 'duplicate' | 'lose'; pick: number }
  | { op: 'check' }

const ops = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('event' as const), choice: fc.nat(50) }),
    fc.record({
      op: fc.constantFrom('deliver' as const, 'duplicate' as const, 'lose' as const),
      pick: fc.nat(),
    }),
    fc.constant({ op: 'check' as const }),
  ),
  { maxLength: 40 },
)

/** Runs a script: frames travel a channel that loses, duplicates and reorders them; loads answer the server's state. */
async function converges<S extends { freshness: string }>(model: Model<S>, script: readonly Op[]) {
  const { server, fakes, socket } = fakeSocketSetup()
  model.mock(server.client)
  const states: S[] = []
  const sub = model.open(socket, server.client).subscribe((s) => states.push(s))
  try {
    await flush()
    fakes.last.open()
    await flush(10)
    let channel: unknown[] = []
    let n = 0
    for (const o of script) {
      if (o.op === 'event') channel.push(...model.event(o.choice, ++n))
      else if (o.op === 'check') await vi.advanceTimersByTimeAsync(REVALIDATE_MS)
      else if (channel.length) {
        const i = o.pick % channel.length
        const frame = channel[i]
        if (o.op !== 'duplicate') channel = channel.filter((_, j) => j !== i)
        if (o.op !== 'lose') fakes.last.receive(frame)
      }
      await flush(10)
    }
    // Whatever is still on its way arrives (in any order); then, with nothing more heard, the check comes.
    for (const frame of channel.reverse()) fakes.last.receive(frame)
    await flush(10)
    await vi.advanceTimersByTimeAsync(REVALIDATE_MS)
    await flush(20)
    const last = states.at(-1)!
    expect(model.shown(last)).toEqual(model.server())
    expect(last.freshness).toBe('live')
  } finally {
    sub.unsubscribe()
  }
  expect(vi.getTimerCount()).toBe(0)
}

const participantsModel = (): Model<{
  participants: readonly ConversationParticipant[]
  freshness: string
}> => {
  const arns = ['arn:customer', 'arn:ann', 'arn:bo', 'arn:cy']
  const records = new Map<string, ConversationParticipant>([
    ['arn:customer', { conversation_participant_arn: 'arn:customer', joined_dts: dts(0) }],
  ])
  const list = () => [...records.values()]
  const present = (ps: readonly ConversationParticipant[]) =>
    ps
      .filter(isParticipantPresent)
      .map((p) => p.conversation_participant_arn)
      .sort()
  return {
    open: (socket) =>
      conversationParticipants(socket, 'c', { revalidateMs: REVALIDATE_MS, pollIntervalMs: 1_000 }),
    mock: (client) =>
      client.getConversation.mockImplementation(async () => ({
        success: true,
        conversation: { conversation_uuid: 'c', participants: list() },
      })),
    event(choice, n) {
      const arn = arns[1 + (choice % 3)]!
      const known = records.get(arn)
      const joining = !known || !isParticipantPresent(known)
      const record: ConversationParticipant = joining
        ? { conversation_participant_arn: arn, joined_dts: dts(n) }
        : { ...known, left_dts: dts(n) }
      records.set(arn, record)
      const type = joining ? 'participant join' : 'participant left'
      const key = joining ? 'event_participant_join' : 'event_participant_left'
      return [
        {
          type: 'event',
          event_type: type,
          conversation_uuid: 'c',
          [key]: { conversation_uuid: 'c' },
          [`${key}_participant`]: record,
        },
        {
          type: 'event',
          event_type: 'participant update',
          conversation_uuid: 'c',
          event_participant_update: { conversation_uuid: 'c', participants: list() },
        },
      ]
    },
    shown: (s) => present(s.participants),
    server: () => present(list()),
  }
}

const queuesModel = (): Model<{ statuses: readonly ConversationWebchatQueueStatus[]; freshness: string }> => {
  const waiting: { conversation_participant_arn: string; join_dts: string }[] = []
  const status = (): ConversationWebchatQueueStatus => ({
    queue_name: 'sales',
    customer_waiting_count: waiting.length,
    queue_entries: waiting.map((e) => ({ ...e })),
  })
  return {
    open: (socket, client) =>
      queueStatuses(client, { socket, revalidateMs: REVALIDATE_MS, pollIntervalMs: 1_000 }),
    mock: (client) =>
      client.getConversationWebchatQueueStatuses.mockImplementation(async () => ({
        success: true,
        queue_statuses: [status()],
      })),
    event(choice, n) {
      if (choice % 2 === 0 || waiting.length === 0) {
        const e = { conversation_participant_arn: `arn:customer:${n}`, join_dts: dts(n) }
        waiting.push(e)
        return [
          {
            type: 'event',
            event_type: 'queue new member',
            event_queue_new_member: { ...e, queue_name: 'sales' },
          },
          { type: 'event', event_type: 'queue status update', event_queue_status_update: status() },
        ]
      }
      const [e] = waiting.splice(choice % waiting.length, 1)
      // Engaged (an `engage customer` event) or abandoned (only the status update).
      return [
        ...(choice % 3 === 0
          ? [{ type: 'event', event_type: 'engage customer', event_engage_customer: e }]
          : []),
        { type: 'event', event_type: 'queue status update', event_queue_status_update: status() },
      ]
    },
    shown: (s) => s.statuses.map((q) => q.queue_entries?.map((e) => e.conversation_participant_arn)),
    server: () => [status().queue_entries?.map((e) => e.conversation_participant_arn)],
  }
}

const contextModel = (): Model<{
  context?: ConversationWebchatContext
  items: readonly unknown[]
  freshness: string
}> => {
  const context: ConversationWebchatContext = {
    current_url: 'https://shop.test/',
    cart: { cart_id: 'cart-1', items: [], coupons: [] },
  }
  const added: string[] = []
  const skus = ['MUG', 'CAP', 'BOTTLE', 'HOODIE']
  return {
    open: (socket) =>
      conversationContext(socket, 'c', {
        revalidateMs: REVALIDATE_MS,
        pollIntervalMs: 1_000,
        load: async () => structuredClone(context),
      }),
    mock: () => {},
    event(choice, n) {
      const page = { type: 'event', event_type: 'webchat context', conversation_uuid: 'c' }
      if (choice % 3 === 0) {
        context.current_url = `https://shop.test/page-${n}`
        return [{ ...page, event_webchat_context: { url: context.current_url, cart_id: 'cart-1' } }]
      }
      const sku = skus[choice % skus.length]!
      // An agent's addition (`add item`, then the cart's `webchat context`) or the customer's own (only that).
      context.cart!.items = [...(context.cart!.items ?? []), { item_id: sku, quantity: 1 }]
      const byAgent = choice % 2 === 0
      if (byAgent) added.push(JSON.stringify({ agent_arn: 'arn:bo', items: [{ item_id: sku, quantity: n }] }))
      return [
        ...(byAgent
          ? [
              {
                type: 'event',
                event_type: 'add item',
                conversation_uuid: 'c',
                event_add_item: { agent_arn: 'arn:bo', items: [{ item_id: sku, quantity: n }] },
              },
            ]
          : []),
        { ...page, event_webchat_context: { url: context.current_url, cart_id: 'cart-1' } },
      ]
    },
    shown: (s) => ({
      cart: s.context?.cart,
      url: s.context?.current_url,
      duplicates: new Set(s.items.map((i) => JSON.stringify(i))).size === s.items.length,
    }),
    server: () => ({ cart: context.cart, url: context.current_url, duplicates: true }),
  }
}

const listModel = (): Model<{ conversations: readonly ConversationSummary[]; freshness: string }> => {
  const rows = new Map<string, ConversationSummary>()
  const view = (list: readonly ConversationSummary[]) =>
    [...list]
      .map((c) => ({ uuid: c.conversation_uuid, closed: c.closed === true, count: c.message_count }))
      .sort((a, b) => String(a.uuid).localeCompare(String(b.uuid)))
  return {
    open: (socket, client) =>
      conversationList(client, { socket, revalidateMs: REVALIDATE_MS, pollIntervalMs: 1_000 }),
    mock: (client) =>
      client.getConversations.mockImplementation(async () => ({
        success: true,
        conversations: [...rows.values()],
      })),
    event(choice, n) {
      const open = [...rows.values()].filter((c) => !c.closed)
      if (choice % 3 === 0 || open.length === 0) {
        const c: ConversationSummary = {
          conversation_uuid: `c${n}`,
          medium: 'websocket',
          closed: false,
          message_count: 1,
          last_message_dts: dts(n),
          unread_messages: true,
        }
        rows.set(c.conversation_uuid!, c)
        return [{ type: 'event', event_type: 'new conversation', event_new_conversation: { ...c } }]
      }
      const c = open[choice % open.length]!
      if (choice % 3 === 1) {
        const next = { ...c, message_count: (c.message_count ?? 0) + 1, last_message_dts: dts(n) }
        rows.set(c.conversation_uuid!, next)
        return [
          {
            type: 'event',
            event_type: 'new message',
            conversation_uuid: c.conversation_uuid,
            event_new_message: { ...next },
          },
        ]
      }
      const next = { ...c, closed: true, unread_messages: false }
      rows.set(c.conversation_uuid!, next)
      return [
        {
          type: 'event',
          event_type: 'conversation closed',
          conversation_uuid: c.conversation_uuid,
          event_conversation_closed: { ...next },
        },
      ]
    },
    shown: (s) => view(s.conversations),
    server: () => view([...rows.values()]),
  }
}

describe('any interleaving of lost, duplicated and reordered frames plus REST answers converges to the server (property)', () => {
  const models = {
    participants: participantsModel,
    queues: queuesModel,
    context: contextModel,
    list: listModel,
  }
  for (const [name, model] of Object.entries(models))
    it(`${name}: the server's state, and live, after the check that follows the last frame`, async () => {
      await fc.assert(
        fc.asyncProperty(ops, (script) => converges(model() as Model<{ freshness: string }>, script)),
        { numRuns: 60 },
      )
    }, 60_000)
})
