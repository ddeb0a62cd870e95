import { describe, expect, it } from 'vitest'
import { Heartbeat } from '../src/agent-socket/heartbeat'

const limits = { heartbeatIntervalMs: 5_000, heartbeatTimeoutMs: 4_000, silenceLimitMs: 300_000 }

describe('Heartbeat (the rule, without a socket)', () => {
  it('pings after the interval of silence, and an unanswered ping of a server that answers is death', () => {
    const h = new Heartbeat(limits)
    h.opened(0)
    expect(h.next(1_000)).toEqual({ kind: 'wait', until: 5_000 })
    expect(h.next(5_000)).toEqual({ kind: 'ping' })
    h.pinged(5_000)
    h.received(5_050, true)
    expect(h.replies).toBe('answered')
    expect(h.next(9_000)).toEqual({ kind: 'wait', until: 10_050 })
    h.pinged(10_050)
    expect(h.next(14_049)).toEqual({ kind: 'wait', until: 14_050 })
    // Dead 9 s after the last frame: within the 10 s the defaults promise.
    expect(h.next(14_050)).toEqual({ kind: 'dead' })
  })

  it('any frame after a ping keeps the socket but does not prove that pings are answered', () => {
    const h = new Heartbeat(limits)
    h.opened(0)
    h.pinged(5_000)
    h.received(6_000, false)
    expect(h.next(9_000)).toEqual({ kind: 'wait', until: 11_000 })
    expect(h.replies).toBe('unknown')
  })

  it('two sockets in a row silent after a ping, the second one opened fine: pings are not answered', () => {
    const h = new Heartbeat(limits)
    h.opened(0)
    h.pinged(5_000)
    expect(h.next(9_000)).toEqual({ kind: 'dead' })
    expect(h.replies).toBe('unknown')
    // The replacement opens and goes silent after its ping too: fall back to the silence limit.
    h.opened(10_000)
    h.pinged(15_000)
    expect(h.next(19_000)).toEqual({ kind: 'wait', until: 20_000 })
    expect(h.replies).toBe('unanswered')
    expect(h.next(20_000)).toEqual({ kind: 'ping' })
    h.pinged(20_000)
    expect(h.next(309_999)).toEqual({ kind: 'ping' })
    h.pinged(309_999)
    expect(h.next(310_000)).toEqual({ kind: 'dead' })
    // A late answer switches back to the fast rule.
    h.opened(311_000)
    h.pinged(316_000)
    h.received(316_010, true)
    expect(h.replies).toBe('answered')
  })
})
