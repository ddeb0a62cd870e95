import {
  type ConversationParticipant,
  type ConversationSummary,
  isParticipantPresent,
} from '@uc-conversation/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeServer, fakeSockets, flush } from '../test/fakes'
import { connectAgentSocket } from './agent-socket/connect-agent-socket'
import { type ConversationListState, conversationList, reduceConversationList } from './conversation-list'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString()
const customer: ConversationParticipant = { conversation_participant_arn: 'arn:customer', joined_dts: at(0) }
const ann = (patch: Partial<ConversationParticipant> = {}): ConversationParticipant => ({
  conversation_participant_arn: 'arn:ann',
  conversation_participant_name: 'Ann',
  joined_dts: at(1),
  ...patch,
})
const row = (patch: Partial<ConversationSummary> = {}): ConversationSummary => ({
  conversation_uuid: 'c',
  last_message_dts: at(2),
  medium: 'websocket',
  participants: [customer],
  ...patch,
})
const join = (participant: ConversationParticipant, summary?: ConversationSummary) =>
  ({
    type: 'event',
    event_type: 'participant join',
    conversation_uuid: 'c',
    ...(summary ? { event_participant_join: summary } : {}),
    event_participant_join_participant: participant,
  }) as const
const left = (participant: ConversationParticipant, summary?: ConversationSummary) =>
  ({
    type: 'event',
    event_type: 'participant left',
    conversation_uuid: 'c',
    ...(summary ? { event_participant_left: summary } : {}),
    event_participant_left_participant: participant,
  }) as const
const present = (list: readonly ConversationSummary[]) =>
  (list[0]?.participants ?? []).filter(isParticipantPresent).map((p) => p.conversation_participant_arn)

describe('reduceConversationList: participants', () => {
  it('a join or left, with or without its summary, updates the row’s participants', () => {
    const list = [row()]
    const joined = reduceConversationList(list, join(ann()))
    expect(present(joined)).toEqual(['arn:customer', 'arn:ann'])
    const gone = reduceConversationList(
      joined,
      left(ann({ left_dts: at(4) }), row({ last_message_dts: at(2) })),
    )
    expect(present(gone)).toEqual(['arn:customer'])
    expect(gone[0]!.participants).toHaveLength(2)
  })

  it('a later summary listing the participant as joined does not undo the leave; a later join does', () => {
    const gone = reduceConversationList([row({ participants: [customer, ann({ left_dts: at(4) })] })], {
      type: 'event',
      event_type: 'participant update',
      conversation_uuid: 'c',
      event_participant_update: row({ last_message_dts: at(3), participants: [customer, ann()] }),
    })
    expect(present(gone)).toEqual(['arn:customer'])
    expect(gone[0]!.last_message_dts).toBe(at(3))
    const back = reduceConversationList(gone, join(ann({ joined_dts: at(6) })))
    expect(present(back)).toEqual(['arn:customer', 'arn:ann'])
  })

  it('returns the same list for a repeated join, and a join without summary for an unknown row', () => {
    const list = reduceConversationList([row()], join(ann()))
    expect(reduceConversationList(list, join(ann()))).toBe(list)
    const other = { ...join(ann()), conversation_uuid: 'unknown' }
    expect(reduceConversationList(list, other)).toBe(list)
  })

  it('a join with the summary of a conversation not listed yet adds its row', () => {
    const list = reduceConversationList([], join(ann(), row({ participants: [customer] })))
    expect(list.map((c) => c.conversation_uuid)).toEqual(['c'])
    expect(present(list)).toEqual(['arn:customer', 'arn:ann'])
  })
})

describe('conversationList: participants live', () => {
  it('a reload that changes nothing keeps every row object (no re-render)', async () => {
    const server = fakeServer()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(server.client, { WebSocketCtor: fakes.WebSocketCtor, lingerMs: 0 })
    server.setConversations([row({ participants: [ann(), customer] })])
    const states: ConversationListState[] = []
    const sub = conversationList(server.client, { socket }).subscribe((s) => states.push(s))
    await flush()
    const first = states.at(-1)!.conversations[0]!
    expect(first.participants!.map((p) => p.conversation_participant_arn)).toEqual([
      'arn:customer',
      'arn:ann',
    ])
    fakes.last.open()
    await flush()
    expect(server.client.getConversations.mock.calls.length).toBeGreaterThanOrEqual(2)
    expect(states.at(-1)!.conversations[0]).toBe(first)
    sub.unsubscribe()
  })

  it('follows joins and leaves, and a reload’s participants beat remembered event times', async () => {
    const server = fakeServer()
    const fakes = fakeSockets()
    const socket = connectAgentSocket(server.client, { WebSocketCtor: fakes.WebSocketCtor, lingerMs: 0 })
    server.setConversations([row({ participants: [customer, ann()] })])
    const states: ConversationListState[] = []
    const sub = conversationList(server.client, { socket }).subscribe((s) => states.push(s))
    await flush()
    fakes.last.open()
    await flush()
    fakes.last.receive(left(ann({ left_dts: at(4) })))
    expect(present(states.at(-1)!.conversations)).toEqual(['arn:customer'])
    // Ann rejoined after the server's clock stepped back: her join is older than the remembered leave.
    server.setConversations([row({ participants: [customer, ann({ joined_dts: at(3) })] })])
    fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(60_000)
    fakes.last.open()
    await flush()
    expect(server.client.getConversations.mock.calls.length).toBeGreaterThanOrEqual(2)
    expect(present(states.at(-1)!.conversations)).toEqual(['arn:customer', 'arn:ann'])
    sub.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
  })
})
