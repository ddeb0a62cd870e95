import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  type ConversationError,
  ConversationHttpError,
  ConversationNetworkError,
  ConversationTimeoutError,
  createConversationClient,
} from '../src'
import { json, recordingTransport, ucError } from './helpers'

describe('onOutcome', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.spyOn(Math, 'random').mockReturnValue(1)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('reports every finished attempt: each failure at once, then the success', async () => {
    const { transport } = recordingTransport((_, i) =>
      i === 0 ? Promise.reject(new TypeError('fetch failed')) : i === 1 ? ucError(503, 'busy') : json({}),
    )
    const client = createConversationClient({ transport })
    const seen: Array<ConversationError | undefined> = []
    client.onOutcome((e) => seen.push(e))
    const done = client.getConversations()
    await vi.advanceTimersByTimeAsync(0)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toBeInstanceOf(ConversationNetworkError)
    await vi.runAllTimersAsync()
    await done
    expect(seen).toHaveLength(3)
    expect(seen[1]).toBeInstanceOf(ConversationHttpError)
    expect(seen[2]).toBeUndefined()
  })

  it('reports a timeout and a final HTTP error; not input refused before sending', async () => {
    const { transport } = recordingTransport(
      (request) =>
        new Promise((_, reject) =>
          request.signal.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    )
    const client = createConversationClient({ transport, retry: false, timeoutMs: 10 })
    const seen: Array<ConversationError | undefined> = []
    client.onOutcome((e) => seen.push(e))
    const timedOut = expect(client.getAgentKeepAlive()).rejects.toBeInstanceOf(ConversationTimeoutError)
    await vi.advanceTimersByTimeAsync(10)
    await timedOut
    await expect(client.getConversation('')).rejects.toThrow()
    expect(seen).toHaveLength(1)
    expect(seen[0]).toBeInstanceOf(ConversationTimeoutError)
    const http = createConversationClient({ transport: async () => ucError(404, 'nope'), retry: false })
    const errors: unknown[] = []
    http.onOutcome((e) => errors.push(e))
    await expect(http.joinConversation('u')).rejects.toBeInstanceOf(ConversationHttpError)
    expect(errors).toEqual([expect.objectContaining({ status: 404 })])
  })

  it('a throwing listener breaks nothing; unsubscribe stops the calls', async () => {
    const client = createConversationClient({ transport: recordingTransport().transport })
    const other = vi.fn()
    const off = client.onOutcome(() => {
      throw new Error('listener bug')
    })
    const offOther = client.onOutcome(other)
    await expect(client.getConversations()).resolves.toEqual({ success: true })
    expect(other).toHaveBeenCalledTimes(1)
    off()
    offOther()
    await client.getConversations()
    expect(other).toHaveBeenCalledTimes(1)
  })
})
