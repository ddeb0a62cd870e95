import { encodeMessageFrame, encodeReadFrame, encodeTypingFrame } from '@uc-conversation/core'
import { describe, expect, it } from 'vitest'
import { isTypingFrame } from './typing-frame'

describe('isTypingFrame: what a follower may write through the leader’s socket', () => {
  it('takes a typing frame and refuses every other frame and junk', () => {
    expect(isTypingFrame(encodeTypingFrame('c1', 'Let me check'))).toBe(true)
    expect(isTypingFrame(encodeMessageFrame('c1', { body: 'hi', client_message_id: 'x' }))).toBe(false)
    expect(isTypingFrame(encodeReadFrame('c1', { conversation_message_uuid: 'm1' }))).toBe(false)
    expect(isTypingFrame('{"type":"event"')).toBe(false)
    expect(isTypingFrame({ type: 'event', event_type: 'typing' })).toBe(false)
  })
})
