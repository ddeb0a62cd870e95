import {
  type ConversationParticipant,
  type ConversationSummary,
  ConversationValidationError,
  type ConversationWebchatContext,
  type ConversationWebchatQueueStatus,
  isParticipantPresent,
} from '@uc-conversation/core'
import type { Observable } from 'rxjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  type AgentSocket,
  conversationContext,
  conversationList,
  conversationMessages,
  conversationParticipants,
  DEFAULT_REVALIDATE,
  queueStatuses,
} from '../src'
import { fakeSocketSetup, flush } from './fakes'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString()
const customer: ConversationParticipant = {
  conversation_participant_arn: 'arn:customer',
  conversation_participant_name: 'Cy',
  joined_dts: at(0),
}
const ann: ConversationParticipant = {
  conversation_participant_arn: 'arn:ann',
  conversation_participant_name: 'Ann',
  joined_dts: at(1),
}
const entry = (arn: string) => ({ conversation_participant_arn: arn, join_dts: at(2) })
const queue = (...arns: string[]): ConversationWebchatQueueStatus => ({
  queue_name: 'sales',
  customer_waiting_count: arns.length,
  queue_entries: arns.map(entry),
})
const row = (patch: Partial<ConversationSummary> = {}): ConversationSummary => ({
  conversation_uuid: 'c',
  medium: 'websocket',
  closed: false,
  last_message_dts: at(3),
  message_count: 1,
  participants: [customer, ann],
  ...patch,
})
const cart = (...items: string[]): ConversationWebchatContext => ({
  current_url: 'https://shop.test/mug',
  cart: { cart_id: 'cart-1', items: items.map((item_id) => ({ item_id, quantity: 1 })) },
})

/** The server's state behind the fake client, and a way to change it without any frame (the event was lost). */
function setUp() {
  const t = fakeSocketSetup()
  const server = {
    participants: [customer, ann] as ConversationParticipant[],
    queues: [queue('arn:waiting')],
    rows: [row()],
    context: cart('MUG'),
  }
  t.server.client.getConversation.mockImplementation(async () => ({
    success: true,
    conversation: { conversation_uuid: 'c', participants: server.participants },
  }))
  t.server.client.getConversationWebchatQueueStatuses.mockImplementation(async () => ({
    success: true,
    queue_statuses: server.queues,
  }))
  t.server.client.getConversations.mockImplementation(async () => ({
    success: true,
    conversations: server.rows,
  }))
  const loadContext = vi.fn(async () => server.context)
  return { ...t, state: server, loadContext }
}

type Case = {
  name: string
  open(
    t: ReturnType<typeof setUp>,
    socket: AgentSocket,
    options: { revalidateMs?: number | false },
  ): Observable<{
    freshness: string
  }>
  lose(t: ReturnType<typeof setUp>): void
  converged(state: unknown): boolean
}

const present = (ps: readonly ConversationParticipant[]) =>
  ps.filter(isParticipantPresent).map((p) => p.conversation_participant_arn)

// Each collection, and the event whose loss the issue found never repaired while the socket stayed up.
const cases: Case[] = [
  {
    name: 'participants: `participant left` + `participant update` lost when an agent leaves',
    open: (_t, socket, o) => conversationParticipants(socket, 'c', o),
    lose: (t) => {
      t.state.participants = [customer, { ...ann, left_dts: at(5) }]
    },
    converged: (s) =>
      present((s as { participants: ConversationParticipant[] }).participants).join() === 'arn:customer',
  },
  {
    name: 'conversation list: `participant left` + `conversation closed` lost',
    open: (t, socket, o) => conversationList(t.server.client, { socket, ...o }),
    lose: (t) => {
      t.state.rows = [row({ closed: true, participants: [customer, { ...ann, left_dts: at(5) }] })]
    },
    converged: (s) => (s as { conversations: ConversationSummary[] }).conversations[0]?.closed === true,
  },
  {
    name: 'queues: the queue update after a customer abandons (or `engage customer`) lost',
    open: (t, socket, o) => queueStatuses(t.server.client, { socket, ...o }),
    lose: (t) => {
      t.state.queues = [queue()]
    },
    converged: (s) =>
      (s as { statuses: ConversationWebchatQueueStatus[] }).statuses[0]?.queue_entries?.length === 0,
  },
  {
    name: 'context: `add item` and `webchat context` lost',
    open: (t, socket, o) => conversationContext(socket, 'c', { load: t.loadContext, ...o }),
    lose: (t) => {
      t.state.context = cart('MUG', 'CAP')
    },
    converged: (s) =>
      (s as { context?: ConversationWebchatContext }).context?.cart?.items?.map((i) => i.item_id).join() ===
      'MUG,CAP',
  },
]

