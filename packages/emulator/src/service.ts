import type {
  AgentStatus,
  ConversationMedium,
  ConversationMessage,
  ConversationSchemas,
  EventFrameOf,
} from '@uc-conversation/core'
import type { AgentSessions } from './agent-sessions'
import type { Broadcast } from './broadcast'
import { activeAgentArns, customerOf } from './broadcast'
import type { Clock, TimerSet } from './clock'
import { eventFrame } from './event-frame'
import { HttpError } from './http-error'
import type { ConnectionEntry, Hub } from './hub'
import { MAX_MESSAGE_BODY_LENGTH } from './options'
import type { Random } from './random'
import {
  type AgentRecord,
  addConversation,
  type ConversationRecord,
  iso,
  type ParticipantRecord,
  type StateData,
} from './state'
import { takeQueueEntry } from './take-queue-entry'
import { addCouponToCart, addToCart, webchatContextEvent } from './webchat-context'

type WebchatContext = ConversationSchemas['ConversationWebchatContext']
type CartItem = ConversationSchemas['CartItem']

/** @internal */
export interface ServiceConfig {
  state: StateData
  hub: Hub
  broadcast: Broadcast
  sessions: AgentSessions
  clock: Clock
  timers: TimerSet
  ids: Random
  maxConversations: number
  maxMessages: number
  /** Delay before `accepted` becomes `sent`. */
  sentAfterMs: number
  /** The public URL of an uploaded file, or undefined when the key holds no file. */
  mediaUrl: (uploadKey: string) => string | undefined
}

/** What a chat message carries in. @internal */
export interface MessageInput {
  body: string
  client_message_id?: string
  media_urls?: readonly string[]
  upload_keys?: readonly string[]
  type?: 'message' | 'notice'
}

/**
 * The domain: every change to conversations, queues and agents goes through here, and every change pushes the
 * frames the fact sheet describes. Routes, the socket handler and the simulation call it; none of them touch
 * the state's conversations directly. @internal
 */
export interface Service {
  /** The conversation, or a 404 in UltraCart's envelope. */
  conversation(uuid: string): ConversationRecord
  /** Posts a message and pushes it; undefined when the conversation is closed or the message empty. */
  postMessage(
    c: ConversationRecord,
    author: ParticipantRecord,
    input: MessageInput,
  ): ConversationMessage | undefined
  /** `reader` has read everything up to `upTo` (a message uuid or an epoch). */
  markRead(c: ConversationRecord, reader: ParticipantRecord, upTo: { uuid?: string; epoch?: number }): void
  typing(c: ConversationRecord, author: ParticipantRecord, value: string, except?: ConnectionEntry): void
  /** An agent joins (or rejoins): takes the conversation off its queue. 400 when it is closed. */
  join(c: ConversationRecord, agent: AgentRecord): void
  leave(c: ConversationRecord, agent: AgentRecord): void
  /** Ends a conversation from the customer's side: a waiting customer abandons, a chatting one leaves. */
  close(c: ConversationRecord): void
  /**
   * A webchat customer joins a queue with a question: a conversation, a queue entry, pushes (`new conversation`,
   * `queue new member`, `queue status update`).
   */
  customerArrive(input: {
    queueName: string
    name: string
    email?: string
    question: string
    webchat?: { context: WebchatContext; ucacid: string }
  }): ConversationRecord
  /** The customer's browser reports a change (page, cart): applied, then `webchat context` to the agents in it. */
  updateWebchat(c: ConversationRecord, change: (context: WebchatContext) => void): void
  /** An agent puts items in the customer's cart: `add item` to the others, then the cart's `webchat context`. */
  addItems(c: ConversationRecord, agent: ParticipantRecord, items: CartItem[], except?: ConnectionEntry): void
  /** An agent applies a coupon to the customer's cart: `add coupon`, then the cart's `webchat context`. */
  addCoupon(c: ConversationRecord, agent: ParticipantRecord, code: string, except?: ConnectionEntry): void
  /** smsUnsubscribeConversation: the SMS customer gets no more texts (400 for another medium). */
  smsUnsubscribe(c: ConversationRecord): void
  /** An agent starts a conversation (startConversation). */
  startConversation(
    agent: AgentRecord,
    request: { queueUuid?: string; addArns: string[] },
  ): ConversationRecord
  setAgentStatus(agent: AgentRecord, queueName: string, status: AgentStatus): void
  keepAlive(agent: AgentRecord): void
  /** The `queue position` frame for a conversation (position -1 when it is not waiting). */
  queuePositionFor(c: ConversationRecord): EventFrameOf<'queue position'>
}

