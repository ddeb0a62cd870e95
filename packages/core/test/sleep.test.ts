// sleep and the queue rule under it (waitInLine): the backoff of every retry waits here.
import { getEventListeners } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { sleep } from '../src/sleep'

describe('sleep', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('resolves after ms, not before, and leaves no timer', async () => {
    let done = false
    const slept = sleep(1000).then(() => {
      done = true
    })
    await vi.advanceTimersByTimeAsync(999)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await slept
    expect(done).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('rejects with the reason when the signal aborts, clearing its timer and its listener', async () => {
    const controller = new AbortController()
    const slept = sleep(1000, controller.signal)
    expect(vi.getTimerCount()).toBe(1)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    const reason = new Error('stop')
    controller.abort(reason)
    await expect(slept).rejects.toBe(reason)
    expect(vi.getTimerCount()).toBe(0)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('rejects at once with the reason of a signal aborted before, starting no timer', async () => {
    const reason = new Error('already')
    await expect(sleep(1000, AbortSignal.abort(reason))).rejects.toBe(reason)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('removes its abort listener when it resolves', async () => {
    const controller = new AbortController()
    const slept = sleep(10, controller.signal)
    await vi.advanceTimersByTimeAsync(10)
    await slept
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })
})