describe('every live collection converges to the server while the socket stays up (virtual time)', () => {
  for (const c of cases)
    it(`${c.name}: right again within revalidateMs, through the budget, and torn down`, async () => {
      const t = setUp()
      const states: { freshness: string }[] = []
      const sub = c.open(t, t.socket, {}).subscribe((s) => states.push(s))
      await flush()
      t.fakes.last.open()
      await flush(10)
      expect(states.at(-1)?.freshness).toBe('live')
      c.lose(t)
      // Nothing says anything was lost: right until the periodic check, and wrong at most until then.
      await vi.advanceTimersByTimeAsync(DEFAULT_REVALIDATE.revalidateMs - 1)
      expect(c.converged(states.at(-1))).toBe(false)
      await vi.advanceTimersByTimeAsync(1)
      await flush(10)
      expect(c.converged(states.at(-1))).toBe(true)
      expect(states.at(-1)?.freshness).toBe('live')
      sub.unsubscribe()
      expect(vi.getTimerCount()).toBe(0)
    })

  it('the check goes through the client’s budget: stretched like a poll, and off with revalidateMs: false', async () => {
    const t = setUp()
    t.server.budget.left = 100 // 3,600,000 / (100 × 0.25) = 144 s > 120 s
    const states: { statuses: readonly ConversationWebchatQueueStatus[] }[] = []
    const sub = queueStatuses(t.server.client, { socket: t.socket }).subscribe((s) => states.push(s))
    await flush()
    t.fakes.last.open()
    await flush(10)
    const loads = t.server.client.getConversationWebchatQueueStatuses.mock.calls.length
    await vi.advanceTimersByTimeAsync(143_999)
    expect(t.server.client.getConversationWebchatQueueStatuses).toHaveBeenCalledTimes(loads)
    await vi.advanceTimersByTimeAsync(1)
    expect(t.server.client.getConversationWebchatQueueStatuses).toHaveBeenCalledTimes(loads + 1)
    sub.unsubscribe()

    const off = setUp()
    const sub2 = queueStatuses(off.server.client, { socket: off.socket, revalidateMs: false }).subscribe()
    await flush()
    off.fakes.last.open()
    await flush(10)
    const before = off.server.client.getConversationWebchatQueueStatuses.mock.calls.length
    await vi.advanceTimersByTimeAsync(3_600_000)
    expect(off.server.client.getConversationWebchatQueueStatuses).toHaveBeenCalledTimes(before)
    sub2.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('refuses a bad revalidateMs before anything is loaded, naming the field', () => {
    const t = setUp()
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '60000' as unknown as number])
      expect(() => queueStatuses(t.server.client, { revalidateMs: bad })).toThrow(
        expect.objectContaining({ field: 'revalidateMs' }),
      )
    expect(() => conversationParticipants(t.socket, 'c', { revalidateMs: -5 })).toThrow(
      ConversationValidationError,
    )
    expect(t.server.client.getConversationWebchatQueueStatuses).not.toHaveBeenCalled()
  })
})

