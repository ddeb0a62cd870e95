// @vitest-environment node
import { dehydrate, hydrate, MutationObserver, QueryClient } from '@tanstack/react-query'
import { ConversationHttpError, ConversationValidationError } from '@uc-conversation/core'
import {
  getAgentKeepAlive,
  getConversationCannedMessages,
  getConversationMessages,
  getConversationsSearch,
  insertConversationCannedMessage,
  markReadConversation,
  updateConversationCannedMessage,
} from '@uc-conversation/core/operations'
import { afterEach, describe, expect, it } from 'vitest'
import { conversationKeys, operationMutationOptions, operationQueryOptions } from '../src/server'
import { createHttpHarness, type HttpHarness } from './http-harness'

const NO_SUCH = '00000000-0000-4000-8000-000000000000'
let h: HttpHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('conversationKeys.operation', () => {
  it('names the operation by method and path template, then its path parameters, body and query', () => {
    expect(conversationKeys.operation(getConversationCannedMessages, [])).toEqual([
      'uc-conversation',
      'op',
      'GET /conversation/canned_messages',
    ])
    expect(conversationKeys.operation(getConversationMessages, ['c1', 5, { limit: 10 }])).toEqual([
      'uc-conversation',
      'op',
      'GET /conversation/conversations/{conversation_uuid}/messages/{since}',
      'c1',
      5,
      { limit: 10 },
    ])
    expect(conversationKeys.operation(updateConversationCannedMessage, [7, { short_code: 'hi' }])).toEqual([
      'uc-conversation',
      'op',
      'PUT /conversation/canned_messages/{conversation_canned_message_oid}',
      7,
      { short_code: 'hi' },
    ])
  })

  it('leaves out signal, timeoutMs, headers, retry and undefined members; option order does not matter', () => {
    const bare = conversationKeys.operation(getConversationMessages, ['c1', 0])
    expect(
      conversationKeys.operation(getConversationMessages, [
        'c1',
        0,
        {
          signal: new AbortController().signal,
          timeoutMs: 5,
          headers: { Authorization: 'Bearer secret' },
          retry: false,
          // What a caller passes as `{ limit: props.limit }` in code without exactOptionalPropertyTypes.
          ...({ limit: undefined } as unknown as { limit?: number }),
        },
      ]),
    ).toEqual(bare)
    expect(JSON.stringify(bare)).not.toContain('secret')
    const client = new QueryClient()
    const a = client.getQueryCache().build(client, {
      queryKey: conversationKeys.operation(getConversationsSearch, [{ text_search: 'x', range_end: 5 }]),
    })
    const b = client.getQueryCache().build(client, {
      queryKey: conversationKeys.operation(getConversationsSearch, [{ range_end: 5, text_search: 'x' }]),
    })
    // TanStack hashes object members sorted: one entry for both.
    expect(a).toBe(b)
  })

  it('the prefix of an operation matches every call of it and no other operation', () => {
    const client = new QueryClient()
    client.setQueryData(conversationKeys.operation(getConversationMessages, ['a', 0]), { success: true })
    client.setQueryData(conversationKeys.operation(getConversationMessages, ['b', 3, { limit: 2 }]), {
      success: true,
    })
    client.setQueryData(conversationKeys.operation(getConversationCannedMessages, []), { success: true })
    expect(
      client.getQueryCache().findAll({ queryKey: conversationKeys.operation(getConversationMessages) }),
    ).toHaveLength(2)
    expect(client.getQueryCache().findAll({ queryKey: conversationKeys.operations() })).toHaveLength(3)
  })
})

