import type { ConversationMedium, ConversationMessage } from '@uc-conversation/core'
import { cartItemOf } from './catalogue'
import type { Random } from './random'
import type { Simulation } from './simulation'
import {
  type AgentRecord,
  addConversation,
  type ConversationRecord,
  iso,
  type ParticipantRecord,
  type StateData,
} from './state'
import { addToCart, catalogueEntry, newWebchatContext, visitPage } from './webchat-context'

type Line = readonly [who: 'customer' | 'agent', text: string, afterSeconds: number]

interface HistorySpec {
  medium: ConversationMedium
  queue?: string
  customerName: string
  customerArn: string
  agent: AgentRecord
  startedMinutesAgo: number
  lines: readonly Line[]
  closed: boolean
}

/**
 * A pleasant demo data set: finished webchats in both queues, an open SMS thread, one live chat whose customer
 * still answers, and two customers waiting. Deterministic under the seed. @internal
 */
export function seedDemoData(deps: {
  state: StateData
  ids: Random
  now: number
  simulation: Simulation
  maxConversations: number
  /** The stream webchat contexts are drawn from. */
  contextRandom: Random
}) {
  const { state, ids, now } = deps
  const agents = [...state.agents.values()]
  const agent = agents[0]
  if (!agent) return
  const second = agents[1] ?? agent
  const prefix = `arn:ultracart:conversation:${state.merchantId}`
  const queueNames = [...state.queues.keys()]
  const support = queueNames.includes('support') ? 'support' : queueNames[0]
  const sales = queueNames.includes('sales') ? 'sales' : (queueNames[1] ?? support)

  const add = (spec: HistorySpec) => {
    const uuid = ids.uuid()
    const startMs = now - spec.startedMinutesAgo * 60_000
    const customer: ParticipantRecord = {
      uuid: ids.uuid(),
      arn: spec.customerArn,
      name: spec.customerName,
      role: 'customer',
      status: spec.closed ? 'left' : 'active',
      joinedMs: startMs,
      lastReadEpoch: 0,
    }
    const agentJoin = startMs + 30_000
    const agentP: ParticipantRecord = {
      uuid: ids.uuid(),
      arn: spec.agent.arn,
      name: spec.agent.name,
      role: 'agent',
      ...(spec.agent.profileImageUrl ? { profileImageUrl: spec.agent.profileImageUrl } : {}),
      status: spec.closed ? 'left' : 'active',
      joinedMs: agentJoin,
      lastReadEpoch: 0,
    }
    const messages: ConversationMessage[] = []
    let epoch = startMs
    for (const [who, text, after] of spec.lines) {
      epoch = Math.max(epoch + 1, startMs + after * 1000)
      const author = who === 'customer' ? customer : agentP
      const reader = who === 'customer' ? agentP : customer
      author.lastMessageMs = epoch
      author.lastReadEpoch = epoch
      messages.push({
        conversation_message_uuid: ids.uuid(),
        merchant_id: state.merchantId,
        type: 'message',
        author_conversation_participant_arn: author.arn,
        author_conversation_participant_name: author.name,
        body: text,
        media_urls: [],
        upload_keys: [],
        message_dts: iso(epoch),
        message_epoch: epoch,
        transport_statuses: [
          {
            conversation_participant_arn: reader.arn,
            status: spec.closed || who === 'agent' ? 'read' : 'sent',
          },
        ],
      })
    }
    // Closed chats were read to the end by both sides; an open one leaves the last customer line unread.
    if (spec.closed) {
      customer.lastReadEpoch = epoch
      agentP.lastReadEpoch = epoch
      customer.leftMs = epoch + 20_000
      agentP.leftMs = epoch + 30_000
    }
    const c: ConversationRecord = {
      uuid,
      arn: `${prefix}:conversation:${uuid}`,
      medium: spec.medium,
      closed: spec.closed,
      startMs,
      ...(spec.closed ? { closedMs: epoch + 20_000 } : {}),
      ...(spec.queue ? { queueName: spec.queue } : {}),
      chatStartMs: agentJoin,
      messages,
      messageCount: messages.length,
      lastEpoch: epoch,
      participants: [customer, agentP],
    }
    addConversation(state, c, deps.maxConversations)
    const q = spec.queue ? state.queues.get(spec.queue) : undefined
    if (q) {
      q.holdCount++
      q.holdTotalMs += 30_000
      if (spec.closed) {
        q.chatCount++
        q.chatTotalMs += epoch - agentJoin
      }
    }
    spec.agent.lastChatMs = Math.max(spec.agent.lastChatMs ?? 0, agentJoin)
    return c
  }

  const webCustomer = () => `${prefix}:participant:customer:${ids.uuid()}`

  add({
    medium: 'websocket',
    ...(support ? { queue: support } : {}),
    customerName: 'Marta Alvarez',
    customerArn: webCustomer(),
    agent,
    startedMinutesAgo: 300,
    closed: true,
    lines: [
      ['customer', 'Hi! I ordered a kettle last week and it still says processing.', 0],
      ['agent', 'Hi Marta, let me look that up for you.', 40],
      ['agent', 'It shipped this morning: tracking number 1Z999AA10123456784.', 95],
      ['customer', 'Wonderful, thanks!', 120],
    ],
  })
  add({
    medium: 'websocket',
    ...(sales ? { queue: sales } : {}),
    customerName: 'Tom Becker',
    customerArn: webCustomer(),
    agent: second,
    startedMinutesAgo: 180,
    closed: true,
    lines: [
      ['customer', 'Do you offer a discount for 50 units?', 0],
      ['agent', 'We do: 10% from 25 units and 15% from 100.', 50],
      ['customer', 'Great, I will place the order today.', 110],
    ],
  })
  add({
    medium: 'sms',
    customerName: '+1 555 010 0199',
    customerArn: `${prefix}:participant:sms:+15550100199`,
    agent,
    startedMinutesAgo: 90,
    closed: false,
    lines: [
      ['customer', 'Is my appointment still on for Friday?', 0],
      ['agent', 'Yes, Friday at 10am. See you then!', 120],
      ['customer', 'Could we move it to 11?', 3600],
    ],
  })
  const live = add({
    medium: 'websocket',
    ...(support ? { queue: support } : {}),
    customerName: 'Priya Raman',
    customerArn: webCustomer(),
    agent,
    startedMinutesAgo: 6,
    closed: false,
    lines: [
      ['customer', 'Hello, the discount code SPRING10 does not work at checkout.', 0],
      ['agent', 'Sorry about that! Which items are in your cart?', 45],
      ['customer', 'Two mugs and a teapot.', 90],
    ],
  })
  // The live customer's cart holds what she says it does.
  const webchat = newWebchatContext(deps.contextRandom, state.merchantId, live.startMs)
  webchat.context.cart = { ...webchat.context.cart, items: [], coupons: [{ coupon_code: 'SPRING10' }] }
  addToCart(webchat.context, [cartItemOf(catalogueEntry('MUG')!, 2)])
  visitPage(webchat.context, { url: 'https://shop.example.com/cart', title: 'Your cart' })
  live.webchat = webchat.context
  live.ucacid = webchat.ucacid
  seedChatSetUp(state, agent)
  const liveCustomer = live.participants[0]!
  deps.simulation.adopt({
    conversationUuid: live.uuid,
    arn: liveCustomer.arn,
    name: liveCustomer.name,
    queueName: live.queueName ?? '',
    phase: 'chatting',
    joinMs: live.startMs,
    patienceMs: 0,
    repliesLeft: 2,
    lastAgentMs: now,
  })
  for (const a of agents) for (const q of queueNames) a.statuses[q] = a === agent ? 'available' : 'busy'
  if (support) deps.simulation.arrive({ queue: support })
  if (sales) deps.simulation.arrive({ queue: sales })
}

