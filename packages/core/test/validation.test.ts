import { describe, expect, it } from 'vitest'
import { type ConversationClient, ConversationValidationError, createConversationClient } from '../src'
import { recordingTransport } from './helpers'

const table: Array<[string, (c: ConversationClient) => Promise<unknown>, string, string]> = [
  ['empty uuid', (c) => c.getConversation(''), 'conversation_uuid', 'a non-empty string, not . or ..'],
  ['blank uuid', (c) => c.joinConversation('   '), 'conversation_uuid', 'a non-empty string, not . or ..'],
  [
    'non-string uuid',
    (c) => c.leaveConversation(42 as never),
    'conversation_uuid',
    'a non-empty string, not . or ..',
  ],
  [
    'uuid of messages',
    (c) => c.getConversationMessages(undefined as never, 0),
    'conversation_uuid',
    'a non-empty string, not . or ..',
  ],
  ['negative since', (c) => c.getConversationMessages('c', -1), 'since', 'an integer >= 0'],
  ['fractional since', (c) => c.getConversationMessages('c', 1.5), 'since', 'an integer >= 0'],
  ['missing since', (c) => c.getConversationMessages('c', undefined as never), 'since', 'an integer >= 0'],
  ['string since', (c) => c.getConversationMessages('c', '5' as never), 'since', 'an integer >= 0'],
  ['messages limit 0', (c) => c.getConversationMessages('c', 0, { limit: 0 }), 'limit', 'an integer >= 1'],
  ['conversation limit 2.5', (c) => c.getConversation('c', { limit: 2.5 }), 'limit', 'an integer >= 1'],
  ['list limit 0', (c) => c.getConversations({ limit: 0 }), 'limit', 'an integer from 1 to 200'],
  ['list limit 201', (c) => c.getConversations({ limit: 201 }), 'limit', 'an integer from 1 to 200'],
  ['list limit NaN', (c) => c.getConversations({ limit: Number.NaN }), 'limit', 'an integer from 1 to 200'],
  ['negative offset', (c) => c.getConversations({ offset: -1 }), 'offset', 'an integer >= 0'],
  ['fractional offset', (c) => c.getConversations({ offset: 0.5 }), 'offset', 'an integer >= 0'],
  [
    'unknown medium',
    (c) => c.getConversations({ medium: 'email' as never }),
    'medium',
    'one of sms, websocket',
  ],
  [
    'dotted extension',
    (c) => c.getConversationMultimediaUploadUrl('.jpg'),
    'extension',
    '1-10 alphanumerics',
  ],
  [
    'path in extension',
    (c) => c.getConversationMultimediaUploadUrl('a/b'),
    'extension',
    '1-10 alphanumerics',
  ],
  [
    'long extension',
    (c) => c.getConversationMultimediaUploadUrl('abcdefghijk'),
    'extension',
    '1-10 alphanumerics',
  ],
  [
    'empty queue name',
    (c) => c.updateConversationWebchatQueueStatus('', { agent_status: 'busy' }),
    'queue_name',
    'a non-empty string, not . or ..',
  ],
  [
    'unknown agent status',
    (c) => c.updateConversationWebchatQueueStatus('support', { agent_status: 'away' as never }),
    'agent_status',
    'one of available, busy, unavailable',
  ],
  [
    'missing agent status',
    (c) => c.updateConversationWebchatQueueStatus('support', {}),
    'agent_status',
    'one of available, busy, unavailable',
  ],
  ['start without request', (c) => c.startConversation(undefined as never), 'request', 'an object'],
  [
    'start with empty queue uuid',
    (c) => c.startConversation({ conversation_webchat_queue_uuid: '' }),
    'conversation_webchat_queue_uuid',
    'a non-empty string, not . or ..',
  ],
]

describe('input validation, before anything is sent', () => {
  for (const [name, call, field, rule] of table) {
    it(name, async () => {
      const { transport, requests } = recordingTransport()
      const error = await call(createConversationClient({ transport })).catch((e) => e)
      expect(error).toBeInstanceOf(ConversationValidationError)
      expect(error).toMatchObject({
        kind: 'validation',
        field,
        rule,
        message: `Invalid ${field}: must be ${rule}`,
      })
      expect(requests).toHaveLength(0)
    })
  }

  it('accepts the boundaries', async () => {
    const { transport, requests } = recordingTransport()
    const c = createConversationClient({ transport })
    await c.getConversations({ limit: 1, offset: 0 })
    await c.getConversations({ limit: 200 })
    await c.getConversationMessages('c', 0)
    await c.getConversationMultimediaUploadUrl('JPEG')
    expect(requests).toHaveLength(4)
  })

  it('rejects bad client options at creation', () => {
    expect(() => createConversationClient({ simpleKey: 'a', accessToken: 'b' })).toThrow(
      ConversationValidationError,
    )
    expect(() => createConversationClient({ simpleKey: '' })).toThrow(/Invalid simpleKey/)
    expect(() => createConversationClient({ concurrency: 1.5 })).toThrow(/Invalid concurrency/)
  })
})
