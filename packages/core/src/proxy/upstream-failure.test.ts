import { describe, expect, it } from 'vitest'
import { upstreamFailure } from './upstream-failure'

const target = new URL('http://127.0.0.1:8787/rest/v2/conversation/conversations')
const describeError = (error: unknown) => upstreamFailure(error, target, false, 30_000)

describe('upstreamFailure: the cause, as each runtime reports it', () => {
  it('Node (undici): the code and address of the cause chain', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8787'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 8787,
    })
    const failure = describeError(new TypeError('fetch failed', { cause }))
    expect(failure).toMatchObject({ status: 502, errorCode: 'proxy_upstream_unreachable' })
    expect(failure.detail).toContain('ECONNREFUSED 127.0.0.1:8787')
  })

  it('Deno: no code, the operating system’s words', () => {
    const refused = describeError(
      new TypeError(
        'error sending request for url (http://127.0.0.1:8787/rest/v2): client error (Connect): tcp connect error: Connection refused (os error 111)',
      ),
    )
    expect(refused.detail).toContain('ECONNREFUSED 127.0.0.1:8787')
    const dns = describeError(
      new TypeError('error sending request: dns error: failed to lookup address information'),
    )
    expect(dns.detail).toContain('ENOTFOUND 127.0.0.1')
  })

  it('a timeout is 504', () => {
    expect(upstreamFailure(new Error('aborted'), target, true, 5000).status).toBe(504)
  })
})
