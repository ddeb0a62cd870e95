import { decodeFrame } from '@uc-conversation/core'

/**
 * @internal The one raw frame a follower tab may hand the leader's socket: the agent's typing (the throttled
 * output of `sendTyping`). Anything else (a message, a read mark, junk) is refused: those have calls of their own.
 */
export const isTypingFrame = (payload: unknown): payload is string => {
  if (typeof payload !== 'string') return false
  const decoded = decodeFrame(payload)
  return decoded.ok && decoded.frame.type === 'event' && decoded.frame.event_type === 'typing'
}
