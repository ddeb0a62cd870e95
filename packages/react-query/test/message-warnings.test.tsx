import { renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useConversationMessages } from '../src'
import { createHarness, type Harness } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('useConversationMessages warnings', () => {
  it("shows the stream's typed warning when more messages share one millisecond than the API's largest page", async () => {
    h = createHarness({ socket: false })
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    for (let i = 0; i < 230; i++) h.emulator.customers.say(conversationUuid, `same millisecond ${i}`)
    // A server that stamps all of them with one epoch: `since` cannot page inside it.
    const snapshot = h.emulator.snapshot()
    const record = snapshot.conversations.find((c) => c.uuid === conversationUuid)!
    const epoch = record.messages.at(-1)!.message_epoch!
    for (const m of record.messages) {
      m.message_epoch = epoch
      m.message_dts = new Date(epoch).toISOString()
    }
    h.emulator.restore(snapshot)

    const { result } = renderHook(() => useConversationMessages(conversationUuid), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.warnings).toEqual([{ kind: 'epoch-overflow', epoch, limit: 200 }])
    // What the API returned is there; the rest of that millisecond is what the warning is about.
    expect(result.current.messages.length).toBeGreaterThanOrEqual(200)
    expect(result.current.messages.length).toBeLessThan(231)
  })
})
