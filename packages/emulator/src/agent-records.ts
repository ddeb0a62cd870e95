import type { AgentStatus } from '@uc-conversation/core'
import type { AgentRecord, QueueRecord } from './state'

/** Fresh records of the configured agents: unavailable everywhere, default profiles, user ids from 10001. @internal */
export function agentRecordsOf(
  specs: readonly { arn: string; name: string; profileImageUrl?: string }[],
  queueNames: readonly string[],
): Map<string, AgentRecord> {
  return new Map(
    specs.map((a, i) => [
      a.arn,
      {
        arn: a.arn,
        name: a.name,
        ...(a.profileImageUrl ? { profileImageUrl: a.profileImageUrl } : {}),
        statuses: Object.fromEntries(queueNames.map((q) => [q, 'unavailable' as AgentStatus])),
        userId: 10_001 + i,
        profile: {
          display_name: a.name,
          chat_limit: 5,
          default_status: 'available',
          default_language_iso_code: 'en',
          ai: false,
        },
      },
    ]),
  )
}

/** An empty webchat queue. @internal */
export const newQueueRecord = (name: string, uuid: string): QueueRecord => ({
  uuid,
  name,
  entries: [],
  abandonCount: 0,
  abandonTotalMs: 0,
  chatCount: 0,
  chatTotalMs: 0,
  holdCount: 0,
  holdTotalMs: 0,
})
