import { ConversationNetworkError } from '@uc-conversation/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeServer, fakeSocketSetup, fakeSockets, flush, http } from '../test/fakes'
import { connectAgentSocket } from './agent-socket/connect-agent-socket'
import { type QueueStatusesState, queueStatuses, reduceQueueStatuses } from './queue-statuses'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const update = (status: object) => ({
  type: 'event' as const,
  event_type: 'queue status update' as const,
  event_queue_status_update: status,
})

describe('reduceQueueStatuses', () => {
  it('replaces by queue name, appends new queues, ignores other frames', () => {
    const list = [{ queue_name: 'a', agent_count: 1 }, { queue_name: 'b' }]
    expect(reduceQueueStatuses(list, update({ queue_name: 'a', agent_count: 2 }))).toEqual([
      { queue_name: 'a', agent_count: 2 },
      { queue_name: 'b' },
    ])
    expect(reduceQueueStatuses(list, update({ queue_name: 'c' }))).toHaveLength(3)
    expect(reduceQueueStatuses(list, update({}))).toBe(list)
    expect(reduceQueueStatuses(list, { type: 'ping' })).toBe(list)
  })
})

describe('queueStatuses', () => {
  it('loads, applies live updates, reloads after a reconnect, polls while down', async () => {
    const { server, fakes, socket } = fakeSocketSetup()
    server.setQueues([{ queue_name: 'sales', customer_waiting_count: 0 }])
    const states: QueueStatusesState[] = []
    const sub = queueStatuses(server.client, { socket, pollIntervalMs: 5000 }).subscribe((s) =>
      states.push(s),
    )
    await flush()
    expect(states[0]).toMatchObject({ source: 'initial', statuses: [{ queue_name: 'sales' }] })
    fakes.last.open()
    await flush()
    fakes.last.receive(update({ queue_name: 'sales', customer_waiting_count: 3 }))
    expect(states.at(-1)).toMatchObject({
      source: 'socket',
      freshness: 'live',
      statuses: [{ customer_waiting_count: 3 }],
    })
    server.setQueues([{ queue_name: 'sales', customer_waiting_count: 4 }])
    server.client.getAgentWebsocketAuthorization.mockReturnValue(new Promise(() => {}))
    fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(6000)
    expect(states.at(-1)).toMatchObject({ source: 'poll', statuses: [{ customer_waiting_count: 4 }] })
    sub.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('keeps an update that arrives while a reload is in flight', async () => {
    const server = fakeServer()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(server.client, { WebSocketCtor: fakes.WebSocketCtor, lingerMs: 0 })
    let release: (() => void) | undefined
    server.client.getConversationWebchatQueueStatuses.mockImplementationOnce(async () => {
      await new Promise<void>((r) => (release = r))
      return { success: true, queue_statuses: [{ queue_name: 'sales', agent_count: 1 }] }
    })
    const states: QueueStatusesState[] = []
    const sub = queueStatuses(server.client, { socket }).subscribe((s) => states.push(s))
    await flush()
    fakes.last.open()
    fakes.last.receive(update({ queue_name: 'sales', agent_count: 2 }))
    release?.()
    await flush()
    expect(states.at(-1)!.statuses).toEqual([{ queue_name: 'sales', agent_count: 2 }])
    sub.unsubscribe()
  })

  it('reports failed loads as error while it retries, before and after the first load; a success clears it', async () => {
    const server = fakeServer()
    server.setQueues([{ queue_name: 'sales' }])
    const down = () =>
      new ConversationNetworkError('Request failed: fetch failed', new TypeError('fetch failed'))
    server.failNext(down(), down())
    const states: QueueStatusesState[] = []
    const sub = queueStatuses(server.client, { pollIntervalMs: 5000 }).subscribe((s) => states.push(s))
    await flush()
    // Before: nothing at all until a load succeeded, so a UI said "Loading…" for as long as it failed.
    expect(states[0]).toMatchObject({ statuses: [], freshness: 'stale', error: { kind: 'network' } })
    await vi.advanceTimersByTimeAsync(60_000)
    const loaded = states.findIndex((s) => s.source === 'initial')
    expect(loaded).toBeGreaterThan(0)
    expect(states[loaded]!.error).toBeUndefined()
    expect(states[loaded]!.statuses).toEqual([{ queue_name: 'sales' }])
    // A poll that fails keeps the statuses and says why they are stale.
    server.failNext(down())
    await vi.advanceTimersByTimeAsync(60_000)
    const failedPoll = states.slice(loaded + 1).find((s) => s.error !== undefined)
    expect(failedPoll).toMatchObject({ statuses: [{ queue_name: 'sales' }], freshness: 'stale' })
    expect(states.at(-1)).toMatchObject({ source: 'poll', freshness: 'polling' })
    expect(states.at(-1)!.error).toBeUndefined()
    sub.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a permanent failure ends the stream without a failure state', async () => {
    const server = fakeServer()
    server.failNext(http(401))
    const states: QueueStatusesState[] = []
    let failed: unknown
    queueStatuses(server.client).subscribe({ next: (s) => states.push(s), error: (e) => (failed = e) })
    await flush()
    expect(states).toEqual([])
    expect(failed).toMatchObject({ status: 401 })
  })
})
