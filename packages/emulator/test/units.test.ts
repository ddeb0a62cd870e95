import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { createManualClock, createRealClock } from '../src/clock'
import { errorResponse, HttpError } from '../src/http-error'
import { JWT_AUDIENCE, type JwtClaims, signJwt, verifyJwt } from '../src/jwt'
import { createRandom, seedState } from '../src/random'
import { createRateLimiter } from '../src/rate-limit'

describe('manual clock', () => {
  it('runs due timers in due order, including ones scheduled by callbacks inside the window', () => {
    const clock = createManualClock(0)
    const log: string[] = []
    clock.setTimeout(() => log.push(`b@${clock.now()}`), 20)
    clock.setTimeout(() => {
      log.push(`a@${clock.now()}`)
      clock.setTimeout(() => log.push(`c@${clock.now()}`), 5)
    }, 10)
    clock.setTimeout(() => log.push(`same@${clock.now()}`), 20)
    const cleared = clock.setTimeout(() => log.push('never'), 1)
    clock.clearTimeout(cleared)
    clock.advance(25)
    expect(log).toEqual(['a@10', 'c@15', 'b@20', 'same@20'])
    expect(clock.now()).toBe(25)
    expect(clock.pending()).toBe(0)
    expect(() => clock.advance(-1)).toThrow(RangeError)
  })

  it('the real clock refuses advance() and its timers work with fake timers', () => {
    vi.useFakeTimers()
    try {
      const clock = createRealClock()
      expect(() => clock.advance(1)).toThrow(/manual clock/)
      const fn = vi.fn()
      clock.setTimeout(fn, 100)
      expect(clock.pending()).toBe(1)
      vi.advanceTimersByTime(100)
      expect(fn).toHaveBeenCalledOnce()
      expect(clock.pending()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('rate limiter', () => {
  it('is a leaky bucket per credential over every rule', () => {
    let now = 0
    const limiter = createRateLimiter(
      {
        rules: [
          { requests: 2, perSeconds: 10 },
          { requests: 3, perSeconds: 1000 },
        ],
      },
      () => now,
    )
    const take = (key = 'k') => {
      const d = limiter.take(key)
      if (d.ok) d.release()
      return d
    }
    expect(take().ok).toBe(true)
    expect(take().ok).toBe(true)
    expect(take()).toMatchObject({ ok: false, reason: 'rate', rule: { requests: 2 }, retryAfterSeconds: 5 })
    expect(take('other').ok).toBe(true)
    now = 5000
    expect(take().ok).toBe(true)
    now = 20_000
    expect(take()).toMatchObject({ ok: false, rule: { requests: 3 } })
  })

  it('can refuse concurrent requests of one credential', () => {
    const limiter = createRateLimiter({ rejectConcurrent: true }, () => 0)
    const first = limiter.take('k')
    expect(limiter.take('k')).toMatchObject({ ok: false, reason: 'concurrent' })
    if (first.ok) first.release()
    expect(limiter.take('k').ok).toBe(true)
  })
})

describe('jwt', () => {
  const secret = Buffer.from('s'.repeat(32))
  const claims: JwtClaims = {
    iss: 'i',
    aud: JWT_AUDIENCE,
    sub: 'arn',
    merchant_id: 'M',
    iat: 0,
    exp: 100,
    gen: 1,
  }

  it('round-trips and checks expiry, audience, generation and algorithm', () => {
    const jwt = signJwt(claims, secret)
    expect(verifyJwt(jwt, secret, { now: 99_999, minGen: 1 })).toEqual({ ok: true, claims })
    expect(verifyJwt(jwt, secret, { now: 100_000 })).toEqual({ ok: false, problem: 'expired' })
    expect(verifyJwt(jwt, secret, { now: 0, minGen: 2 })).toEqual({ ok: false, problem: 'expired' })
    expect(verifyJwt(jwt, secret, { now: 0, audience: 'other' })).toEqual({
      ok: false,
      problem: 'wrong audience',
    })
    expect(verifyJwt(jwt, Buffer.from('x'), { now: 0 })).toEqual({ ok: false, problem: 'bad signature' })
    const [h, p] = jwt.split('.')
    const hs512 = Buffer.from('{"alg":"HS512"}').toString('base64url')
    expect(verifyJwt(`${hs512}.${p}.x`, secret, { now: 0 })).toEqual({
      ok: false,
      problem: 'unsupported algorithm',
    })
    // A correctly signed token with other claims is still checked.
    const body = `${h}.${Buffer.from(JSON.stringify({ sub: 1 })).toString('base64url')}`
    const signed = `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`
    expect(verifyJwt(signed, secret, { now: 0 })).toEqual({ ok: false, problem: 'malformed' })
  })

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (token) => {
        expect(verifyJwt(token, secret, { now: 0 }).ok).toBe(false)
      }),
    )
  })
})

describe('random', () => {
  it('is deterministic per seed and stream and makes v4-shaped UUIDs', () => {
    const a = createRandom(seedState('demo', 'ids'))
    const b = createRandom(seedState('demo', 'ids'))
    const c = createRandom(seedState('demo', 'customers'))
    const seqA = Array.from({ length: 5 }, () => a.uuid())
    expect(Array.from({ length: 5 }, () => b.uuid())).toEqual(seqA)
    expect(c.uuid()).not.toBe(seqA[0])
    for (const u of seqA)
      expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -5, max: 5 }),
        fc.integer({ min: 0, max: 10 }),
        (seed, min, span) => {
          const r = createRandom(seed)
          const n = r.int(min, min + span)
          expect(n).toBeGreaterThanOrEqual(min)
          expect(n).toBeLessThanOrEqual(min + span)
        },
      ),
    )
  })
})

describe('error responses', () => {
  it('keep the UC-REST-ERROR header a single line of ASCII', async () => {
    const res = errorResponse(new HttpError(400, 'dev', 'line one\r\nline two – ü'))
    expect(res.headers.get('UC-REST-ERROR')).toBe('line one line two')
    expect(await res.json()).toEqual({
      success: false,
      error: { developer_message: 'dev', user_message: 'line one\r\nline two – ü' },
      metadata: {},
    })
  })
})
