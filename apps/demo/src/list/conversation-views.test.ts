import type { ConversationSummary } from '@uc-conversation/core'
import { describe, expect, it } from 'vitest'
import { inView } from './conversation-views'

const me = 'arn:agent:1'
const other = 'arn:agent:2'
const customer = { conversation_participant_arn: 'arn:customer:1', status: 'active' }
const agents = new Set([me, other])
const views = (c: ConversationSummary) =>
  (['mine', 'waiting', 'open', 'closed'] as const).filter((v) => inView(v, c, me, agents))

describe('inView', () => {
  it('puts each conversation in the views it belongs to', () => {
    expect(views({ participants: [customer] })).toEqual(['waiting', 'open'])
    expect(
      views({ participants: [customer, { conversation_participant_arn: me, status: 'active' }] }),
    ).toEqual(['mine', 'open'])
    expect(
      views({ participants: [customer, { conversation_participant_arn: other, status: 'active' }] }),
    ).toEqual(['open'])
    expect(views({ closed: true, participants: [customer] })).toEqual(['closed'])
  })
  it('counts an agent who left as gone: the customer waits again, and it is not mine', () => {
    const left = { conversation_participant_arn: me, status: 'left', left_dts: '2026-01-01T00:00:00Z' }
    expect(views({ participants: [customer, left] })).toEqual(['waiting', 'open'])
  })
})
