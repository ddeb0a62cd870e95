import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeServer, fakeSockets, flush } from '../test/fakes'
import { connectAgentSocket } from './connect-agent-socket'
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
    const server = fakeServer()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(server.client, {
      WebSocketCtor: fakes.WebSocketCtor,
      lingerMs: 0,
      random: () => 0,
      heartbeatIntervalMs: 3_600_000,
    })
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
})
