import { describe, expect, it } from 'vitest'
import type { ConversationWebchatQueueStatus } from './types'
import { webchatQueueUuids } from './webchat-queue-uuids'

describe('webchatQueueUuids', () => {
  it('maps each queue name to the uuid its entries carry', () => {
    const statuses: ConversationWebchatQueueStatus[] = [
      {
        queue_name: 'sales',
        queue_entries: [
          { conversation_participant_arn: 'a', conversation_webchat_queue_uuid: 'q-sales' },
          { conversation_participant_arn: 'b', conversation_webchat_queue_uuid: 'q-sales' },
        ],
      },
      { queue_name: 'support', queue_entries: [{ conversation_webchat_queue_uuid: 'q-support' }] },
    ]
    expect(webchatQueueUuids(statuses)).toEqual(
      new Map([
        ['sales', 'q-sales'],
        ['support', 'q-support'],
      ]),
    )
  })

  it('an entry’s own queue_name (today’s revision) wins over the status it is listed under', () => {
    const entry = { queue_name: 'returns', conversation_webchat_queue_uuid: 'q-returns' }
    expect(webchatQueueUuids([{ queue_name: 'all', queue_entries: [entry] }])).toEqual(
      new Map([['returns', 'q-returns']]),
    )
  })

  it('a queue nobody waits in has no known uuid; entries without a uuid or a name are skipped', () => {
    const map = webchatQueueUuids([
      { queue_name: 'empty', queue_entries: [] },
      { queue_name: 'quiet' },
      { queue_name: 'odd', queue_entries: [{ conversation_participant_arn: 'x' }] },
      { queue_entries: [{ conversation_webchat_queue_uuid: 'nameless' }] },
    ])
    expect(map.size).toBe(0)
    expect(webchatQueueUuids(undefined).size).toBe(0)
  })

  it('keeps the first uuid listed when two entries of one name disagree', () => {
    const map = webchatQueueUuids([
      { queue_name: 'sales', queue_entries: [{ conversation_webchat_queue_uuid: 'first' }] },
      { queue_name: 'sales', queue_entries: [{ conversation_webchat_queue_uuid: 'second' }] },
    ])
    expect(map.get('sales')).toBe('first')
  })
})
