import type { ConversationMedium, ConversationSchemas } from '@uc-conversation/core'
import { customerOf } from './broadcast'
import { HttpError } from './http-error'
import type { ServiceConfig } from './service-config'
import { type AgentRecord, addConversation, type ConversationRecord, type ParticipantRecord } from './state'
import { storeMessage } from './store-message'
import { takeQueueEntry } from './take-queue-entry'

/** How conversations begin, gain and lose participants, and end. @internal */
export interface ConversationLifecycle {
  /** The conversation, or a 404 in UltraCart's envelope. */
  conversation(uuid: string): ConversationRecord
  /**
   * An agent joins (or rejoins), reading `languageIsoCode` (the join request's `participant_language_iso_code`):
   * takes the conversation off its queue. 400 when it is closed.
   */
  join(c: ConversationRecord, agent: AgentRecord, languageIsoCode?: string): void
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
    webchat?: { context: ConversationSchemas['ConversationWebchatContext']; ucacid: string }
  }): ConversationRecord
  /** An agent starts a conversation (startConversation). */
  startConversation(
    agent: AgentRecord,
    request: { queueUuid?: string; addArns: string[] },
  ): ConversationRecord
  /** smsUnsubscribeConversation: the SMS customer gets no more texts (400 for another medium). */
  smsUnsubscribe(c: ConversationRecord): void
}

const isPhone = (arn: string) => /^\+?[0-9]{7,15}$/.test(arn)

/** @internal */
export function createConversationLifecycle(config: ServiceConfig): ConversationLifecycle {
  const { state, broadcast, clock, ids } = config
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

  return {
    conversation(uuid) {
      const c = state.conversations.get(uuid)
      if (!c)
        throw new HttpError(404, `conversation ${uuid} not found`, 'Conversation not found.', 'not_found')
      return c
    },

    join(c, agent, languageIsoCode) {
      if (c.closed)
        throw new HttpError(
          400,
          'conversation is closed',
          'This conversation has ended.',
          'conversation_closed',
        )
      const now = clock.now()
      let p = c.participants.find((x) => x.arn === agent.arn)
      if (p && languageIsoCode) p.languageIsoCode = languageIsoCode
      if (p?.status === 'active') return
      if (p) {
        p.status = 'active'
        p.joinedMs = now
        delete p.leftMs
      } else {
        p = newParticipant(agent.arn, agent.name, 'agent', agent.profileImageUrl)
        if (languageIsoCode) p.languageIsoCode = languageIsoCode
        c.participants.push(p)
      }
      const q = queueOf(c)
      const entry = takeQueueEntry(q, c.uuid)
      if (q && entry) {
        q.holdCount++
        q.holdTotalMs += Math.max(0, now - entry.joinMs)
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
        q.abandonTotalMs += Math.max(0, now - entry.joinMs)
      } else if (q && c.chatStartMs !== undefined) {
        q.chatCount++
        q.chatTotalMs += Math.max(0, now - c.chatStartMs)
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
      storeMessage(config, c, customer, { body: input.question })
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
  }
}
