import { describe, expect, it } from 'vitest'
import { conversationKeys } from '../src'

describe('conversationKeys.list', () => {
  it('drops undefined filters and copies the rest: equal filters give equal keys, the caller keeps its object', () => {
    const filters = { medium: undefined, limit: 20 }
    const key = conversationKeys.list(filters)
    expect(key).toStrictEqual(['uc-conversation', 'conversations', { limit: 20 }])
    expect(conversationKeys.list()).toStrictEqual(['uc-conversation', 'conversations', {}])
    expect(conversationKeys.list({ medium: 'sms', limit: undefined })).toStrictEqual([
      'uc-conversation',
      'conversations',
      { medium: 'sms' },
    ])
    filters.limit = 50
    expect(key[2]).toStrictEqual({ limit: 20 })
  })
})
