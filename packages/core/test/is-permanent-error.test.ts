import { describe, expect, it } from 'vitest'
import {
  ConversationConfigError,
  ConversationHttpError,
  ConversationNetworkError,
  ConversationOutcomeUnknownError,
  ConversationParseError,
  ConversationTimeoutError,
  ConversationValidationError,
  isPermanentError,
  PERMANENT_STATUSES,
} from '../src'
import { startConversation } from '../src/operations'

describe('isPermanentError', () => {
  it("is true for the server's own permanent answers, input refused before sending and a missing runtime", () => {
    for (const status of PERMANENT_STATUSES)
      expect(isPermanentError(new ConversationHttpError(status, undefined, undefined))).toBe(true)
    // An HTML 401 page from a proxy is still a 401.
    expect(isPermanentError(new ConversationParseError(401, '<html>', undefined))).toBe(true)
    expect(isPermanentError(new ConversationValidationError('conversationUuid', 'a non-empty string'))).toBe(
      true,
    )
    expect(isPermanentError(new ConversationConfigError('no fetch'))).toBe(true)
  })

  it('is true for a write whose outcome is unknown, so that no layer above repeats it (a mutation retry, a stream)', () => {
    const cause = new ConversationNetworkError('ECONNRESET', undefined, 'ECONNRESET')
    expect(isPermanentError(new ConversationOutcomeUnknownError(startConversation, cause))).toBe(true)
  })

  it('is false for whatever another attempt may fix, a 400 and an unparsable 200 included', () => {
    for (const status of [400, 405, 408, 429, 500, 502, 503, 504])
      expect(isPermanentError(new ConversationHttpError(status, undefined, undefined))).toBe(false)
    expect(isPermanentError(new ConversationParseError(200, '<html>', undefined))).toBe(false)
    expect(
      isPermanentError(new ConversationNetworkError('Request failed', new TypeError('fetch failed'))),
    ).toBe(false)
    expect(isPermanentError(new ConversationTimeoutError(1000))).toBe(false)
    expect(isPermanentError(new Error('a stream of its own'))).toBe(false)
    expect(isPermanentError(undefined)).toBe(false)
  })
})
