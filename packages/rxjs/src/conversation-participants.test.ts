import {
  type ConversationParticipant,
  ConversationValidationError,
  isParticipantPresent,
} from '@uc-conversation/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeSocketSetup, flush, http } from '../test/fakes'
import {
  type ConversationParticipantsState,
  conversationParticipants,
  reduceConversationParticipants,
} from './conversation-participants'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString()
const customer: ConversationParticipant = {
  conversation_participant_arn: 'arn:customer',
  conversation_participant_name: 'Cy',
  joined_dts: at(0),
}
const ann = (patch: Partial<ConversationParticipant> = {}): ConversationParticipant => ({
  conversation_participant_arn: 'arn:ann',
  conversation_participant_name: 'Ann',
  joined_dts: at(1),
  ...patch,
})
const join = (uuid: string, participant: ConversationParticipant) => ({
  type: 'event' as const,
  event_type: 'participant join' as const,
  conversation_uuid: uuid,
  event_participant_join: { conversation_uuid: uuid },
  event_participant_join_participant: participant,
})
const left = (uuid: string, participant: ConversationParticipant) => ({
  type: 'event' as const,
  event_type: 'participant left' as const,
  conversation_uuid: uuid,
  event_participant_left: { conversation_uuid: uuid },
  event_participant_left_participant: participant,
})
const names = (s: ConversationParticipantsState | undefined) =>
  s?.participants.map((p) => `${p.conversation_participant_name}${isParticipantPresent(p) ? '' : ' (left)'}`)

function setUp(participants: ConversationParticipant[]) {
  const { server, fakes, socket } = fakeSocketSetup()
  const seed = { participants }
  server.client.getConversation.mockImplementation(async () => ({
    success: true,
    conversation: { conversation_uuid: 'c', participants: seed.participants },
  }))
  return { server, fakes, socket, seed }
}

describe('reduceConversationParticipants', () => {
  it('applies joins, leaves and the participants a summary lists; other frames change nothing', () => {
    const joined = reduceConversationParticipants([customer], join('c', ann()))
    expect(joined.map((p) => p.conversation_participant_arn)).toEqual(['arn:customer', 'arn:ann'])
    const listed = reduceConversationParticipants([customer], {
      type: 'event',
      event_type: 'participant update',
      event_participant_update: { conversation_uuid: 'c', participants: [customer, ann()] },
    })
    expect(listed).toEqual(joined)
    expect(reduceConversationParticipants(joined, { type: 'ping' })).toBe(joined)
    expect(reduceConversationParticipants(joined, join('c', ann()))).toBe(joined)
  })
})

