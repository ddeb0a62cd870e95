import type { ConversationClient, ConversationMessagesResponse } from '@uc-conversation/core'
import { describe, expect, it } from 'vitest'
import { SharedPages } from '../src/internal/shared-pages'

/** A client whose requests wait until answered, recording each request's signal. */
function heldClient() {
  const requests: {
    since: number
    signal: AbortSignal
    answer(value: ConversationMessagesResponse): void
  }[] = []
  const client = {
    getConversationMessages: (_uuid: string, since: number, options: { signal: AbortSignal }) =>
      new Promise<ConversationMessagesResponse>((resolve) =>
        requests.push({ since, signal: options.signal, answer: resolve }),
      ),
  } as unknown as ConversationClient
  return { client, requests }
}

describe('SharedPages', () => {
  it('identical pages on one connection are one request; other connections or no connection are not shared', async () => {
    const { client, requests } = heldClient()
    const pages = new SharedPages(client)
    const signal = new AbortController().signal
    const a = pages.load('c', 5, 200, signal, 2)
    const b = pages.load('c', 5, 200, signal, 2)
    pages.load('c', 5, 200, signal, 3)
    pages.load('c', 5, 200, signal, undefined)
    pages.load('c', 6, 200, signal, 2)
    expect(requests).toHaveLength(4)
    const page = { conversation_messages: [] }
    requests[0]!.answer(page)
    expect(await a).toBe(page)
    expect(await b).toBe(page)
    // Answered: the next identical load is a new request (it must see what arrived since).
    pages.load('c', 5, 200, signal, 2)
    expect(requests).toHaveLength(5)
  })

  it('the request goes on while one caller remains, and is aborted when the last one leaves', async () => {
    const { client, requests } = heldClient()
    const pages = new SharedPages(client)
    const first = new AbortController()
    const second = new AbortController()
    const a = pages.load('c', 5, 200, first.signal, 1)
    const b = pages.load('c', 5, 200, second.signal, 1)
    first.abort()
    await expect(a).rejects.toMatchObject({ name: 'AbortError' })
    expect(requests[0]!.signal.aborted).toBe(false)
    second.abort()
    await expect(b).rejects.toMatchObject({ name: 'AbortError' })
    expect(requests[0]!.signal.aborted).toBe(true)
    // Nothing of it is left to join.
    pages.load('c', 5, 200, new AbortController().signal, 1)
    expect(requests).toHaveLength(2)
  })

  it('a caller leaves with its answer: a later abort of its signal touches nothing (its listener is gone)', async () => {
    const { client, requests } = heldClient()
    const pages = new SharedPages(client)
    const first = new AbortController()
    const second = new AbortController()
    const a = pages.load('c', 5, 200, first.signal, 1)
    const b = pages.load('c', 5, 200, second.signal, 1)
    const page = { conversation_messages: [] }
    requests[0]!.answer(page)
    expect(await a).toBe(page)
    expect(await b).toBe(page)
    // Let every callback of the answer run (a flush, not a wait for time).
    await new Promise((resolve) => setImmediate(resolve))
    first.abort()
    second.abort()
    // A listener left behind would count the callers below zero and abort the answered request.
    expect(requests[0]!.signal.aborted).toBe(false)
  })
})
