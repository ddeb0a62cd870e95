import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { backoffDelay, DEFAULT_BACKOFF } from './backoff'

describe('backoffDelay', () => {
  it('is min(1000·2^n, 30 s) before jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 60, 2000].map((n) => backoffDelay(n, {}, () => 0))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000,
    ])
  })

  it('jitter only shortens, by at most the jitter fraction', () => {
    fc.assert(
      fc.property(
        fc.nat(100),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, r, jitter) => {
          const full = Math.min(DEFAULT_BACKOFF.maxDelayMs, 1000 * 2 ** n)
          const d = backoffDelay(n, { jitter }, () => r)
          return d <= full && d >= Math.floor(full * (1 - jitter))
        },
      ),
    )
  })
})
