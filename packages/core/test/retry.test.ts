import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ConversationHttpError, createConversationClient, DEFAULT_RETRY } from '../src'
import { json, recordingTransport, ucError } from './helpers'

const refused = () => {
  const error = new TypeError('fetch failed')
  ;(error as { cause?: unknown }).cause = Object.assign(new Error('connect ECONNREFUSED'), {
    code: 'ECONNREFUSED',
  })
  return error
}

describe('retries', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.spyOn(Math, 'random').mockReturnValue(1)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  for (const status of [429, 500, 502, 503, 504]) {
    it(`retries ${status} with exponential backoff and succeeds`, async () => {
      const { transport, requests } = recordingTransport((_, i) =>
        i < 2 ? ucError(status, 'busy') : json({ success: true, conversations: [] }),
      )
      const client = createConversationClient({ transport })
      const result = client.getConversations()
      await vi.advanceTimersByTimeAsync(0)
      expect(requests).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(DEFAULT_RETRY.baseDelayMs - 1)
      expect(requests).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(requests).toHaveLength(2)
      await vi.advanceTimersByTimeAsync(DEFAULT_RETRY.baseDelayMs * 2)
      expect(requests).toHaveLength(3)
      await expect(result).resolves.toEqual({ success: true, conversations: [] })
      expect(client.stats).toMatchObject({ sent: 3, retried: 2, rateLimited: status === 429 ? 2 : 0 })
    })
  }

  it('uses full jitter: a random delay up to the exponential ceiling', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.25)
    const { transport, requests } = recordingTransport((_, i) => (i < 3 ? ucError(503, 'x') : json({})))
    const done = createConversationClient({ transport, retry: { baseDelayMs: 1000 } }).getConversations()
    await vi.advanceTimersByTimeAsync(250)
    expect(requests).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(500)
    expect(requests).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(1000)
    expect(requests).toHaveLength(4)
    await done
  })

  it('caps the backoff at maxDelayMs', async () => {
    const { transport, requests } = recordingTransport((_, i) => (i < 5 ? ucError(500, 'x') : json({})))
    const done = createConversationClient({
      transport,
      retry: { retries: 5, baseDelayMs: 1000, maxDelayMs: 3000 },
    }).getConversations()
    await vi.advanceTimersByTimeAsync(0)
    for (const wait of [1000, 2000, 3000, 3000, 3000]) {
      const before = requests.length
      await vi.advanceTimersByTimeAsync(wait - 1)
      expect(requests).toHaveLength(before)
      await vi.advanceTimersByTimeAsync(1)
      expect(requests).toHaveLength(before + 1)
    }
    await done
  })

  it('honours Retry-After over the backoff', async () => {
    const { transport, requests } = recordingTransport((_, i) =>
      i === 0 ? new Response('', { status: 429, headers: { 'Retry-After': '12' } }) : json({}),
    )
    const done = createConversationClient({ transport }).getConversations()
    await vi.advanceTimersByTimeAsync(11_999)
    expect(requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(requests).toHaveLength(2)
    await done
  })

  it('does not wait out a Retry-After beyond maxRetryAfterMs', async () => {
    const { transport, requests } = recordingTransport(
      () => new Response('', { status: 429, headers: { 'Retry-After': '3600' } }),
    )
    const error = await createConversationClient({ transport })
      .getConversations()
      .catch((e) => e)
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3_600_000 })
    expect(requests).toHaveLength(1)
  })

  it('gives up after `retries` and throws the last error', async () => {
    const { transport, requests } = recordingTransport(() => ucError(500, 'down'))
    const done = createConversationClient({ transport, retry: { retries: 2 } })
      .getConversations()
      .catch((e) => e)
    await vi.runAllTimersAsync()
    expect(await done).toBeInstanceOf(ConversationHttpError)
    expect(requests).toHaveLength(3)
  })

  it('retries network errors and timeouts, not 400/401/404/410 or parse errors of 2xx', async () => {
    const network = recordingTransport((_, i) =>
      i === 0 ? Promise.reject(new TypeError('reset')) : json({}),
    )
    const a = createConversationClient({ transport: network.transport }).getConversations()
    await vi.runAllTimersAsync()
    await a
    expect(network.requests).toHaveLength(2)

    for (const status of [400, 401, 404, 410]) {
      const { transport, requests } = recordingTransport(() => ucError(status, 'no'))
      await createConversationClient({ transport })
        .getConversations()
        .catch(() => {})
      expect(requests).toHaveLength(1)
    }
    const truncated = recordingTransport(() => new Response('{"succ', { status: 200 }))
    await createConversationClient({ transport: truncated.transport })
      .getConversations()
      .catch(() => {})
    expect(truncated.requests).toHaveLength(1)
  })

  it('retry:false sends once', async () => {
    const { transport, requests } = recordingTransport(() => ucError(503, 'x'))
    await createConversationClient({ transport, retry: false })
      .getConversations()
      .catch(() => {})
    expect(requests).toHaveLength(1)
  })

  describe('startConversation is never retried once it may have reached the server', () => {
    for (const [name, answer] of [
      ['500', () => ucError(500, 'x')],
      ['503', () => ucError(503, 'x')],
      ['a reset connection', () => Promise.reject(new TypeError('socket hang up'))],
    ] as const) {
      it(`not after ${name}`, async () => {
        const { transport, requests } = recordingTransport(answer as () => Response)
        const done = createConversationClient({ transport })
          .startConversation({})
          .catch((e) => e)
        await vi.runAllTimersAsync()
        await done
        expect(requests).toHaveLength(1)
      })
    }

    it('but after a 429 (refused unprocessed) or a refused connection', async () => {
      const { transport, requests } = recordingTransport((_, i) =>
        i === 0 ? ucError(429, 'rate') : i === 1 ? Promise.reject(refused()) : json({ conversation: {} }),
      )
      const done = createConversationClient({ transport }).startConversation({})
      await vi.runAllTimersAsync()
      await expect(done).resolves.toEqual({ conversation: {} })
      expect(requests).toHaveLength(3)
    })

    it('and not after a timeout', async () => {
      const { transport, requests } = recordingTransport(
        (r) =>
          new Promise((_, reject) => r.signal.addEventListener('abort', () => reject(new Error('aborted')))),
      )
      const done = createConversationClient({ transport, timeoutMs: 1000 })
        .startConversation({})
        .catch((e) => e)
      await vi.runAllTimersAsync()
      expect((await done).kind).toBe('outcome-unknown')
      expect((await done).cause.kind).toBe('timeout')
      expect(requests).toHaveLength(1)
    })
  })

  it('an abort during the backoff sleep ends it at once, rethrowing the reason', async () => {
    const { transport, requests } = recordingTransport(() => ucError(503, 'x'))
    const controller = new AbortController()
    const done = createConversationClient({ transport })
      .getConversations({ signal: controller.signal })
      .catch((e) => e)
    await vi.advanceTimersByTimeAsync(10)
    expect(requests).toHaveLength(1)
    const reason = new Error('stop')
    controller.abort(reason)
    expect(await done).toBe(reason)
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(requests).toHaveLength(1)
  })

  it('leaves no timer behind after success, failure or abort', async () => {
    const { transport } = recordingTransport(() => json({}))
    const client = createConversationClient({ transport })
    await client.getConversations()
    expect(vi.getTimerCount()).toBe(0)
    const failing = createConversationClient({ transport: async () => ucError(400, 'x') })
    await failing.getConversations().catch(() => {})
    expect(vi.getTimerCount()).toBe(0)
  })
  it('arms the timeout only for a transport that reads the signal, and clears it with the answer', async () => {
    let answer!: (r: Response) => void
    const pending = () => new Promise<Response>((resolve) => (answer = resolve))
    const blind = createConversationClient({ transport: pending }).getConversations()
    await vi.advanceTimersByTimeAsync(0)
    // Nothing could interrupt this transport, so nothing is scheduled for it.
    expect(vi.getTimerCount()).toBe(0)
    answer(json({}))
    await blind
    const reading = createConversationClient({
      transport: (r) => (r.signal.aborted ? Promise.reject(new Error('no')) : pending()),
    }).getConversations()
    await vi.advanceTimersByTimeAsync(0)
    expect(vi.getTimerCount()).toBe(1)
    answer(json({}))
    await reading
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a caller abort before the transport reads the signal reaches it already aborted', async () => {
    const controller = new AbortController()
    const reason = new Error('left during onRequest')
    let seen: unknown
    const client = createConversationClient({
      retry: false,
      onRequest: async () => controller.abort(reason),
      transport: async (r) => {
        seen = r.signal.reason
        throw r.signal.reason
      },
    })
    await expect(client.getConversations({ signal: controller.signal })).rejects.toBe(reason)
    expect(seen).toBe(reason)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('isRetryableError', () => {
  it('is the one rule: network, timeout, 429 and 5xx gateway errors', async () => {
    const {
      isRetryableError,
      ConversationNetworkError,
      ConversationTimeoutError,
      ConversationValidationError,
    } = await import('../src')
    expect(isRetryableError(new ConversationNetworkError('x', null))).toBe(true)
    expect(isRetryableError(new ConversationTimeoutError(5))).toBe(true)
    for (const s of [429, 500, 502, 503, 504])
      expect(isRetryableError(new ConversationHttpError(s, {}, ''))).toBe(true)
    for (const s of [200, 400, 401, 403, 404, 410])
      expect(isRetryableError(new ConversationHttpError(s, {}, ''))).toBe(false)
    expect(isRetryableError(new ConversationValidationError('a', 'b'))).toBe(false)
    expect(isRetryableError(new TypeError('bug'))).toBe(false)
  })
})
