import type { ConversationMessage } from '@uc-conversation/core'
import { describe, expect, it } from 'vitest'
import { deliveryStatus } from './delivery-status'

const pending = { body: 'hi', client_message_id: 'cid-1' } as ConversationMessage
const stored = {
  body: 'hi',
  client_message_id: 'cid-1',
  conversation_message_uuid: 'm1',
} as ConversationMessage

describe('deliveryStatus', () => {
  it('reads the failed ids from an emission’s array, a set, or the outbox', () => {
    expect(deliveryStatus(pending)).toBe('pending')
    expect(deliveryStatus(pending, [])).toBe('pending')
    expect(deliveryStatus(pending, ['cid-0', 'cid-1'])).toBe('failed')
    expect(deliveryStatus(pending, new Set(['cid-1']))).toBe('failed')
    expect(deliveryStatus(pending, new Set(['cid-2']))).toBe('pending')
    const outbox = new Map([['cid-1', { status: 'failed' }]])
    expect(deliveryStatus(pending, { get: (id) => outbox.get(id) })).toBe('failed')
    expect(deliveryStatus(pending, { get: () => ({ status: 'pending' }) })).toBe('pending')
  })

  it('a stored message is sent, or read once a transport status says so, whatever the failed ids', () => {
    expect(deliveryStatus(stored, ['cid-1'])).toBe('sent')
    expect(
      deliveryStatus({ ...stored, transport_statuses: [{ status: 'read' }] } as ConversationMessage, [
        'cid-1',
      ]),
    ).toBe('read')
  })
})