/** Saved replies, a department and an engagement, as a merchant who uses the console has them. */
function seedChatSetUp(state: StateData, agent: AgentRecord) {
  const chat = state.chat
  const department = { oid: chat.nextOid++, name: 'Support', memberUserIds: [agent.userId], settings: {} }
  chat.departments.push(department)
  for (const [short_code, canned_message] of [
    ['hello', 'Hi, thanks for reaching out! How can I help you today?'],
    ['shipping', 'Orders ship within 2 business days; you will get a tracking number by email.'],
    ['returns', 'You can return anything within 30 days: start at shop.example.com/returns.'],
    ['discount', 'Let me add a coupon to your cart for you.'],
  ])
    chat.cannedMessages.push({
      conversation_canned_message_oid: chat.nextOid++,
      short_code,
      canned_message,
      conversation_department_oids: [department.oid],
    })
  chat.engagements.push({
    conversation_engagement_oid: chat.nextOid++,
    engagement_name: 'Help at the cart',
    active: true,
    customer_initiated: false,
    customer_greeting: 'Questions about your order? We are here.',
    time_on_page: 30,
    visitor_type: 'all',
    department_oids: [department.oid],
    equation: {
      groups: [
        {
          functions: [
            { type: 'current page url', current_page_url_logic: 'contains', current_page_url_value: '/cart' },
          ],
        },
      ],
    },
  })
}
