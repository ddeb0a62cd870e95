import {
  type ConversationWebsocketFrame,
  createConversationClient,
  encodeAddCouponFrame,
  encodeAddItemFrame,
  isParticipantPresent,
} from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import { connectAgentSocket, conversationContext, conversationParticipants, queueStatuses } from '../src'
import { capture, type Harness, startHarness, until } from './emulator'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('today’s events against the emulator over a real websocket', () => {
  it('queue members, engaged customers, participants and the customer’s context stay live; every frame decodes', async () => {
    harness = await startHarness({
      agents: [
        { simpleKey: 'ann-key', name: 'Ann' },
        { simpleKey: 'bo-key', name: 'Bo' },
      ],
    })
    const { emulator, server, client, socket } = harness
    const ann = emulator.agents[0]!
    const bo = emulator.agents[1]!
    const rejected = capture(socket.rejected$)
    const frames = capture(socket.frames$)
    const eventTypes = () =>
      new Set(
        frames.values.flatMap((f: ConversationWebsocketFrame) => (f.type === 'event' ? [f.event_type] : [])),
      )
    const queues = capture(queueStatuses(client, { socket }))
    await until(() => queues.latest && socket.state.status === 'open', 'queues loaded')
    const waiting = (arn: string) =>
      queues.latest?.statuses
        .find((q) => q.queue_name === 'sales')
        ?.queue_entries?.some((e) => e.conversation_participant_arn === arn)

    const customer = emulator.customers.arrive({ queue: 'sales', question: 'Does the mug come in blue?' })
    await until(() => waiting(customer.arn), 'the new member waits in sales')
    const uuid = customer.conversationUuid
    const participants = capture(conversationParticipants(socket, uuid))
    const context = capture(conversationContext(socket, uuid))
    await until(() => participants.latest, 'participants loaded')
    await until(() => context.latest?.context !== undefined, 'context loaded')
    const present = () =>
      participants.latest?.participants
        .filter(isParticipantPresent)
        .map((p) => p.conversation_participant_arn)

    await client.joinConversation(uuid)
    await until(() => present()?.includes(ann.arn), 'Ann joined')
    await until(() => waiting(customer.arn) === false, 'the engaged customer left the queue')

    emulator.customers.browse(uuid, { url: 'https://shop.example/mug-blue', title: 'Blue mug' })
    await until(
      () => context.latest?.context?.current_url === 'https://shop.example/mug-blue',
      'page followed',
    )
    expect(context.latest?.page?.url).toBe('https://shop.example/mug-blue')

    // Bo joins and adds a coupon and an item to the customer's cart: Ann's streams see both.
    const boClient = createConversationClient({
      ...emulator.clientOptions({ server, agentArn: bo.arn }),
    })
    const boSocket = connectAgentSocket(boClient, { ...emulator.socketOptions({ server }), lingerMs: 0 })
    const boFrames = capture(boSocket.frames$)
    await until(() => boSocket.state.status === 'open', 'Bo connected')
    await boClient.joinConversation(uuid)
    await until(() => present()?.includes(bo.arn), 'Bo joined')
    expect(boSocket.send(encodeAddCouponFrame(uuid, 'BLUE10'))).toBe(true)
    expect(boSocket.send(encodeAddItemFrame(uuid, [{ item_id: 'MUG', quantity: 1 }]))).toBe(true)
    await until(
      () => context.latest?.coupons.length === 1 && context.latest.items.length === 1,
      'coupon and item',
    )
    expect(context.latest).toMatchObject({
      coupons: [{ coupon_code: 'BLUE10', agent_arn: bo.arn }],
      items: [{ agent_arn: bo.arn }],
    })

    await boClient.leaveConversation(uuid)
    await until(() => present()?.includes(bo.arn) === false, 'Bo left')
    expect(participants.latest!.participants.map((p) => p.conversation_participant_arn)).toContain(bo.arn)

    expect(rejected.values).toEqual([])
    for (const type of [
      'queue new member',
      'engage customer',
      'participant join',
      'participant left',
      'webchat context',
      'add coupon',
      'add item',
    ])
      expect(eventTypes(), type).toContain(type)
    for (const c of [participants, context, queues, frames, rejected, boFrames]) c.unsubscribe()
    expect(participants.errors).toEqual([])
    expect(context.errors).toEqual([])
    await until(() => emulator.sockets.count === 0, 'every socket closed after the last subscriber')
  }, 15_000)
})
