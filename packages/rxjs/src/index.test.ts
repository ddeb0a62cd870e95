import { describe, expect, it } from 'vitest'
import * as rxjsLayer from './index'

describe('public surface', () => {
  it('exports functions and frozen objects only: no loose constants', () => {
    const loose = Object.entries(rxjsLayer)
      .filter(
        ([, value]) => typeof value !== 'function' && !(typeof value === 'object' && Object.isFrozen(value)),
      )
      .map(([name]) => name)
    expect(loose).toEqual([])
  })

  it('groups the defaults per feature, keyed by the option each one fills', () => {
    const defaults = Object.fromEntries(
      Object.entries(rxjsLayer).filter(([name]) => name.startsWith('DEFAULT_')),
    )
    expect(defaults).toEqual({
      DEFAULT_AGENT_SOCKET: {
        heartbeatIntervalMs: 4_000,
        heartbeatTimeoutMs: 3_000,
        silenceLimitMs: 300_000,
        closeTimeoutMs: 1_000,
        connectTimeoutMs: 15_000,
        lingerMs: 1_000,
        jwtReuses: 5,
      },
      DEFAULT_BACKOFF: rxjsLayer.DEFAULT_BACKOFF,
      DEFAULT_CONVERSATION_LIST: { limit: 200 },
      DEFAULT_KEEP_ALIVE: { intervalMs: 60_000, catchUpAfterMs: 5_000 },
      DEFAULT_MESSAGES: { pageSize: 200 },
      DEFAULT_OUTBOX: { storageKey: 'uc-conversation:outbox', databaseName: 'uc-conversation' },
      DEFAULT_POLL: { pollIntervalMs: 15_000, pollBudgetShare: 0.25 },
      DEFAULT_REVALIDATE: { revalidateMs: 120_000 },
      DEFAULT_SEND: { timeoutMs: 20_000 },
      DEFAULT_TAB_COORDINATION: { heartbeatMs: 400, leaseMs: 1_000 },
      DEFAULT_TYPING: { expiryMs: 5_000, throttleMs: 1_000 },
    })
  })

  it('uses the grouped defaults when an option is left out', () => {
    const stats = { sent: 0, queued: 0, inFlight: 0, retried: 0, rateLimited: 0 }
    const noBudget = { stats: { ...stats, budgetLeft: Number.POSITIVE_INFINITY } }
    expect(rxjsLayer.pollDelay(noBudget)).toBe(rxjsLayer.DEFAULT_POLL.pollIntervalMs)
    // 4 requests left of the hour, a quarter of them for this stream: one poll per hour, capped at 5 minutes.
    expect(rxjsLayer.pollDelay({ stats: { ...stats, budgetLeft: 4 } })).toBe(300_000)
    // The check while the socket is up: its own interval, stretched like a poll when the budget is low.
    expect(rxjsLayer.revalidateDelay(noBudget)).toBe(rxjsLayer.DEFAULT_REVALIDATE.revalidateMs)
    expect(rxjsLayer.revalidateDelay({ stats: { ...stats, budgetLeft: 4 } })).toBe(300_000)
    expect(rxjsLayer.revalidateDelay(noBudget, { revalidateMs: false })).toBeUndefined()
  })
})