describe('operationQueryOptions over real HTTP on 127.0.0.1', () => {
  it('loads any read through client.call and caches it under the operation key', async () => {
    h = await createHttpHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi there' })
    const data = await h.queryClient.fetchQuery(
      operationQueryOptions(h.client, getConversationMessages, conversationUuid, 0),
    )
    expect(data.conversation_messages?.map((m) => m.body)).toContain('Hi there')
    expect(h.requests).toEqual([`GET /conversation/conversations/${conversationUuid}/messages/0`])
    expect(
      h.queryClient.getQueryData(conversationKeys.operation(getConversationMessages, [conversationUuid, 0])),
    ).toBe(data)
  })

  it('a POST read (search) sends its body; each request is its own entry', async () => {
    h = await createHttpHarness()
    h.emulator.customers.arrive({ queue: 'support', name: 'Zelda Quux', question: 'Where is my order?' })
    h.emulator.customers.arrive({ queue: 'support', name: 'Other Person', question: 'Hello' })
    const zelda = await h.queryClient.fetchQuery(
      operationQueryOptions(h.client, getConversationsSearch, { text_search: 'zelda' }),
    )
    const all = await h.queryClient.fetchQuery(operationQueryOptions(h.client, getConversationsSearch, {}))
    expect(zelda.records).toHaveLength(1)
    expect(all.records).toHaveLength(2)
    expect(h.requests).toEqual([
      'POST /conversation/conversations/search',
      'POST /conversation/conversations/search',
    ])
  })

  it("passes TanStack's signal: cancelling the query aborts the request", async () => {
    h = await createHttpHarness()
    const signals: AbortSignal[] = []
    const client = {
      ...h.client,
      call: (_operation: unknown, ...args: unknown[]) => {
        const { signal } = args.at(-1) as { signal: AbortSignal }
        signals.push(signal)
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        )
      },
    } as unknown as typeof h.client
    const options = operationQueryOptions(client, getConversationCannedMessages)
    const fetching = h.queryClient.fetchQuery(options).catch(() => 'cancelled')
    await expect.poll(() => signals.length).toBe(1)
    expect(signals[0]!.aborted).toBe(false)
    await h.queryClient.cancelQueries({ queryKey: options.queryKey })
    expect(signals[0]!.aborted).toBe(true)
    expect(await fetching).toBe('cancelled')
  })

  it("the caller's own signal aborts the request too", async () => {
    h = await createHttpHarness()
    const own = new AbortController()
    let seen: AbortSignal | undefined
    const client = {
      ...h.client,
      call: (_operation: unknown, ...args: unknown[]) => {
        seen = (args.at(-1) as { signal: AbortSignal }).signal
        return new Promise((_resolve, reject) => seen!.addEventListener('abort', () => reject(seen!.reason)))
      },
    } as unknown as typeof h.client
    const fetching = h.queryClient
      .fetchQuery(operationQueryOptions(client, getConversationCannedMessages, { signal: own.signal }))
      .catch((e: unknown) => e)
    await expect.poll(() => seen).toBeDefined()
    own.abort(new Error('mine'))
    expect(seen!.aborted).toBe(true)
    expect(await fetching).toMatchObject({ message: 'mine' })
  })

  it('prefetched on the server, dehydrated as JSON and hydrated: the browser finds it under the same key', async () => {
    h = await createHttpHarness()
    await h.client.call(insertConversationCannedMessage, { short_code: 'hi', canned_message: 'Hello!' })
    await h.queryClient.prefetchQuery(operationQueryOptions(h.client, getConversationCannedMessages))
    const browser = new QueryClient()
    hydrate(browser, JSON.parse(JSON.stringify(dehydrate(h.queryClient))))
    const options = operationQueryOptions(h.client, getConversationCannedMessages, { timeoutMs: 5000 })
    expect(browser.getQueryData(options.queryKey)?.conversation_canned_messages?.[0]?.short_code).toBe('hi')
    expect(h.requests).toEqual(['POST /conversation/canned_messages', 'GET /conversation/canned_messages'])
  })

  it('an operation that answers nothing caches null (TanStack refuses undefined)', async () => {
    h = await createHttpHarness()
    expect(await h.queryClient.fetchQuery(operationQueryOptions(h.client, getAgentKeepAlive))).toBeNull()
    expect(h.requests).toEqual(['GET /conversation/agent/keepalive'])
  })

  it("errors are core's: a 404 is a ConversationHttpError; bad input a ConversationValidationError naming the field, before sending", async () => {
    h = await createHttpHarness()
    const missing = await h.queryClient
      .fetchQuery(operationQueryOptions(h.client, getConversationMessages, NO_SUCH, 0))
      .catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(ConversationHttpError)
    expect(missing).toMatchObject({ kind: 'http', status: 404 })
    const bad = await h.queryClient
      .fetchQuery(operationQueryOptions(h.client, getConversationMessages, '', 0))
      .catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(ConversationValidationError)
    expect((bad as Error).message).toContain('conversation_uuid')
    // Only the 404 was sent, once (retry: false; core did not retry a 404 either).
    expect(h.requests).toEqual([`GET /conversation/conversations/${NO_SUCH}/messages/0`])
  })
})

describe('operationMutationOptions over real HTTP on 127.0.0.1', () => {
  it('sends the positional arguments given as the variables; the mutation key is the operation prefix', async () => {
    h = await createHttpHarness()
    const options = operationMutationOptions(h.client, insertConversationCannedMessage)
    expect(options.mutationKey).toEqual(conversationKeys.operation(insertConversationCannedMessage))
    const saved = await new MutationObserver(h.queryClient, options).mutate([
      { short_code: 'hello', canned_message: 'Hello! How can I help?' },
    ])
    expect(saved.conversation_canned_message).toMatchObject({ short_code: 'hello' })
    expect(h.requests).toEqual(['POST /conversation/canned_messages'])
    const list = await h.client.call(getConversationCannedMessages)
    expect(list.conversation_canned_messages).toHaveLength(1)
  })

  it('a void operation resolves undefined (markReadConversation)', async () => {
    h = await createHttpHarness()
    const { conversationUuid } = h.emulator.customers.arrive({ queue: 'support', question: 'Hi' })
    const observer = new MutationObserver(
      h.queryClient,
      operationMutationOptions(h.client, markReadConversation),
    )
    expect(await observer.mutate([conversationUuid])).toBeUndefined()
    expect(h.requests).toEqual([`PUT /conversation/conversations/${conversationUuid}/markread`])
  })
})