describe('conversationParticipants', () => {
  it('is seeded by getConversation and follows join and left events of its conversation only', async () => {
    const { server, fakes, socket } = setUp([customer])
    const states: ConversationParticipantsState[] = []
    const sub = conversationParticipants(socket, 'c').subscribe((s) => states.push(s))
    await flush()
    expect(server.client.getConversation).toHaveBeenCalledWith('c', expect.objectContaining({ limit: 1 }))
    expect(states[0]).toMatchObject({ source: 'initial' })
    expect(names(states[0])).toEqual(['Cy'])
    fakes.last.open()
    await flush()
    fakes.last.receive(join('c', ann()))
    expect(names(states.at(-1))).toEqual(['Cy', 'Ann'])
    expect(states.at(-1)).toMatchObject({ source: 'socket', freshness: 'live' })
    const count = states.length
    fakes.last.receive(
      join('other', ann({ conversation_participant_arn: 'arn:bo', conversation_participant_name: 'Bo' })),
    )
    expect(states).toHaveLength(count)
    fakes.last.receive(left('c', ann({ left_dts: at(5) })))
    expect(names(states.at(-1))).toEqual(['Cy', 'Ann (left)'])
    sub.unsubscribe()
  })

  it('is seeded again after a reconnect, and the server’s list beats remembered event times (clock stepped back)', async () => {
    const { server, fakes, socket, seed } = setUp([customer, ann()])
    const states: ConversationParticipantsState[] = []
    const sub = conversationParticipants(socket, 'c').subscribe((s) => states.push(s))
    await flush()
    fakes.last.open()
    await flush()
    fakes.last.receive(left('c', ann({ left_dts: at(5) })))
    expect(names(states.at(-1))).toEqual(['Cy', 'Ann (left)'])
    const loads = server.client.getConversation.mock.calls.length
    // While the socket was down Bo joined, and Ann rejoined after the server's clock stepped back 60 s: her
    // join is older than the leave this stream remembers, yet the server lists her active.
    seed.participants = [
      customer,
      ann({ joined_dts: at(4) }),
      { conversation_participant_arn: 'arn:bo', conversation_participant_name: 'Bo', joined_dts: at(6) },
    ]
    fakes.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(60_000)
    fakes.last.open()
    await flush()
    expect(server.client.getConversation.mock.calls.length).toBeGreaterThan(loads)
    expect(names(states.at(-1))).toEqual(['Cy', 'Ann', 'Bo'])
    expect(states.at(-1)?.freshness).toBe('live')
    sub.unsubscribe()
  })

  it('a rejoin the merge rule refuses (server clock stepped back) loads at once and is behind until then', async () => {
    const { server, fakes, socket, seed } = setUp([customer, ann({ left_dts: at(5) })])
    const states: ConversationParticipantsState[] = []
    const sub = conversationParticipants(socket, 'c').subscribe((s) => states.push(s))
    await flush()
    fakes.last.open()
    await flush()
    expect(names(states.at(-1))).toEqual(['Cy', 'Ann (left)'])
    const loads = server.client.getConversation.mock.calls.length
    let answer: (() => void) | undefined
    seed.participants = [customer, ann({ joined_dts: at(4) })]
    server.client.getConversation.mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          answer = () =>
            resolve({
              success: true,
              conversation: { conversation_uuid: 'c', participants: seed.participants },
            })
        }),
    )
    fakes.last.receive(join('c', ann({ joined_dts: at(4) })))
    expect(server.client.getConversation.mock.calls.length).toBe(loads + 1)
    expect(states.at(-1)).toMatchObject({ freshness: 'behind' })
    expect(names(states.at(-1))).toEqual(['Cy', 'Ann (left)'])
    answer?.()
    await flush()
    expect(names(states.at(-1))).toEqual(['Cy', 'Ann'])
    expect(states.at(-1)?.freshness).toBe('live')
    sub.unsubscribe()
  })

  it('starts from participants loaded before (initial) and loads only to catch up when the socket opens', async () => {
    const { server, fakes, socket, seed } = setUp([customer, ann()])
    const states: ConversationParticipantsState[] = []
    const sub = conversationParticipants(socket, 'c', { initial: [ann(), customer] }).subscribe((s) =>
      states.push(s),
    )
    expect(states).toHaveLength(1)
    expect(states[0]).toMatchObject({ source: 'initial' })
    expect(names(states[0])).toEqual(['Cy', 'Ann'])
    await flush()
    expect(server.client.getConversation).not.toHaveBeenCalled()
    seed.participants = [customer, ann({ left_dts: at(3) })]
    fakes.last.open()
    await flush()
    expect(server.client.getConversation).toHaveBeenCalledTimes(1)
    expect(states.at(-1)).toMatchObject({ source: 'catch-up' })
    expect(names(states.at(-1))).toEqual(['Cy', 'Ann (left)'])
    sub.unsubscribe()
  })

  it('keeps a join that arrives while a reload is in flight', async () => {
    const { server, fakes, socket } = setUp([customer])
    let release: (() => void) | undefined
    server.client.getConversation.mockImplementationOnce(async () => {
      await new Promise<void>((r) => (release = r))
      return { success: true, conversation: { conversation_uuid: 'c', participants: [customer] } }
    })
    const states: ConversationParticipantsState[] = []
    const sub = conversationParticipants(socket, 'c').subscribe((s) => states.push(s))
    await flush()
    fakes.last.open()
    fakes.last.receive(join('c', ann()))
    release?.()
    await flush()
    expect(names(states.at(-1))).toEqual(['Cy', 'Ann'])
    sub.unsubscribe()
  })

  it('tears down: no timer, no socket, no request in flight after unsubscribe', async () => {
    const { server, fakes, socket } = setUp([customer])
    let aborted: AbortSignal | undefined
    server.client.getConversation.mockImplementation(
      async (_uuid: string, options: { signal: AbortSignal }) => {
        aborted = options.signal
        return new Promise(() => {})
      },
    )
    const sub = conversationParticipants(socket, 'c').subscribe()
    await flush()
    expect(fakes.sockets).toHaveLength(1)
    sub.unsubscribe()
    await flush()
    expect(aborted?.aborted).toBe(true)
    expect(fakes.last.isClosed).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('refuses an empty conversation uuid before anything is sent, naming the field', () => {
    const { server, socket } = setUp([])
    expect(() => conversationParticipants(socket, '')).toThrow(ConversationValidationError)
    expect(() => conversationParticipants(socket, '')).toThrow(/conversation_uuid/)
    expect(server.client.getConversation).not.toHaveBeenCalled()
  })

  it('a permanent failure (404) ends the stream', async () => {
    const { server, socket } = setUp([])
    server.client.getConversation.mockRejectedValue(http(404))
    let failed: unknown
    conversationParticipants(socket, 'c').subscribe({ error: (e) => (failed = e) })
    await flush()
    expect(failed).toMatchObject({ status: 404 })
  })
})
