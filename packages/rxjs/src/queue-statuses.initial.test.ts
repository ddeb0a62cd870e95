import type { ConversationWebchatQueueStatus } from '@uc-conversation/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeSocketSetup, flush } from '../test/fakes'
import { type QueueStatusesState, queueStatuses } from './queue-statuses'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const queue = (name: string, waiting: number): ConversationWebchatQueueStatus => ({
  queue_name: name,
  customer_waiting_count: waiting,
})

describe('queueStatuses with `initial` (statuses prefetched on the server)', () => {
  it('emits them at once and loads only once, to catch up when the socket opens', async () => {
    const { server, fakes, socket } = fakeSocketSetup()
    server.setQueues([queue('support', 3)])
    const states: QueueStatusesState[] = []
    const sub = queueStatuses(server.client, { socket, initial: [queue('support', 2)] }).subscribe((s) =>
      states.push(s),
    )
    expect(states[0]).toMatchObject({ source: 'initial', statuses: [{ customer_waiting_count: 2 }] })
    await flush()
    expect(server.client.getConversationWebchatQueueStatuses).not.toHaveBeenCalled()
    fakes.last.open()
    await flush(10)
    expect(server.client.getConversationWebchatQueueStatuses).toHaveBeenCalledTimes(1)
    expect(states.at(-1)).toMatchObject({ source: 'catch-up', statuses: [{ customer_waiting_count: 3 }] })
    sub.unsubscribe()
  })
})
