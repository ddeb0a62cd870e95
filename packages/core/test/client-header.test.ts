import { describe, expect, it } from 'vitest'
import { CLIENT_HEADER, createConversationClient } from '../src'
import { recordingTransport } from './helpers'

describe('CLIENT_HEADER: sent to a proxy, never to UltraCart', () => {
  it('a client without a credential (behind a proxy) sends it on every request', async () => {
    const { transport, requests } = recordingTransport()
    const client = createConversationClient({ baseUrl: '/api/uc/rest/v2', transport })
    await client.getConversationWebchatQueueStatuses()
    expect(requests[0]?.headers[CLIENT_HEADER]).toBe('1')
  })

  it.each([
    ['a simple key', { simpleKey: 'simple-key-0123456789' }],
    ['an access token', { accessToken: 'access-token-0123456789' }],
    ['a token function', { accessToken: () => 'access-token-0123456789' }],
  ])('a client with %s (talking to UltraCart) does not', async (_name, credential) => {
    const { transport, requests } = recordingTransport()
    const client = createConversationClient({ ...credential, transport })
    await client.getConversationWebchatQueueStatuses()
    expect(Object.keys(requests[0]?.headers ?? {}).map((h) => h.toLowerCase())).not.toContain(CLIENT_HEADER)
  })
})
