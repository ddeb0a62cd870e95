import { readFileSync } from 'node:fs'
import type { EventFrameOf } from '@uc-conversation/core'
import { getConversationContext } from '@uc-conversation/core/operations'
import { Ajv } from 'ajv'
import { afterEach, describe, expect, it } from 'vitest'
import { eventOf, openAgentSocket, setup, type TestSocket } from './helpers'

// Every frame the emulator pushes during a simulation, to agents and to the customer side, validated against
// the spec's ConversationWebsocketMessage (closed: no property the spec does not name), and the new events of
// today's API produced by what customers and agents do.

interface Schema {
  $ref?: string
  properties?: Record<string, Schema>
  items?: Schema
}
const spec = JSON.parse(
  readFileSync(new URL('../../../spec/conversation.openapi.json', import.meta.url), 'utf8'),
) as {
  components: { schemas: Record<string, Schema> }
}
const closed = (schema: Schema): Schema =>
  schema.properties
    ? ({
        ...schema,
        additionalProperties: false,
        properties: Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, closed(v)])),
      } as Schema)
    : schema.items
      ? { ...schema, items: closed(schema.items) }
      : schema
const ajv = new Ajv({ strict: false, allErrors: true })
ajv.addSchema({
  $id: 'spec',
  components: {
    schemas: Object.fromEntries(Object.entries(spec.components.schemas).map(([k, v]) => [k, closed(v)])),
  },
})
const validateFrame = ajv.compile({ $ref: 'spec#/components/schemas/ConversationWebsocketMessage' })

const TWO_AGENTS = {
  agents: [
    { simpleKey: 'key-a', name: 'Alice' },
    { simpleKey: 'key-b', name: 'Bob' },
  ],
  customers: { autoReply: true, browseChance: 1 },
}

const sockets: TestSocket[] = []
let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close()
  await cleanup?.()
  cleanup = undefined
})

/** Opens an agent socket and records every frame as sent (the raw text, before any decoding). */
async function rawSocket(client: Parameters<typeof openAgentSocket>[0], raw: string[]) {
  const socket = await openAgentSocket(client)
  sockets.push(socket)
  socket.raw.on('message', (data) => raw.push(String(data)))
  return socket
}

