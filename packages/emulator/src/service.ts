import type {
  AgentStatus,
  ConversationMedium,
  ConversationMessage,
  ConversationWebsocketFrame,
  EventFrameOf,
  EventType,
} from '@uc-conversation/core'
import type { Clock, TimerHandle, TimerSet } from './clock'
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
  type QueueRecord,
  queueStatusView,
  type StateData,
  summaryView,
} from './state'

/** @internal */
export interface ServiceConfig {
  state: StateData
  hub: Hub
  clock: Clock
  timers: TimerSet
  ids: Random
  maxConversations: number
  maxMessages: number
  /** Delay before `accepted` becomes `sent`. */
  sentAfterMs: number
  keepAliveTimeoutMs: number
  /** The public URL of an uploaded file, or undefined when the key holds no file. */
  mediaUrl: (uploadKey: string) => string | undefined
}

/** A frame addressed to the customer side of a conversation. @internal */
export type CustomerListener = (conversation: ConversationRecord, frame: ConversationWebsocketFrame) => void

/** What a chat message carries in. @internal */
export interface MessageInput {
  body: string
  client_message_id?: string
  media_urls?: readonly string[]
  upload_keys?: readonly string[]
  type?: 'message' | 'notice'
}

const MAX_MEDIA = 10

/** Builds an event frame with its payload under the right field. */
export function eventFrame<K extends EventType>(
  eventType: K,
  conversationUuid: string | undefined,
  payload: unknown,
  field: string,
): EventFrameOf<K> {
  return {
    type: 'event',
    event_type: eventType,
    ...(conversationUuid ? { conversation_uuid: conversationUuid } : {}),
    [field]: payload,
  } as EventFrameOf<K>
}

/**
 * The domain: every change to conversations, queues and agents goes through here, and every change pushes
 * the frames the fact sheet describes. @internal
 */
