import type { ConversationsResponse } from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type AgentSession,
  type ConversationListChange,
  conversationListChanges,
  createAgentSession,
  writeConversationPages,
} from '../src'
import { capture, type Harness, startHarness, until } from './emulator'

let harness: Harness | undefined
let session: AgentSession | undefined
afterEach(async () => {
  session?.close()
  session = undefined
  await harness?.close()
  harness = undefined
})

/** What a paged cache holds after writing every state, starting from nothing. */
const written = (states: readonly ConversationListChange[]) =>
  states.reduce<readonly ConversationsResponse[]>((pages, s) => writeConversationPages(pages, s), [])
const rows = (pages: readonly ConversationsResponse[]) =>
  (pages[0]?.conversations ?? []).map((c) => `${c.conversation_uuid}${c.unread_messages ? '*' : ''}`)

describe('the session list with the rows each state changed (emulator over 127.0.0.1)', () => {
  it('a socket event and an own read change only their row; a late subscriber gets its first state whole; the writes end where the list is', async () => {
    harness = await startHarness()
    const { emulator, client, socket } = harness
    session = createAgentSession(socket)
    const first = emulator.customers.arrive({ queue: 'support', question: 'Where is my order?' })
    const second = emulator.customers.arrive({ queue: 'support', question: 'Do you ship abroad?' })
    await client.joinConversation(first.conversationUuid)
    await client.joinConversation(second.conversationUuid)
    const early = capture(session.conversations().pipe(conversationListChanges()))
    const row = (uuid: string) => early.latest?.conversations.find((c) => c.conversation_uuid === uuid)
    await until(
      () => row(first.conversationUuid) && row(second.conversationUuid) && early.latest?.freshness === 'live',
      'both rows, live',
    )
    expect(early.values[0]!.changed).toBeUndefined()

    const seen = early.values.length
    const before = row(first.conversationUuid)!
    emulator.customers.say(first.conversationUuid, 'Order 1234')
    const socketChanges = () =>
      early.values.slice(seen).filter((s) => s.source === 'socket' && s.changed?.length)
    await until(() => socketChanges().length, 'the new message in the list')
    for (const s of socketChanges())
      for (const c of s.changed!) expect(c.conversation_uuid).toBe(first.conversationUuid)
    expect(row(first.conversationUuid)).not.toBe(before)
    expect(row(first.conversationUuid)?.unread_messages).toBe(true)

    const beforeRead = early.values.length
    const messages = await client.getConversationMessages(first.conversationUuid, 0)
    await session.markRead(first.conversationUuid, messages.conversation_messages!.at(-1)!)
    await until(() => row(first.conversationUuid)?.unread_messages === false, 'read at once')
    const read = early.values.slice(beforeRead).find((s) => s.changed?.length)
    expect(read!.changed).toEqual([row(first.conversationUuid)])

    const late = capture(session.conversations().pipe(conversationListChanges()))
    expect(late.values).toHaveLength(1)
    expect(late.values[0]!.changed).toBeUndefined()
    expect(late.values[0]!.conversations).toBe(early.latest!.conversations)

    expect(rows(written(early.values))).toEqual(rows([{ conversations: [...early.latest!.conversations] }]))
    expect(rows(written(early.values))).toContain(first.conversationUuid)
    early.unsubscribe()
    late.unsubscribe()
  })
})