describe('evidence in later frames repairs at once, reported as behind meanwhile', () => {
  it('context: the customer’s own cart change (a `webchat context` for the same page) loads the cart again', async () => {
    const t = setUp()
    const states: { freshness: string; context?: ConversationWebchatContext }[] = []
    const sub = conversationContext(t.socket, 'c', { load: t.loadContext }).subscribe((s) => states.push(s))
    await flush()
    t.fakes.last.open()
    await flush(10)
    const loads = t.loadContext.mock.calls.length
    t.state.context = cart('MUG', 'CAP')
    t.fakes.last.receive({
      type: 'event',
      event_type: 'webchat context',
      conversation_uuid: 'c',
      event_webchat_context: { url: 'https://shop.test/mug', cart_id: 'cart-1' },
    })
    expect(t.loadContext).toHaveBeenCalledTimes(loads + 1)
    expect(states.at(-1)?.freshness).toBe('behind')
    await flush(10)
    expect(states.at(-1)?.context?.cart?.items?.map((i) => i.item_id)).toEqual(['MUG', 'CAP'])
    expect(states.at(-1)?.freshness).toBe('live')
    // A page change alone (the event carries the URL) needs no load.
    t.fakes.last.receive({
      type: 'event',
      event_type: 'webchat context',
      conversation_uuid: 'c',
      event_webchat_context: { url: 'https://shop.test/cap', cart_id: 'cart-1' },
    })
    expect(t.loadContext).toHaveBeenCalledTimes(loads + 1)
    expect(states.at(-1)?.context?.current_url).toBe('https://shop.test/cap')
    sub.unsubscribe()
  })

  it('participants: a message by someone not listed loads once (then behind no more), not once per message', async () => {
    const t = setUp()
    const states: { freshness: string; participants: readonly ConversationParticipant[] }[] = []
    const sub = conversationParticipants(t.socket, 'c').subscribe((s) => states.push(s))
    await flush()
    t.fakes.last.open()
    await flush(10)
    const loads = t.server.client.getConversation.mock.calls.length
    const said = (n: number) => ({
      type: 'event',
      event_type: 'new message',
      conversation_uuid: 'c',
      event_new_message: {
        conversation_uuid: 'c',
        last_conversation_participant_arn: 'arn:bot',
        last_message_dts: at(10 + n),
      },
    })
    // The server never lists this author (a bot): one load shows it, and later messages by it ask no more.
    t.fakes.last.receive(said(1))
    expect(states.at(-1)?.freshness).toBe('behind')
    await flush(10)
    expect(states.at(-1)?.freshness).toBe('live')
    for (let n = 2; n < 6; n++) t.fakes.last.receive(said(n))
    await flush(10)
    expect(t.server.client.getConversation).toHaveBeenCalledTimes(loads + 1)
    // Someone who joined while the join was lost and then writes: loaded at once.
    t.state.participants = [customer, ann, { conversation_participant_arn: 'arn:bo', joined_dts: at(20) }]
    t.fakes.last.receive({
      ...said(30),
      event_new_message: { ...said(30).event_new_message, last_conversation_participant_arn: 'arn:bo' },
    })
    await flush(10)
    expect(present(states.at(-1)!.participants)).toContain('arn:bo')
    sub.unsubscribe()
  })

  it('conversation list: a join of a conversation it lacks (its `new conversation` lost) loads at once', async () => {
    const t = setUp()
    const states: { freshness: string; conversations: readonly ConversationSummary[] }[] = []
    const sub = conversationList(t.server.client, { socket: t.socket }).subscribe((s) => states.push(s))
    await flush()
    t.fakes.last.open()
    await flush(10)
    t.state.rows = [row(), row({ conversation_uuid: 'd' })]
    t.fakes.last.receive({
      type: 'event',
      event_type: 'participant join',
      conversation_uuid: 'd',
      event_participant_join_participant: ann,
    })
    expect(states.at(-1)?.freshness).toBe('behind')
    await flush(10)
    expect(
      states
        .at(-1)
        ?.conversations.map((c) => c.conversation_uuid)
        .sort(),
    ).toEqual(['c', 'd'])
    expect(states.at(-1)?.freshness).toBe('live')
    sub.unsubscribe()
  })
})

