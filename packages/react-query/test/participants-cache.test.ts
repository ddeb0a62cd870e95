import { QueryClient } from '@tanstack/react-query'
import type { Conversation, ConversationWebsocketFrame } from '@uc-conversation/core'
import { describe, expect, it } from 'vitest'
import { applyFrameToCache } from '../src/conversation-cache-sync'
import { conversationKeys } from '../src/conversation-keys'

const agent = {
  conversation_participant_arn: 'arn:agent',
  conversation_participant_name: 'Ann',
  joined_dts: '2026-01-01T00:00:01.000Z',
}
const customer = {
  conversation_participant_arn: 'arn:customer',
  conversation_participant_name: 'Cy',
  joined_dts: '2026-01-01T00:00:00.000Z',
}

const detail = (): Conversation => ({ conversation_uuid: 'c1', participants: [customer, agent] })
const seeded = () => {
  const queryClient = new QueryClient()
  queryClient.setQueryData(conversationKeys.detail('c1'), detail())
  return queryClient
}
const participantsOf = (queryClient: QueryClient) =>
  queryClient.getQueryData(conversationKeys.detail('c1'))?.participants

describe('participants of a cached conversation follow join and left events', () => {
  it('a left event without a summary marks the participant gone; a stale summary does not bring them back', () => {
    const queryClient = seeded()
    applyFrameToCache(queryClient, {
      type: 'event',
      event_type: 'participant left',
      conversation_uuid: 'c1',
      event_participant_left_participant: { ...agent, left_dts: '2026-01-01T00:00:05.000Z' },
    } as ConversationWebsocketFrame)
    expect(
      participantsOf(queryClient)?.find((p) => p.conversation_participant_arn === 'arn:agent')?.left_dts,
    ).toBe('2026-01-01T00:00:05.000Z')
    // A late summary (e.g. a new message event) still lists the agent without left_dts.
    applyFrameToCache(queryClient, {
      type: 'event',
      event_type: 'new message',
      conversation_uuid: 'c1',
      event_new_message: { conversation_uuid: 'c1', participants: [customer, agent] },
    } as ConversationWebsocketFrame)
    expect(
      participantsOf(queryClient)?.find((p) => p.conversation_participant_arn === 'arn:agent')?.left_dts,
    ).toBe('2026-01-01T00:00:05.000Z')
  })

  it('a join adds the newcomer; the same join again changes nothing (same array)', () => {
    const queryClient = seeded()
    const join = {
      type: 'event',
      event_type: 'participant join',
      conversation_uuid: 'c1',
      event_participant_join_participant: {
        conversation_participant_arn: 'arn:bo',
        conversation_participant_name: 'Bo',
        joined_dts: '2026-01-01T00:00:09.000Z',
      },
    } as ConversationWebsocketFrame
    applyFrameToCache(queryClient, join)
    const after = participantsOf(queryClient)
    expect(after?.map((p) => p.conversation_participant_arn)).toEqual(['arn:customer', 'arn:agent', 'arn:bo'])
    applyFrameToCache(queryClient, join)
    expect(participantsOf(queryClient)).toBe(after)
  })
})
