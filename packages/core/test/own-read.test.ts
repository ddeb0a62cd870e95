import { describe, expect, it } from 'vitest'
import { applyOwnRead, type ConversationSummary } from '../src'

const BASE = Date.UTC(2026, 0, 1)
const dts = (second: number) => new Date(BASE + second * 1000).toISOString()
const row: ConversationSummary = {
  conversation_uuid: 'c1',
  last_message_dts: dts(3),
  message_count: 4,
  unread_messages: true,
}

describe('applyOwnRead: the one rule for the agent’s own read (session lists and react-query cache)', () => {
  it.each([
    ['the row’s last message', dts(3), { ...row, unread_messages: false }],
    // The row has not heard of the message read yet: it takes its position and forgets the older count.
    [
      'a message newer than the row knows',
      dts(5),
      { conversation_uuid: 'c1', last_message_dts: dts(5), unread_messages: false },
    ],
    // A customer wrote since the message read: the server's marker stands (a read frame marks only up to it).
    ['an older message than the row knows', dts(2), row],
    ['a message without a server time', undefined, row],
    ['a message with an unreadable time', 'not a date', row],
  ] as const)('read up to %s', (_, message_dts, expected) => {
    expect(applyOwnRead(row, { message_dts })).toEqual(expected)
  })

  it('returns the summary itself when nothing changes', () => {
    const read = applyOwnRead(row, { message_dts: dts(3) })
    expect(applyOwnRead(read, { message_dts: dts(3) })).toBe(read)
    expect(applyOwnRead(row, { message_dts: dts(1) })).toBe(row)
  })
})