const MAX_MEDIA = 10
const isPhone = (arn: string) => /^\+?[0-9]{7,15}$/.test(arn)

/** @internal */
export function createService(config: ServiceConfig): Service {
  const { state, hub, broadcast, sessions, clock, timers, ids } = config
  const arnPrefix = () => `arn:ultracart:conversation:${state.merchantId}`
  const queueOf = (c: ConversationRecord) => (c.queueName ? state.queues.get(c.queueName) : undefined)

  const newParticipant = (
    arn: string,
    name: string,
    role: ParticipantRecord['role'],
    profileImageUrl?: string,
    email?: string,
  ): ParticipantRecord => ({
    uuid: ids.uuid(),
    arn,
    name,
    role,
    ...(profileImageUrl ? { profileImageUrl } : {}),
    ...(email ? { email } : {}),
    status: 'active',
    joinedMs: clock.now(),
    lastReadEpoch: 0,
  })

  const createConversation = (
    medium: ConversationMedium,
    participants: ParticipantRecord[],
    queueName?: string,
  ): ConversationRecord => {
    const uuid = ids.uuid()
    const c: ConversationRecord = {
      uuid,
      arn: `${arnPrefix()}:conversation:${uuid}`,
      medium,
      closed: false,
      startMs: clock.now(),
      ...(queueName ? { queueName } : {}),
      messages: [],
      messageCount: 0,
      lastEpoch: 0,
      participants,
    }
    addConversation(state, c, config.maxConversations)
    return c
  }

  const findMessage = (c: ConversationRecord, uuid: string) =>
    c.messages.find((m) => m.conversation_message_uuid === uuid)

  const storeMessage = (c: ConversationRecord, author: ParticipantRecord, input: MessageInput) => {
    if (input.body.length > MAX_MESSAGE_BODY_LENGTH)
      throw new RangeError(
        `message body over ${MAX_MESSAGE_BODY_LENGTH} characters (MAX_MESSAGE_BODY_LENGTH)`,
      )
    const epoch = Math.max(clock.now(), c.lastEpoch + 1)
    c.lastEpoch = epoch
    const uploadKeys = (input.upload_keys ?? []).slice(0, MAX_MEDIA)
    const media = [
      ...(input.media_urls ?? []).slice(0, MAX_MEDIA),
      ...uploadKeys.map(config.mediaUrl).filter((u): u is string => !!u),
    ]
    const message: ConversationMessage = {
      conversation_message_uuid: ids.uuid(),
      ...(input.client_message_id !== undefined ? { client_message_id: input.client_message_id } : {}),
      merchant_id: state.merchantId,
      type: input.type ?? 'message',
      author_conversation_participant_arn: author.arn,
      author_conversation_participant_name: author.name,
      body: input.body,
      media_urls: media,
      upload_keys: uploadKeys,
      message_dts: iso(epoch),
      message_epoch: epoch,
      transport_statuses: c.participants
        .filter((p) => p.status === 'active' && p.arn !== author.arn)
        .map((p) => ({ conversation_participant_arn: p.arn, status: 'accepted' as const })),
    }
    author.lastMessageMs = epoch
    author.lastReadEpoch = epoch
    c.messages.push(message)
    if (c.messages.length > config.maxMessages) c.messages.splice(0, c.messages.length - config.maxMessages)
    c.messageCount++
    return message
  }

  const updatedMessage = (c: ConversationRecord, m: ConversationMessage) =>
    broadcast.toParticipants(
      c,
      eventFrame('updated message', c.uuid, structuredClone(m), 'event_updated_message'),
    )

  /** `accepted` becomes `sent` after `sentAfterMs`, looked up again when due (a restore may replace records). */
  const markSentLater = (conversationUuid: string, messageUuid: string) =>
    timers.set(() => {
      const current = state.conversations.get(conversationUuid)
      const m = current && findMessage(current, messageUuid)
      if (!current || !m) return
      let changed = false
      for (const s of m.transport_statuses ?? [])
        if (s.status === 'accepted') {
          s.status = 'sent'
          changed = true
        }
      if (changed) updatedMessage(current, m)
    }, config.sentAfterMs)

  const service: Service = {
    conversation(uuid) {
      const c = state.conversations.get(uuid)
      if (!c)
        throw new HttpError(404, `conversation ${uuid} not found`, 'Conversation not found.', 'not_found')
      return c
    },

    postMessage(c, author, input) {
      if (c.closed || author.status !== 'active') return undefined
      if (!input.body.trim() && !input.upload_keys?.length && !input.media_urls?.length) return undefined
      const message = storeMessage(c, author, input)
      broadcast.toParticipants(c, {
        type: 'message',
        conversation_uuid: c.uuid,
        message: structuredClone(message),
      })
      broadcast.summaryEvent('new message', c)
      if (message.transport_statuses?.length) markSentLater(c.uuid, message.conversation_message_uuid!)
      return structuredClone(message)
    },

    markRead(c, reader, upTo) {
      const target = upTo.uuid ? findMessage(c, upTo.uuid) : undefined
      const epoch = target?.message_epoch ?? upTo.epoch ?? c.lastEpoch
      if (!Number.isFinite(epoch)) return
      const last = [...c.messages].reverse().find((m) => (m.message_epoch ?? 0) <= epoch)
      if (!last || epoch <= reader.lastReadEpoch) {
        reader.lastReadEpoch = Math.max(reader.lastReadEpoch, Math.min(epoch, c.lastEpoch))
        return
      }
      reader.lastReadEpoch = Math.min(epoch, c.lastEpoch)
      for (const m of c.messages) {
        if ((m.message_epoch ?? 0) > epoch || m.author_conversation_participant_arn === reader.arn) continue
        const status = m.transport_statuses?.find((s) => s.conversation_participant_arn === reader.arn)
        if (status && status.status !== 'read') {
          status.status = 'read'
          updatedMessage(c, m)
        }
      }
      const read = eventFrame(
        'read message',
        c.uuid,
        {
          conversation_message_uuid: last.conversation_message_uuid,
          message_dts: last.message_dts,
          message_epoch: last.message_epoch,
        },
        'event_read_message',
      )
      hub.toAgents(
        activeAgentArns(c).filter((arn) => arn !== reader.arn),
        read,
      )
      if (reader.role !== 'customer') broadcast.toCustomer(c, read)
    },

    typing(c, author, value, except) {
      if (c.closed) return
      const frame = eventFrame(
        'typing',
        c.uuid,
        {
          author_conversation_participant_arn: author.arn,
          author_conversation_participant_name: author.name,
          value: value.slice(0, MAX_MESSAGE_BODY_LENGTH),
        },
        'event_typing',
      )
      hub.toAgents(activeAgentArns(c), frame, except)
      if (author.role !== 'customer') broadcast.toCustomer(c, frame)
    },

    join(c, agent) {
      if (c.closed)
        throw new HttpError(
          400,
          'conversation is closed',
          'This conversation has ended.',
          'conversation_closed',
        )
      const now = clock.now()
      let p = c.participants.find((x) => x.arn === agent.arn)
      if (p?.status === 'active') return
      if (p) {
        p.status = 'active'
        p.joinedMs = now
        delete p.leftMs
      } else {
        p = newParticipant(agent.arn, agent.name, 'agent', agent.profileImageUrl)
        c.participants.push(p)
      }
      const q = queueOf(c)
      const entry = takeQueueEntry(q, c.uuid)
      if (q && entry) {
        q.holdCount++
        q.holdTotalMs += now - entry.joinMs
      }
      c.chatStartMs ??= now
      agent.lastChatMs = now
      broadcast.summaryEvent('participant update', c)
      broadcast.participantEvent('participant join', c, p)
      if (q && entry) broadcast.queueEntryEvent('engage customer', q, entry)
      broadcast.queueChanged(q)
    },

    leave(c, agent) {
      const p = c.participants.find((x) => x.arn === agent.arn)
      if (p?.status !== 'active') return
      p.status = 'left'
      p.leftMs = clock.now()
      broadcast.summaryEvent('participant update', c)
      broadcast.participantEvent('participant left', c, p)
      broadcast.queueChanged(queueOf(c))
    },

    close(c) {
      if (c.closed) return
      const now = clock.now()
      c.closed = true
      c.closedMs = now
      const customer = customerOf(c)
      const customerLeaves = customer?.status === 'active'
      if (customer && customerLeaves) {
        customer.status = 'left'
        customer.leftMs = now
      }
      const q = queueOf(c)
      const entry = takeQueueEntry(q, c.uuid)
      if (q && entry) {
        q.abandonCount++
        q.abandonTotalMs += now - entry.joinMs
      } else if (q && c.chatStartMs !== undefined) {
        q.chatCount++
        q.chatTotalMs += now - c.chatStartMs
      }
      if (customer && customerLeaves) broadcast.participantEvent('participant left', c, customer)
      broadcast.summaryEvent('conversation closed', c)
      broadcast.queueChanged(q)
    },

    customerArrive(input) {
      const q = state.queues.get(input.queueName)
      if (!q) throw new Error(`unknown queue ${input.queueName}`)
      const arn = `${arnPrefix()}:participant:customer:${ids.uuid()}`
      const customer = newParticipant(arn, input.name, 'customer', undefined, input.email)
      const c = createConversation('websocket', [customer], q.name)
      if (input.webchat) {
        c.webchat = input.webchat.context
        c.ucacid = input.webchat.ucacid
      }
      storeMessage(c, customer, { body: input.question })
      const entry = {
        conversationUuid: c.uuid,
        arn,
        name: input.name,
        ...(input.email ? { email: input.email } : {}),
        joinMs: clock.now(),
        question: input.question,
      }
      q.entries.push(entry)
      broadcast.summaryEvent('new conversation', c)
      broadcast.queueEntryEvent('queue new member', q, entry)
      broadcast.queueChanged(q)
      return c
    },

    startConversation(agent, request) {
      let queueName: string | undefined
      if (request.queueUuid !== undefined) {
        queueName = [...state.queues.values()].find((q) => q.uuid === request.queueUuid)?.name
        if (!queueName)
          throw new HttpError(400, `unknown conversation_webchat_queue_uuid ${request.queueUuid}`)
      }
      const participants = [newParticipant(agent.arn, agent.name, 'agent', agent.profileImageUrl)]
      for (const arn of new Set(request.addArns)) {
        if (arn === agent.arn) continue
        const other = state.agents.get(arn)
        participants.push(
          other
            ? newParticipant(other.arn, other.name, 'agent', other.profileImageUrl)
            : newParticipant(isPhone(arn) ? `${arnPrefix()}:participant:sms:${arn}` : arn, arn, 'customer'),
        )
      }
      const medium: ConversationMedium = !queueName && request.addArns.some(isPhone) ? 'sms' : 'websocket'
      const c = createConversation(medium, participants, queueName)
      c.chatStartMs = clock.now()
      agent.lastChatMs = clock.now()
      broadcast.summaryEvent('new conversation', c)
      broadcast.queueChanged(queueOf(c))
      return c
    },

    setAgentStatus(agent, queueName, status) {
      const q = state.queues.get(queueName)
      if (!q) throw new HttpError(404, `queue ${queueName} not found`, 'Queue not found.', 'not_found')
      sessions.touch(agent)
      if (agent.statuses[q.name] === status) return
      agent.statuses[q.name] = status
      broadcast.queueChanged(q)
    },

    keepAlive(agent) {
      sessions.touch(agent)
    },

    updateWebchat(c, change) {
      if (!c.webchat || c.closed) return
      change(c.webchat)
      hub.toAgents(
        activeAgentArns(c),
        eventFrame('webchat context', c.uuid, webchatContextEvent(c), 'event_webchat_context'),
      )
    },

    addItems(c, agent, items, except) {
      if (!c.webchat || c.closed || items.length === 0) return
      const event = { agent_arn: agent.arn, agent_name: agent.name, items: structuredClone(items) }
      broadcast.toParticipants(c, eventFrame('add item', c.uuid, event, 'event_add_item'), except)
      service.updateWebchat(c, (context) => addToCart(context, items))
    },

    addCoupon(c, agent, code, except) {
      if (!c.webchat || c.closed || !code) return
      const event = { agent_arn: agent.arn, agent_name: agent.name, coupon_code: code }
      broadcast.toParticipants(c, eventFrame('add coupon', c.uuid, event, 'event_add_coupon'), except)
      service.updateWebchat(c, (context) => addCouponToCart(context, code))
    },

    smsUnsubscribe(c) {
      if (c.medium !== 'sms')
        throw new HttpError(
          400,
          `conversation ${c.uuid} is not an SMS conversation`,
          'Not an SMS conversation.',
          'invalid_parameter',
        )
      c.smsUnsubscribed = true
    },

    queuePositionFor(c) {
      const q = queueOf(c)
      const position = q ? q.entries.findIndex((e) => e.conversationUuid === c.uuid) : -1
      const available = q ? [...state.agents.values()].some((a) => a.statuses[q.name] === 'available') : false
      return eventFrame(
        'queue position',
        c.uuid,
        { available, position: position < 0 ? -1 : position + 1 },
        'event_queue_position',
      )
    },
  }
  return service
}
