import type { ConversationClient, ConversationMessage } from '@uc-conversation/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findDelivered, type LoadPage } from '../src/internal/outbox-verify'

const pagesOf =
  (client: ConversationClient): LoadPage =>
  (uuid, since, limit, signal) =>
    client.getConversationMessages(uuid, since, { limit, signal })

/** A model server: `since` read inclusively or exclusively, pages in epoch order. */
function modelServer(messages: ConversationMessage[], reading: 'inclusive' | 'exclusive') {
  const sorted = [...messages].sort((a, b) => a.message_epoch! - b.message_epoch!)
  let requests = 0
  const client = {
    getConversationMessages: async (_uuid: string, since: number, options: { limit?: number } = {}) => {
      if (++requests > 10_000) throw new Error('looping')
      if (!Number.isSafeInteger(since) || since < 0) throw new Error(`bad since ${since}`)
      const newer = sorted.filter((m) =>
        reading === 'inclusive' ? m.message_epoch! >= since : m.message_epoch! > since,
      )
      return { conversation_messages: newer.slice(0, options.limit) }
    },
  } as unknown as ConversationClient
  return { client, requests: () => requests }
}

const message = (i: number, epoch: number): ConversationMessage => ({
  conversation_message_uuid: `m-${i}`,
  client_message_id: `c-${i}`,
  message_epoch: epoch,
  body: `${i}`,
})

describe('findDelivered (did my write arrive, from server epochs)', () => {
  for (const reading of ['inclusive', 'exclusive'] as const)
    it(`finds every written id at or after afterEpoch, never loops (since read ${reading}ly)`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 40 }),
          fc.integer({ min: 2, max: 7 }),
          fc.integer({ min: 0, max: 39 }),
          async (epochSteps, pageSize, pick) => {
            // Epochs advance by 0..: many messages share one epoch (steps of 1..6, divided to make ties).
            let epoch = 1_000
            const messages = epochSteps.map((step, i) => {
              epoch += Math.floor(step / 3)
              return message(i, epoch)
            })
            const target = messages[pick % messages.length]!
            // The newest epoch seen before the write: the target's own epoch or earlier.
            const afterEpoch = target.message_epoch! - (pick % 2)
            const server = modelServer(messages, reading)
            const found = await findDelivered(
              pagesOf(server.client),
              'c',
              afterEpoch,
              [target.client_message_id!, 'never-written'],
              new AbortController().signal,
              pageSize,
            )
            // Unless more messages share one epoch than a page holds, which no cursor can page past.
            const ties = messages.filter((m) => m.message_epoch === target.message_epoch).length
            if (ties < pageSize) {
              expect(found.map((m) => m.client_message_id)).toEqual([target.client_message_id])
            }
            expect(server.requests()).toBeLessThanOrEqual(2 * messages.length + 2)
          },
        ),
        { numRuns: 300 },
      )
    })

  it('stops as soon as every id is found, and ignores hostile epochs', async () => {
    const messages = [message(0, 5), { ...message(1, 1e20) }, { ...message(2, 7.5) }, message(3, 9)]
    const server = modelServer(messages, 'exclusive')
    const found = await findDelivered(
      pagesOf(server.client),
      'c',
      0,
      ['c-0'],
      new AbortController().signal,
      1,
    )
    expect(found.map((m) => m.client_message_id)).toEqual(['c-0'])
    expect(server.requests()).toBe(1)
  })

  it('ends against a server that answers the same full page whatever since says', async () => {
    let requests = 0
    const client = {
      getConversationMessages: async () => {
        requests++
        return { conversation_messages: [message(0, 5), message(1, 5)] }
      },
    } as unknown as ConversationClient
    const found = await findDelivered(pagesOf(client), 'c', 0, ['nope'], new AbortController().signal, 2)
    expect(found).toEqual([])
    expect(requests).toBeLessThanOrEqual(4)
  })
})