describe('websocket frames during a simulation', () => {
  it('are all valid ConversationWebsocketMessages and include every event type the emulator produces', async () => {
    const env = await setup('http', TWO_AGENTS)
    cleanup = env.close
    const { emulator } = env
    const alice = env.clientFor({ simpleKey: 'key-a' })
    const bob = env.clientFor({ simpleKey: 'key-b' })
    const raw: string[] = []
    const sa = await rawSocket(alice, raw)
    const sb = await rawSocket(bob, raw)

    const { conversationUuid: uuid } = emulator.customers.arrive({
      queue: 'support',
      email: 'ada@example.com',
    })
    const waiting = emulator.customers.arrive({ queue: 'sales' })
    sa.send({ type: 'check queue position', conversation_uuid: waiting.conversationUuid })
    await alice.updateConversationWebchatQueueStatus('support', { agent_status: 'available' })
    await alice.joinConversation(uuid)
    await bob.joinConversation(uuid)
    emulator.customers.browse(uuid)
    emulator.customers.addToCart(uuid, 'MUG', 2)
    sa.send({
      type: 'event',
      event_type: 'add item',
      conversation_uuid: uuid,
      event_add_item: {
        items: [
          { item_id: 'TSHIRT', quantity: 1, variations: [{ variation_name: 'Size', variation_value: 'L' }] },
        ],
      },
    })
    sa.send({
      type: 'event',
      event_type: 'add coupon',
      conversation_uuid: uuid,
      event_add_coupon: { coupon_code: 'WELCOME10' },
    })
    sa.send({
      type: 'event',
      event_type: 'typing',
      conversation_uuid: uuid,
      event_typing: { value: 'Let me check' },
    })
    sa.send({ type: 'message', conversation_uuid: uuid, message: { body: 'Your order ships tomorrow.' } })
    await sa.sync()
    await sb.waitFor(eventOf('add coupon'))
    emulator.clock.advance(10_000) // sent statuses, the customer reads, types and replies
    emulator.customers.step() // browses (browseChance 1)
    await bob.leaveConversation(uuid)
    emulator.customers.leave(uuid)
    await sa.sync()
    await sb.sync()

    const customerFrames = [uuid, waiting.conversationUuid].flatMap((u) => emulator.customers.frames(u))
    const frames = [...raw.map((text) => JSON.parse(text) as unknown), ...customerFrames]
    const invalid = frames.filter((f) => !validateFrame(f))
    expect(invalid, JSON.stringify(ajv.errors)).toEqual([])
    const types = new Set(
      frames.map((f) => {
        const frame = f as { type: string; event_type?: string }
        return frame.type === 'event' ? frame.event_type : frame.type
      }),
    )
    // The figure for the report.
    console.info(`${frames.length} frames, ${types.size} types: ${[...types].sort().join(', ')}`)
    for (const type of [
      'message',
      'ping',
      'new conversation',
      'new message',
      'updated message',
      'read message',
      'typing',
      'queue position',
      'queue status update',
      'participant update',
      'conversation closed',
      'participant join',
      'participant left',
      'queue new member',
      'engage customer',
      'webchat context',
      'add item',
      'add coupon',
    ])
      expect(types, type).toContain(type)
  })

  it('join and leave carry the participant; queue events carry the entry; context events where the customer is', async () => {
    const env = await setup('http', TWO_AGENTS)
    cleanup = env.close
    const { emulator } = env
    const alice = env.clientFor({ simpleKey: 'key-a' })
    const bob = env.clientFor({ simpleKey: 'key-b' })
    const sb = await rawSocket(bob, [])
    const { conversationUuid: uuid, arn } = emulator.customers.arrive({
      queue: 'support',
      name: 'Ada Moreau',
    })

    const member = await sb.waitFor<EventFrameOf<'queue new member'>>(eventOf('queue new member'))
    expect(member.conversation_uuid).toBe(uuid)
    expect(member.event_queue_new_member).toMatchObject({
      conversation_participant_arn: arn,
      conversation_participant_name: 'Ada Moreau',
    })

    await alice.joinConversation(uuid)
    const engaged = await sb.waitFor<EventFrameOf<'engage customer'>>(eventOf('engage customer'))
    expect(engaged.event_engage_customer).toEqual(member.event_queue_new_member)
    const joined = await sb.waitFor<EventFrameOf<'participant join'>>(eventOf('participant join'))
    expect(joined.event_participant_join_participant).toMatchObject({
      conversation_participant_arn: emulator.agents[0]!.arn,
      status: 'active',
    })
    expect(joined.event_participant_join?.participants?.map((p) => p.conversation_participant_arn)).toContain(
      emulator.agents[0]!.arn,
    )

    await bob.joinConversation(uuid)
    emulator.customers.browse(uuid, { url: 'https://shop.example.com/cart', title: 'Your cart' })
    const context = await sb.waitFor<EventFrameOf<'webchat context'>>(eventOf('webchat context'))
    const stored = await alice.call(getConversationContext, uuid)
    expect(context.event_webchat_context).toEqual({
      url: 'https://shop.example.com/cart',
      cart_id: stored.cart?.cart_id,
      ucacid: expect.stringMatching(/^[0-9a-f]{24}$/),
    })
    expect(stored.current_url).toBe('https://shop.example.com/cart')
    expect(stored.page_view?.at(-1)).toMatchObject({
      url: 'https://shop.example.com/cart',
      title: 'Your cart',
    })

    await alice.leaveConversation(uuid)
    const left = await sb.waitFor<EventFrameOf<'participant left'>>(eventOf('participant left'))
    expect(left.event_participant_left_participant).toMatchObject({
      conversation_participant_arn: emulator.agents[0]!.arn,
      status: 'left',
    })
  })

  it("an agent's add item and add coupon reach the other agents and the customer and change the cart", async () => {
    const env = await setup('http', TWO_AGENTS)
    cleanup = env.close
    const { emulator } = env
    const alice = env.clientFor({ simpleKey: 'key-a' })
    const bob = env.clientFor({ simpleKey: 'key-b' })
    const sa = await rawSocket(alice, [])
    const sb = await rawSocket(bob, [])
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support' })
    await alice.joinConversation(uuid)
    await bob.joinConversation(uuid)
    const before = await alice.call(getConversationContext, uuid)
    sa.send({
      type: 'event',
      event_type: 'add item',
      conversation_uuid: uuid,
      event_add_item: {
        items: [
          { item_id: 'HOODIE', quantity: 2 },
          { item_id: 'NOT-SOLD-HERE', quantity: 1 },
        ],
      },
    })
    sa.send({
      type: 'event',
      event_type: 'add coupon',
      conversation_uuid: uuid,
      event_add_coupon: { coupon_code: 'FREESHIP' },
    })
    const added = await sb.waitFor<EventFrameOf<'add item'>>(eventOf('add item'))
    expect(added.event_add_item).toMatchObject({ agent_arn: emulator.agents[0]!.arn, agent_name: 'Alice' })
    expect(added.event_add_item?.items?.map((i) => [i.item_id, i.quantity])).toEqual([['HOODIE', 2]])
    const coupon = await sb.waitFor<EventFrameOf<'add coupon'>>(eventOf('add coupon'))
    expect(coupon.event_add_coupon).toEqual({
      agent_arn: emulator.agents[0]!.arn,
      agent_name: 'Alice',
      coupon_code: 'FREESHIP',
    })
    await sa.sync()
    // The sender is not told what it did itself.
    expect(sa.frames.some(eventOf('add item'))).toBe(false)
    expect(emulator.customers.frames(uuid).some(eventOf('add item'))).toBe(true)
    const after = await alice.call(getConversationContext, uuid)
    expect(after.cart?.items?.length).toBe(
      (before.cart?.items?.length ?? 0) + (before.cart?.items?.some((i) => i.item_id === 'HOODIE') ? 0 : 1),
    )
    expect(after.cart?.items?.find((i) => i.item_id === 'HOODIE')?.unit_cost?.value).toBe(59)
    expect(after.cart?.coupons).toEqual([{ coupon_code: 'FREESHIP' }])
  })
})
