import { act, render, waitFor } from '@testing-library/react'
import type { ConversationSummary } from '@uc-conversation/core'
import { memo, Profiler } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { useConversationMessages, useConversations } from '../src'
import { createHarness, type Harness, LIST, MESSAGES } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('render economy', () => {
  it('one new message re-renders the message view once and only its list row (200 conversations)', async () => {
    h = createHarness()
    const uuids = Array.from(
      { length: 200 },
      (_, i) => h.emulator.customers.arrive({ question: `Question ${i}` }).conversationUuid,
    )
    const open = uuids[120]!
    await h.client.joinConversation(open)
    const rowRenders = new Map<string, number>()
    let viewRenders = 0
    let listRenders = 0
    // biome-ignore lint/correctness/noComponentHookFactories: the components close over this test's counters
    const Row = memo(function Row({ conversation }: { conversation: ConversationSummary }) {
      const id = conversation.conversation_uuid!
      rowRenders.set(id, (rowRenders.get(id) ?? 0) + 1)
      return (
        <li>
          {conversation.last_conversation_message_body}
          {conversation.unread_messages ? ' •' : ''}
        </li>
      )
    })
    // biome-ignore lint/correctness/noComponentHookFactories: the components close over this test's counters
    function List() {
      const { conversations } = useConversations({ limit: 200 })
      return (
        <ul>
          {conversations.map((c) => (
            <Row key={c.conversation_uuid} conversation={c} />
          ))}
        </ul>
      )
    }
    // biome-ignore lint/correctness/noComponentHookFactories: the components close over this test's counters
    function MessageView({ uuid }: { uuid: string }) {
      const { messages, freshness } = useConversationMessages(uuid)
      return (
        <section data-freshness={freshness}>
          {messages.map((m) => (
            <p key={m.conversation_message_uuid ?? m.client_message_id}>{m.body}</p>
          ))}
        </section>
      )
    }
    const view = render(
      <h.wrapper>
        <Profiler id="list" onRender={() => listRenders++}>
          <List />
        </Profiler>
        <Profiler id="view" onRender={() => viewRenders++}>
          <MessageView uuid={open} />
        </Profiler>
      </h.wrapper>,
    )
    await waitFor(() => expect(view.container.querySelectorAll('li')).toHaveLength(200))
    await waitFor(() => expect(view.container.querySelector('section')?.dataset.freshness).toBe('live'))
    await waitFor(() => expect(h.socket?.state.status).toBe('open'))
    await new Promise((r) => setTimeout(r, 200))
    rowRenders.clear()
    viewRenders = 0
    listRenders = 0
    const requests = h.requests.length
    act(() => {
      h.emulator.customers.say(open, 'A brand new message')
    })
    await waitFor(() =>
      expect(view.container.querySelector('section')?.textContent).toContain('A brand new message'),
    )
    await waitFor(() =>
      expect(view.container.querySelector('li')?.textContent).toContain('A brand new message'),
    )
    await new Promise((r) => setTimeout(r, 200))
    console.info(
      `render economy: message view ${viewRenders} render(s), list ${listRenders} render(s), rows re-rendered ${rowRenders.size} of 200 (${[...rowRenders.values()].join(',')}), requests ${h.requests.length - requests}`,
    )
    expect(viewRenders).toBe(1)
    expect([...rowRenders.keys()]).toEqual([open])
    expect(rowRenders.get(open)).toBe(1)
    expect(h.requests.length - requests).toBe(0)
    // The initial load, and a catch-up if the socket opened after it started (the sync engine's one rule).
    expect(h.count(LIST)).toBeLessThanOrEqual(2)
    expect(h.count(MESSAGES)).toBeLessThanOrEqual(2)
  })
})
