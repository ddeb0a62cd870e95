import type { ConversationParticipant, EventFrameOf } from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_MANUAL_START } from '../src'
import { eventOf, openAgentSocket, setup } from './helpers'

const AGENTS = [
  { simpleKey: 'ann-key', name: 'Ann' },
  { simpleKey: 'bo-key', name: 'Bo' },
]

describe('clock.step (a server clock that steps at runtime)', () => {
  let cleanup: (() => Promise<void>) | undefined
  afterEach(async () => {
    await cleanup?.()
    cleanup = undefined
  })

  it('moves server time at once; timers already scheduled keep their delay', async () => {
    const { emulator, close } = await setup('in-process')
    cleanup = close
    const fired: number[] = []
    emulator.clock.setTimeout(() => fired.push(emulator.clock.now()), 5_000)
    emulator.clock.step(-60_000)
    expect(emulator.clock.now()).toBe(DEFAULT_MANUAL_START - 60_000)
    expect(emulator.clock.offsetMs).toBe(-60_000)
    emulator.clock.advance(4_999)
    expect(fired).toEqual([])
    emulator.clock.advance(1)
    expect(fired).toEqual([DEFAULT_MANUAL_START - 55_000])
    emulator.clock.step(90_000)
    expect(emulator.clock.now()).toBe(DEFAULT_MANUAL_START + 35_000)
    expect(emulator.clock.offsetMs).toBe(30_000)
  })

  it('adds to clockOffsetMs, and refuses a step that is not a finite number', async () => {
    const { emulator, close } = await setup('in-process', { clockOffsetMs: 1_000 })
    cleanup = close
    emulator.clock.step(-61_000)
    expect(emulator.clock.offsetMs).toBe(-60_000)
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number])
      expect(() => emulator.clock.step(bad)).toThrow(RangeError)
    expect(emulator.clock.now()).toBe(DEFAULT_MANUAL_START - 60_000)
  })

  it('on the real clock too', async () => {
    const { emulator, close } = await setup('in-process', { clock: 'real' })
    cleanup = close
    emulator.clock.step(-60_000)
    expect(Math.abs(emulator.clock.now() - (Date.now() - 60_000))).toBeLessThan(5_000)
  })

  it('a rejoin after a step back is written at the stepped time, in REST answers and events alike', async () => {
    const { emulator, client, clientFor, close } = await setup('http', { agents: AGENTS })
    cleanup = close
    const bo = clientFor({ simpleKey: 'bo-key' })
    const boArn = emulator.agents[1]!.arn
    const socket = await openAgentSocket(client)
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support', question: 'hi' })
    await client.joinConversation(uuid)
    await bo.joinConversation(uuid)
    emulator.clock.advance(1_000)
    await bo.leaveConversation(uuid)
    const leftAt = emulator.clock.now()
    emulator.clock.step(-60_000)
    await bo.joinConversation(uuid)
    const rejoinedAt = leftAt - 60_000

    const boOf = (list: readonly ConversationParticipant[] | undefined) =>
      list?.find((p) => p.conversation_participant_arn === boArn)
    const listed = boOf((await client.getConversation(uuid)).conversation?.participants)
    expect(Date.parse(String(listed?.joined_dts))).toBe(rejoinedAt)
    expect(listed?.left_dts).toBeUndefined()
    await socket.sync()
    const joins = socket.frames.filter(eventOf('participant join')) as EventFrameOf<'participant join'>[]
    const joined = joins.at(-1)?.event_participant_join_participant
    expect(joined?.conversation_participant_arn).toBe(boArn)
    expect(Date.parse(String(joined?.joined_dts))).toBe(rejoinedAt)
    socket.close()

    // A conversation started after the step carries the stepped time too.
    const { conversationUuid: later } = emulator.customers.arrive({ queue: 'support', question: 'again' })
    const first = (await client.getConversationMessages(later, 0)).conversation_messages?.[0]
    expect(first?.message_epoch).toBe(rejoinedAt)
    expect(Date.parse(String(first?.message_dts))).toBe(rejoinedAt)
  })

  it('message_epoch still grows within a conversation across a step back', async () => {
    const { emulator, client, close } = await setup('in-process')
    cleanup = close
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support', question: 'hi' })
    emulator.clock.step(-60_000)
    emulator.customers.say(uuid, 'after the step')
    const epochs = ((await client.getConversationMessages(uuid, 0)).conversation_messages ?? []).map(
      (m) => m.message_epoch ?? Number.NaN,
    )
    expect(epochs).toEqual([DEFAULT_MANUAL_START, DEFAULT_MANUAL_START + 1])
  })
})