export function createService(config: ServiceConfig) {
  const { state, hub, clock, timers, ids } = config
  const customerListeners = new Set<CustomerListener>()
  const sessionTimers = new Map<string, TimerHandle>()
  const arnPrefix = () => `arn:ultracart:conversation:${state.merchantId}`

  const activeAgentArns = (c: ConversationRecord) =>
    c.participants.filter((p) => p.role === 'agent' && p.status === 'active').map((p) => p.arn)
  const customerOf = (c: ConversationRecord) => c.participants.find((p) => p.role === 'customer')

  const toCustomer = (c: ConversationRecord, frame: ConversationWebsocketFrame) => {
    for (const listener of customerListeners) listener(c, frame)
  }

  /** To every agent in the conversation (and the customer side). */
  const toParticipants = (
    c: ConversationRecord,
    frame: ConversationWebsocketFrame,
    except?: ConnectionEntry,
    customerToo = true,
  ) => {
    hub.toAgents(activeAgentArns(c), frame, except)
    if (customerToo) toCustomer(c, frame)
  }

  const summaryEvent = (
    eventType: 'new conversation' | 'new message' | 'participant update' | 'conversation closed',
    c: ConversationRecord,
  ) => {
    const field = {
      'new conversation': 'event_new_conversation',
      'new message': 'event_new_message',
      'participant update': 'event_participant_update',
      'conversation closed': 'event_conversation_closed',
    }[eventType]
    hub.toAgents('all', (arn) => eventFrame(eventType, c.uuid, summaryView(state, c, arn), field))
    if (eventType !== 'new message') {
      const customer = customerOf(c)
      toCustomer(c, eventFrame(eventType, c.uuid, summaryView(state, c, customer?.arn), field))
    }
  }

  const queuePositions = (q: QueueRecord) => {
    const available = [...state.agents.values()].some((a) => a.statuses[q.name] === 'available')
    q.entries.forEach((entry, index) => {
      const c = state.conversations.get(entry.conversationUuid)
      if (c)
        toCustomer(
          c,
          eventFrame('queue position', c.uuid, { available, position: index + 1 }, 'event_queue_position'),
        )
    })
  }

  const queueChanged = (q: QueueRecord | undefined) => {
    if (!q) return
    hub.toAgents(
      'all',
      eventFrame('queue status update', undefined, queueStatusView(state, q), 'event_queue_status_update'),
    )
    queuePositions(q)
  }

  const queueOf = (c: ConversationRecord) => (c.queueName ? state.queues.get(c.queueName) : undefined)

  const newParticipant = (
    arn: string,
    name: string,
    role: ParticipantRecord['role'],
    profileImageUrl?: string,
  ): ParticipantRecord => ({
    uuid: ids.uuid(),
    arn,
    name,
    role,
    ...(profileImageUrl ? { profileImageUrl } : {}),
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
    toParticipants(c, eventFrame('updated message', c.uuid, structuredClone(m), 'event_updated_message'))

  const touchSession = (agent: AgentRecord) => {
    timers.clear(sessionTimers.get(agent.arn))
    sessionTimers.set(
      agent.arn,
      timers.set(() => {
        sessionTimers.delete(agent.arn)
        for (const q of state.queues.values())
          if ((agent.statuses[q.name] ?? 'unavailable') !== 'unavailable') {
            agent.statuses[q.name] = 'unavailable'
            queueChanged(q)
          }
      }, config.keepAliveTimeoutMs),
    )
  }

  const service = {
    arnPrefix,
    customerOf,
    activeAgentArns,
    onCustomerFrame(listener: CustomerListener) {
      customerListeners.add(listener)
      return () => customerListeners.delete(listener)
    },

    conversation(uuid: string): ConversationRecord {
      const c = state.conversations.get(uuid)
      if (!c)
        throw new HttpError(404, `conversation ${uuid} not found`, 'Conversation not found.', 'not_found')
      return c
    },

    /** Posts a message and pushes it; undefined when the conversation is closed or the message empty. */
    postMessage(
      c: ConversationRecord,
      author: ParticipantRecord,
      input: MessageInput,
    ): ConversationMessage | undefined {
      if (c.closed || author.status !== 'active') return undefined
      if (!input.body.trim() && !input.upload_keys?.length && !input.media_urls?.length) return undefined
      const message = storeMessage(c, author, input)
      toParticipants(c, { type: 'message', conversation_uuid: c.uuid, message: structuredClone(message) })
      summaryEvent('new message', c)
      if (message.transport_statuses?.length) {
        const uuid = message.conversation_message_uuid!
        // Looked up again when due: a restore may have replaced the records meanwhile.
        timers.set(() => {
          const current = state.conversations.get(c.uuid)
          const m = current && findMessage(current, uuid)
          if (!current || !m) return
          let changed = false
          for (const s of m.transport_statuses ?? [])
            if (s.status === 'accepted') {
              s.status = 'sent'
              changed = true
            }
          if (changed) updatedMessage(current, m)
        }, config.sentAfterMs)
      }
      return structuredClone(message)
    },

    /** `reader` has read everything up to `upTo` (a message uuid or an epoch). */
    markRead(c: ConversationRecord, reader: ParticipantRecord, upTo: { uuid?: string; epoch?: number }) {
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
      if (reader.role !== 'customer') toCustomer(c, read)
    },

    typing(c: ConversationRecord, author: ParticipantRecord, value: string, except?: ConnectionEntry) {
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
      if (author.role !== 'customer') toCustomer(c, frame)
    },

    join(c: ConversationRecord, agent: AgentRecord) {
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
      if (q) {
        const index = q.entries.findIndex((e) => e.conversationUuid === c.uuid)
        if (index >= 0) {
          const [entry] = q.entries.splice(index, 1)
          q.holdCount++
          q.holdTotalMs += now - entry!.joinMs
        }
      }
      c.chatStartMs ??= now
      agent.lastChatMs = now
      summaryEvent('participant update', c)
      queueChanged(q)
    },

    leave(c: ConversationRecord, agent: AgentRecord) {
      const p = c.participants.find((x) => x.arn === agent.arn)
      if (p?.status !== 'active') return
      p.status = 'left'
      p.leftMs = clock.now()
      summaryEvent('participant update', c)
      queueChanged(queueOf(c))
    },

    /** Ends a conversation from the customer's side: a waiting customer abandons, a chatting one leaves. */
    close(c: ConversationRecord) {
      if (c.closed) return
      const now = clock.now()
      c.closed = true
      c.closedMs = now
      const customer = customerOf(c)
      if (customer && customer.status === 'active') {
        customer.status = 'left'
        customer.leftMs = now
      }
      const q = queueOf(c)
      if (q) {
        const index = q.entries.findIndex((e) => e.conversationUuid === c.uuid)
        if (index >= 0) {
          const [entry] = q.entries.splice(index, 1)
          q.abandonCount++
          q.abandonTotalMs += now - entry!.joinMs
        } else if (c.chatStartMs !== undefined) {
          q.chatCount++
          q.chatTotalMs += now - c.chatStartMs
        }
      }
      summaryEvent('conversation closed', c)
      queueChanged(q)
    },

    /** A webchat customer joins a queue with a question: a conversation, a queue entry, pushes. */
    customerArrive(input: { queueName: string; name: string; email?: string; question: string }) {
      const q = state.queues.get(input.queueName)
      if (!q) throw new Error(`unknown queue ${input.queueName}`)
      const arn = `${arnPrefix()}:participant:customer:${ids.uuid()}`
      const customer = newParticipant(arn, input.name, 'customer')
      const c = createConversation('websocket', [customer], q.name)
      storeMessage(c, customer, { body: input.question })
      q.entries.push({
        conversationUuid: c.uuid,
        arn,
        name: input.name,
        ...(input.email ? { email: input.email } : {}),
        joinMs: clock.now(),
        question: input.question,
      })
      summaryEvent('new conversation', c)
      queueChanged(q)
      return c
    },

    /** An agent starts a conversation (startConversation). */
    startConversation(agent: AgentRecord, request: { queueUuid?: string; addArns: string[] }) {
      let queueName: string | undefined
      if (request.queueUuid !== undefined) {
        queueName = [...state.queues.values()].find((q) => q.uuid === request.queueUuid)?.name
        if (!queueName)
          throw new HttpError(400, `unknown conversation_webchat_queue_uuid ${request.queueUuid}`)
      }
      const participants = [newParticipant(agent.arn, agent.name, 'agent', agent.profileImageUrl)]
      const isPhone = (arn: string) => /^\+?[0-9]{7,15}$/.test(arn)
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
      summaryEvent('new conversation', c)
      queueChanged(queueOf(c))
      return c
    },

    setAgentStatus(agent: AgentRecord, queueName: string, status: AgentStatus) {
      const q = state.queues.get(queueName)
      if (!q) throw new HttpError(404, `queue ${queueName} not found`, 'Queue not found.', 'not_found')
      touchSession(agent)
      if (agent.statuses[q.name] === status) return
      agent.statuses[q.name] = status
      queueChanged(q)
    },

    keepAlive(agent: AgentRecord) {
      touchSession(agent)
    },

    queuePositionFor(c: ConversationRecord) {
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

    /** Forgets pending session lapses (restore, close). */
    resetSessions() {
      for (const t of sessionTimers.values()) timers.clear(t)
      sessionTimers.clear()
    },
  }
  return service
}

export type Service = ReturnType<typeof createService>