describe('freshness never says live while known behind (the shared sync engine)', () => {
  it('after an outage the catch-up waits on the budget: behind with a warning, not live; the queued poll gives way', async () => {
    const t = setUp()
    const states: { freshness: string; warning?: unknown }[] = []
    const sub = queueStatuses(t.server.client, { socket: t.socket }).subscribe((s) => states.push(s))
    await flush()
    t.fakes.last.open()
    await flush(10)
    expect(states.at(-1)?.freshness).toBe('live')
    t.fakes.last.serverClose(1006)
    await flush()
    // The budget is spent: the poll made during the outage waits in the client's queue.
    t.server.budget.left = 0
    const signals: AbortSignal[] = []
    const answers: (() => void)[] = []
    t.server.client.getConversationWebchatQueueStatuses.mockImplementation(
      (options?: { signal?: AbortSignal }) =>
        new Promise((resolve, reject) => {
          const signal = options!.signal!
          signals.push(signal)
          signal.addEventListener('abort', () => reject(signal.reason))
          answers.push(() => resolve({ success: true, queue_statuses: t.state.queues }))
        }),
    )
    await vi.advanceTimersByTimeAsync(300_000)
    expect(signals).toHaveLength(1)
    expect(states.at(-1)?.freshness).toBe('polling')
    // The network returns: the catch-up takes the poll's place instead of queueing behind it.
    // The socket's next attempt after its backoff.
    for (
      let i = 0;
      i < 600 && !(t.socket.state.status === 'connecting' && t.fakes.last.readyState === 0);
      i++
    )
      await vi.advanceTimersByTimeAsync(100)
    t.fakes.last.open()
    await flush(10)
    expect(signals).toHaveLength(2)
    expect(signals[0]!.aborted).toBe(true)
    expect(states.at(-1)).toMatchObject({
      freshness: 'behind',
      warning: { kind: 'waiting-for-budget' },
    })
    answers[1]!()
    await flush(10)
    expect(states.at(-1)?.freshness).toBe('live')
    expect(states.at(-1)?.warning).toBeUndefined()
    // One load for the outage, not two.
    expect(signals).toHaveLength(2)
    sub.unsubscribe()
  })

  it('a message stream waiting on the budget after a reconnect says so: behind with the typed warning', async () => {
    const t = setUp()
    const states: { freshness: string; warning?: unknown }[] = []
    const sub = conversationMessages(t.server.client, 'c', { socket: t.socket }).subscribe((s) =>
      states.push(s),
    )
    await flush()
    t.fakes.last.open()
    await flush(10)
    expect(states.at(-1)).toMatchObject({ freshness: 'live' })
    expect(states.at(-1)?.warning).toBeUndefined()
    t.fakes.last.serverClose(1006)
    for (let i = 0; i < 5; i++) t.server.add('c')
    t.server.budget.left = 0
    let answer: (() => void) | undefined
    const real = t.server.client.getConversationMessages.getMockImplementation()!
    t.server.client.getConversationMessages.mockImplementationOnce(
      (...args: Parameters<typeof real>) =>
        new Promise((resolve) => {
          answer = () => resolve(real(...args))
        }),
    )
    await vi.advanceTimersByTimeAsync(1_000)
    t.fakes.last.open()
    await flush(10)
    expect(states.at(-1)).toMatchObject({ freshness: 'behind', warning: { kind: 'waiting-for-budget' } })
    t.server.budget.left = 100
    answer!()
    await flush(10)
    expect(states.at(-1)?.freshness).toBe('live')
    expect(states.at(-1)?.warning).toBeUndefined()
    sub.unsubscribe()
  })

  it('a message stream is behind, not live, until its catch-up after a reconnect has loaded', async () => {
    const t = setUp()
    const states: { freshness: string }[] = []
    const sub = conversationMessages(t.server.client, 'c', { socket: t.socket }).subscribe((s) =>
      states.push(s),
    )
    await flush()
    t.fakes.last.open()
    await flush(10)
    expect(states.at(-1)?.freshness).toBe('live')
    t.fakes.last.serverClose(1006)
    for (let i = 0; i < 5; i++) t.server.add('c')
    await flush()
    let answer: (() => void) | undefined
    const real = t.server.client.getConversationMessages.getMockImplementation()!
    t.server.client.getConversationMessages.mockImplementationOnce(
      (...args: Parameters<typeof real>) =>
        new Promise((resolve) => {
          answer = () => resolve(real(...args))
        }),
    )
    await vi.advanceTimersByTimeAsync(1_000)
    t.fakes.last.open()
    await flush(10)
    expect(states.at(-1)?.freshness).toBe('behind')
    answer!()
    await flush(10)
    expect(states.at(-1)?.freshness).toBe('live')
    sub.unsubscribe()
  })
})
