import { act, renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useUpdateAgentStatus, useWebchatQueueStatuses } from '../src'
import { createHarness, type Harness } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('a failed status change (issue 18 point 12)', () => {
  it('a 503 clears once a later request succeeds; a refusal (400) stays', async () => {
    h = createHarness()
    const agentArn = h.emulator.agents[0]!.arn
    const { result } = renderHook(
      () => ({ queues: useWebchatQueueStatuses(), update: useUpdateAgentStatus({ agentArn }) }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.queues.isSuccess).toBe(true))
    h.emulator.faults.set({ errorRate: { updateConversationWebchatQueueStatus: 1 }, errorStatus: 503 })
    act(() => result.current.update.mutate({ queueName: 'support', agentStatus: 'busy' }))
    await waitFor(() => expect(result.current.update.isError).toBe(true), { timeout: 8000 })
    expect(result.current.update.error).toMatchObject({ status: 503 })
    h.emulator.faults.clear()
    await act(() => h.client.getConversations({ limit: 1 }))
    await waitFor(() => expect(result.current.update.isError).toBe(false))
    expect(result.current.update.isIdle).toBe(true)

    h.emulator.faults.set({ errorRate: { updateConversationWebchatQueueStatus: 1 }, errorStatus: 400 })
    act(() => result.current.update.mutate({ queueName: 'support', agentStatus: 'busy' }))
    await waitFor(() => expect(result.current.update.isError).toBe(true))
    h.emulator.faults.clear()
    await act(() => h.client.getConversations({ limit: 1 }))
    expect(result.current.update.error).toMatchObject({ status: 400 })
  }, 15_000)
})
