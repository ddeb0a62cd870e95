import type { ConversationMessage } from '@uc-conversation/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flush, messageFrame, messagesStream } from '../test/fakes'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const C = 'conv-1'
// Fields today's API added to the 2022 message model.
const today = {
  language_iso_code: 'de',
  message_type: 'text',
  delay_until_dts: '2026-01-01T12:01:00.000Z',
  translations: [{ language_iso_code: 'en', body: 'Hello' }],
  type: 'engagement prompt',
} satisfies Partial<ConversationMessage>

describe('conversationMessages: fields of today’s API', () => {
  it('flow untouched through the load, a live frame and a later update of the same message', async () => {
    const { server, fakes, states, subscribe } = messagesStream(C)
    const loaded = server.add(C, { body: 'Hallo', ...today })
    const sub = subscribe()
    await flush()
    expect(states.at(-1)!.list.toArray()).toEqual([loaded])
    fakes.last.open()
    await flush()
    const live = server.add(C, { body: 'Guten Tag', ...today })
    fakes.last.receive(messageFrame(C, live))
    expect(states.at(-1)!.list.toArray()).toEqual([loaded, live])
    // A transport status update carries none of them: the merge keeps what the message had.
    fakes.last.receive({
      type: 'event',
      event_type: 'updated message',
      conversation_uuid: C,
      event_updated_message: {
        conversation_message_uuid: live.conversation_message_uuid,
        message_epoch: live.message_epoch,
        transport_statuses: [{ conversation_participant_arn: 'arn:customer', status: 'read' }],
      },
    })
    expect(states.at(-1)!.list.toArray()[1]).toMatchObject({ ...live, ...today })
    sub.unsubscribe()
  })
})
