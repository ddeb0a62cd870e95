import type { ConversationWebchatQueueStatus } from '@uc-conversation/core'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeServer, fakeSockets, flush } from '../test/fakes'
import { connectAgentSocket } from './agent-socket/connect-agent-socket'
import { type QueueStatusesState, queueStatuses, reduceQueueStatuses } from './queue-statuses'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString()
const entry = (n: number, patch: object = {}) => ({
  conversation_participant_arn: `arn:customer-${n}`,
  conversation_participant_name: `Customer ${n}`,
  // The queue's uuid (what startConversation takes): the same in every entry of the queue.
  conversation_webchat_queue_uuid: 'queue-sales',
  queue_name: 'sales',
  join_dts: at(n),
  ...patch,
})
const newMember = (e: object) => ({
  type: 'event' as const,
  event_type: 'queue new member' as const,
  event_queue_new_member: e,
})
const engage = (e: object) => ({
  type: 'event' as const,
  event_type: 'engage customer' as const,
  event_engage_customer: e,
})
const sales = (patch: Partial<ConversationWebchatQueueStatus> = {}): ConversationWebchatQueueStatus => ({
  queue_name: 'sales',
  customer_waiting_count: 1,
  customer_waiting_join_dts: at(5),
  queue_entries: [entry(5)],
  ...patch,
})

describe('reduceQueueStatuses: queue new member and engage customer', () => {
  it('a new member joins its queue’s entries and the waiting count; the oldest join time follows', () => {
    const next = reduceQueueStatuses([sales()], newMember(entry(2)))
    expect(next[0]).toMatchObject({
      customer_waiting_count: 2,
      customer_waiting_join_dts: at(2),
      queue_entries: [entry(5), entry(2)],
    })
  })

  it('a member already listed is refreshed, not counted twice; a repeat changes nothing', () => {
    const list = [sales()]
    expect(reduceQueueStatuses(list, newMember(entry(5)))).toBe(list)
    const refreshed = reduceQueueStatuses(list, newMember(entry(5, { question: 'Shipping?' })))
    expect(refreshed[0]).toMatchObject({
      customer_waiting_count: 1,
      queue_entries: [{ question: 'Shipping?' }],
    })
  })

  it('a member of a queue not listed yet adds that queue', () => {
    const next = reduceQueueStatuses([sales()], newMember(entry(7, { queue_name: 'support' })))
    expect(next.map((s) => s.queue_name)).toEqual(['sales', 'support'])
    expect(next[1]).toMatchObject({
      customer_waiting_count: 1,
      queue_entries: [{ conversation_participant_arn: 'arn:customer-7' }],
    })
  })

  it('members of a queue share its uuid: one entry per customer, the queue found by that uuid without a name', () => {
    const { queue_name: _unnamed, ...second } = entry(2)
    const two = reduceQueueStatuses([sales()], newMember(second))
    expect(two[0]).toMatchObject({ customer_waiting_count: 2 })
    expect(two[0]!.queue_entries!.map((e) => e.conversation_participant_arn)).toEqual([
      'arn:customer-5',
      'arn:customer-2',
    ])
    const engaged = reduceQueueStatuses(two, engage(second))
    expect(engaged[0]!.queue_entries!.map((e) => e.conversation_participant_arn)).toEqual(['arn:customer-5'])
  })

  it('an engaged customer leaves the waiting entries, found by queue name or in any queue', () => {
    const two = reduceQueueStatuses([sales()], newMember(entry(2)))
    const engaged = reduceQueueStatuses(two, engage(entry(2)))
    expect(engaged[0]).toMatchObject({
      customer_waiting_count: 1,
      customer_waiting_join_dts: at(5),
      queue_entries: [entry(5)],
    })
    const noQueueName = reduceQueueStatuses(
      engaged,
      engage({ conversation_participant_arn: 'arn:customer-5' }),
    )
    expect(noQueueName[0]).toMatchObject({ customer_waiting_count: 0, queue_entries: [] })
    expect(noQueueName[0]!.customer_waiting_join_dts).toBeUndefined()
    expect(reduceQueueStatuses(noQueueName, engage(entry(5)))).toBe(noQueueName)
  })

  it('ignores events without an entry identity or without a queue to put a member in', () => {
    const list = [sales()]
    expect(reduceQueueStatuses(list, newMember({ queue_name: 'sales' }))).toBe(list)
    expect(reduceQueueStatuses(list, newMember({ conversation_webchat_queue_uuid: 'queue-sales' }))).toBe(
      list,
    )
    const elsewhere = {
      conversation_participant_arn: 'arn:x',
      conversation_webchat_queue_uuid: 'queue-other',
    }
    expect(reduceQueueStatuses(list, newMember(elsewhere))).toBe(list)
    expect(reduceQueueStatuses(list, engage({ question: 'x' }))).toBe(list)
  })

  it('a customer who arrives and is engaged leaves the queue as it was; a repeat changes nothing (property)', () => {
    const waiting = fc
      .uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 6 })
      .map((ns) => ns.map((n) => entry(n)))
    fc.assert(
      fc.property(waiting, fc.integer({ min: 31, max: 40 }), (entries, n) => {
        const before = [sales({ queue_entries: entries, customer_waiting_count: entries.length })]
        const arrived = reduceQueueStatuses(before, newMember(entry(n)))
        expect(reduceQueueStatuses(arrived, newMember(entry(n)))).toBe(arrived)
        expect(arrived[0]!.customer_waiting_count).toBe(entries.length + 1)
        const engaged = reduceQueueStatuses(arrived, engage(entry(n)))
        expect(engaged[0]!.queue_entries).toEqual(entries)
        expect(engaged[0]!.customer_waiting_count).toBe(entries.length)
        const oldest = entries.map((e) => e.join_dts).sort()[0]
        expect(engaged[0]!.customer_waiting_join_dts).toBe(oldest)
      }),
    )
  })

  it('the server’s next status update replaces what the events estimated', () => {
    const estimated = reduceQueueStatuses([sales()], newMember(entry(2)))
    const update = sales({ customer_waiting_count: 9 })
    expect(
      reduceQueueStatuses(estimated, {
        type: 'event',
        event_type: 'queue status update',
        event_queue_status_update: update,
      }),
    ).toEqual([update])
  })
})

describe('queueStatuses: live members', () => {
  it('takes queue new member and engage customer events from the socket, then lets go of everything', async () => {
    const server = fakeServer()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(server.client, {
      WebSocketCtor: fakes.WebSocketCtor,
      lingerMs: 0,
      heartbeatIntervalMs: 3_600_000,
    })
    server.setQueues([sales()])
    const states: QueueStatusesState[] = []
    const sub = queueStatuses(server.client, { socket }).subscribe((s) => states.push(s))
    await flush()
    fakes.last.open()
    await flush()
    fakes.last.receive(newMember(entry(2)))
    expect(states.at(-1)).toMatchObject({ source: 'socket', statuses: [{ customer_waiting_count: 2 }] })
    fakes.last.receive(engage(entry(5)))
    expect(states.at(-1)!.statuses[0]!.queue_entries).toEqual([entry(2)])
    sub.unsubscribe()
    expect(fakes.last.isClosed).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })
})
