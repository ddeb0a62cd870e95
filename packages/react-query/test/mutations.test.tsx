import { act, renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  conversationKeys,
  useConversation,
  useConversations,
  useJoinConversation,
  useLeaveConversation,
  useMultimediaUpload,
  useStartConversation,
  useUpdateAgentStatus,
  useWebchatQueueStatuses,
} from '../src'
import { createHarness, type Harness, LIST } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('mutations', () => {
  it('join and leave update the conversation and its list row without reloading the list', async () => {
    h = createHarness({ socket: false })
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    const { result } = renderHook(
      () => ({
        list: useConversations(),
        detail: useConversation(conversationUuid),
        join: useJoinConversation(),
        leave: useLeaveConversation(),
      }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.list.isSuccess && result.current.detail.isSuccess).toBe(true))
    const agentArn = h.emulator.agents[0]!.arn
    const joined = (
      c: { participants?: { conversation_participant_arn?: string; left_dts?: string }[] } | undefined,
    ) => c?.participants?.some((p) => p.conversation_participant_arn === agentArn && !p.left_dts)
    expect(joined(result.current.detail.data)).toBe(false)
    const lists = h.count(LIST)
    await act(() => result.current.join.mutateAsync(conversationUuid))
    expect(joined(result.current.detail.data)).toBe(true)
    expect(joined(result.current.list.conversations[0])).toBe(true)
    await act(() => result.current.leave.mutateAsync(conversationUuid))
    expect(joined(result.current.detail.data)).toBe(false)
    expect(joined(result.current.list.conversations[0])).toBe(false)
    expect(h.count(LIST)).toBe(lists)
  })

  it('start puts the new conversation on top of the list without a refetch', async () => {
    h = createHarness({ socket: false })
    h.emulator.customers.arrive({ queue: 'support', question: 'Older' })
    const { result } = renderHook(() => ({ list: useConversations(), start: useStartConversation() }), {
      wrapper: h.wrapper,
    })
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true))
    const lists = h.count(LIST)
    const started = await act(() =>
      result.current.start.mutateAsync({ add_conversation_participant_arns: [] }),
    )
    expect(result.current.list.conversations[0]?.conversation_uuid).toBe(started.conversation_uuid)
    expect(h.queryClient.getQueryData(conversationKeys.detail(started.conversation_uuid!))).toEqual(started)
    expect(h.count(LIST)).toBe(lists)
    expect(h.count(/^PUT \/conversation\/conversations$/)).toBe(1)
  })

  it('updateAgentStatus is optimistic and rolled back when the request fails', async () => {
    h = createHarness()
    const agentArn = h.emulator.agents[0]!.arn
    const { result } = renderHook(
      () => ({ queues: useWebchatQueueStatuses(), update: useUpdateAgentStatus({ agentArn }) }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.queues.isSuccess).toBe(true))
    const statusIn = () =>
      result.current.queues.statuses
        .find((q) => q.queue_name === 'support')
        ?.agents?.find((a) => a.conversation_participant_arn === agentArn)?.agent_status
    await act(() => result.current.update.mutateAsync({ queueName: 'support', agentStatus: 'available' }))
    await waitFor(() => expect(statusIn()).toBe('available'))
    expect(h.queryClient.getQueryData(conversationKeys.agentStatus('support'))).toBe('available')

    h.emulator.faults.set({ errorRate: { updateConversationWebchatQueueStatus: 1 }, errorStatus: 400 })
    // The in-process request fails within a tick: record every value the entry takes.
    const seen: unknown[] = []
    const unsubscribe = h.queryClient.getQueryCache().subscribe((event) => {
      if (event.query.queryHash === JSON.stringify(conversationKeys.agentStatus('support')))
        seen.push(event.query.state.data)
    })
    act(() => {
      result.current.update.mutate({ queueName: 'support', agentStatus: 'busy' })
    })
    await waitFor(() => expect(result.current.update.isError).toBe(true))
    expect(h.queryClient.getQueryData(conversationKeys.agentStatus('support'))).toBe('available')
    expect(statusIn()).toBe('available')
    expect(result.current.update.error).toMatchObject({ status: 400 })
    unsubscribe()
    expect(seen).toContain('busy')
    expect(seen.at(-1)).toBe('available')
  })

  it('the optimistic agent row holds against live queue events during the request; a failure reverts only it', async () => {
    let release: (() => void) | undefined
    h = createHarness({
      before: (request) =>
        request.endsWith('/status') ? new Promise<void>((resolve) => (release = resolve)) : undefined,
    })
    const agentArn = h.emulator.agents[0]!.arn
    const { result } = renderHook(
      () => ({ queues: useWebchatQueueStatuses(), update: useUpdateAgentStatus({ agentArn }) }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.queues.freshness).toBe('live'))
    const support = () => result.current.queues.statuses.find((q) => q.queue_name === 'support')
    const statusIn = () =>
      support()?.agents?.find((a) => a.conversation_participant_arn === agentArn)?.agent_status
    const before = statusIn()
    const waiting = support()?.customer_waiting_count ?? 0
    expect(before).toBeDefined()
    expect(before).not.toBe('busy')

    for (const outcome of ['fails', 'succeeds'] as const) {
      release = undefined
      act(() => {
        result.current.update.mutate({ queueName: 'support', agentStatus: 'busy' })
      })
      await waitFor(() => expect(release).toBeDefined())
      expect(statusIn()).toBe('busy')
      // A queue event while the request is held: the server still says the old status.
      act(() => {
        h.emulator.customers.arrive({ queue: 'support', question: `Question while it ${outcome}` })
      })
      const expected = waiting + (outcome === 'fails' ? 1 : 2)
      await waitFor(() => expect(support()?.customer_waiting_count).toBe(expected))
      expect(statusIn()).toBe('busy')
      if (outcome === 'fails')
        h.emulator.faults.set({ errorRate: { updateConversationWebchatQueueStatus: 1 }, errorStatus: 400 })
      else h.emulator.faults.clear()
      act(() => release!())
      await waitFor(() => expect(result.current.update.isPending).toBe(false))
      // Failed: only the row goes back, the customer the live event brought stays. Succeeded: it holds.
      expect(statusIn()).toBe(outcome === 'fails' ? before : 'busy')
      expect(support()?.customer_waiting_count).toBe(expected)
    }
    // The server agrees with the row that held.
    const server = await h.client.getConversationWebchatQueueStatuses()
    expect(
      server.queue_statuses
        ?.find((q) => q.queue_name === 'support')
        ?.agents?.find((a) => a.conversation_participant_arn === agentArn)?.agent_status,
    ).toBe('busy')
  })

  it('useMultimediaUpload reports progress and returns the upload key; abort cancels', async () => {
    h = createHarness({ socket: false })
    const put = async (url: string, body: unknown, o: { onProgress: (l: number, t?: number) => void }) => {
      o.onProgress(2, 4)
      const response = await h.emulator.fetch(url, { method: 'PUT', body: body as BodyInit })
      if (!response.ok) throw new Error(`PUT ${response.status}`)
    }
    const { result } = renderHook(() => useMultimediaUpload(), { wrapper: h.wrapper })
    const file = new Uint8Array([1, 2, 3, 4])
    const key = await act(() => result.current.mutateAsync({ file, extension: 'png', put }))
    expect(key).toMatch(/\S/)
    expect(result.current.data).toBe(key)
    expect(result.current.progress).toEqual({ loaded: 4, total: 4 })

    const never = (_u: string, _b: unknown, o: { signal: AbortSignal }) =>
      new Promise<void>((_resolve, reject) =>
        o.signal.addEventListener('abort', () => reject(o.signal.reason)),
      )
    act(() => {
      result.current.mutate({ file, extension: 'png', put: never })
    })
    await waitFor(() => expect(result.current.isPending).toBe(true))
    await waitFor(() => expect(h.count(/upload_url/)).toBe(2))
    act(() => result.current.abort())
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.error?.name).toBe('AbortError')
  })
})
