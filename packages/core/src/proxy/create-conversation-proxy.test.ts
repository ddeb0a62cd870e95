import { describe, expect, it } from 'vitest'
import { CLIENT_HEADER } from '../client-header'
import { OPERATIONS } from '../operations'
import { createConversationProxy } from './create-conversation-proxy'

const KEY = 'merchant-simple-key-0123456789abcdef'

/** The handler over core's whole table, its upstream a recorder. */
const recorded = (options: Partial<Parameters<typeof createConversationProxy>[0]> = {}) => {
  const sent: { url: string; method: string; body: string }[] = []
  const handler = createConversationProxy({
    operations: OPERATIONS,
    authorize: () => true,
    authenticate: () => true,
    simpleKey: KEY,
    baseUrl: 'https://upstream.test/rest/v2',
    fetch: async (url, init) => {
      sent.push({
        url,
        method: String(init.method),
        body: init.body ? new TextDecoder().decode(init.body as Uint8Array) : '',
      })
      return new Response('{"success":true}', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    },
    ...options,
  })
  return { handler, sent }
}

const request = (url: string, init: RequestInit = {}) =>
  new Request(url, { ...init, headers: { ...(init.headers as object), [CLIENT_HEADER]: '1' } })

const samplePath = (template: string) => template.replace(/\{[^}]+\}/g, 'p-1')

describe('createConversationProxy over core’s operation table', () => {
  it(`forwards each of the ${Object.keys(OPERATIONS).length} operations to the same method and path, and nothing else`, async () => {
    const { handler, sent } = recorded()
    const rows = Object.values(OPERATIONS)
    expect(rows.length).toBe(123)
    for (const operation of rows) {
      const path = samplePath(operation.path)
      const response = await handler(
        request(`https://app.test/rest/v2${path}`, {
          method: operation.method,
          ...(operation.body ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}),
        }),
      )
      expect(response.status, `${operation.method} ${operation.path}`).toBe(200)
      expect(sent.at(-1)).toEqual({
        url: `https://upstream.test/rest/v2${path}`,
        method: operation.method,
        body: operation.body ? '{}' : '',
      })
    }
    expect(sent).toHaveLength(rows.length)
    for (const [method, path] of [
      ['GET', '/order/orders'],
      ['GET', '/customer/customers'],
      ['GET', '/item/items'],
      ['POST', '/conversation/conversations/p-1'],
    ] as const) {
      const response = await handler(request(`https://app.test/rest/v2${path}`, { method }))
      expect([404, 405], `${method} ${path}`).toContain(response.status)
    }
    expect(sent).toHaveLength(rows.length)
  })

  it('narrows to the chat group with a test on the rows', async () => {
    const { handler, sent } = recorded({ operations: (operation) => operation.group === 'chat' })
    const chat = await handler(request('https://app.test/rest/v2/conversation/canned_messages'))
    expect(chat.status).toBe(200)
    const pbx = await handler(request('https://app.test/rest/v2/conversation/pbx/queues'))
    expect(pbx.status).toBe(404)
    expect(sent).toHaveLength(1)
  })

  it('narrows to a list of rows imported from the table', async () => {
    const { handler, sent } = recorded({
      operations: [OPERATIONS.getConversations, OPERATIONS.getConversation],
    })
    expect((await handler(request('https://app.test/rest/v2/conversation/conversations'))).status).toBe(200)
    const refused = await handler(request('https://app.test/rest/v2/conversation/canned_messages'))
    expect(refused.status).toBe(404)
    expect(((await refused.json()) as { error: { error_code: string } }).error.error_code).toBe(
      'proxy_unknown_operation',
    )
    expect(sent).toHaveLength(1)
  })
})
