import type { ConversationWebsocketFrame } from '@uc-conversation/core'
import { eventFrame } from './event-frame'
import type { ConnectionEntry, Hub } from './hub'
import type { ConversationRecord, ParticipantRecord, QueueEntryRecord, QueueRecord, StateData } from './state'
import { participantView, queueEntryView, queueStatusView, summaryView } from './views'

/** A frame addressed to the customer side of a conversation. @internal */
export type CustomerListener = (conversation: ConversationRecord, frame: ConversationWebsocketFrame) => void

/** The events whose payload is the conversation summary as each receiver sees it. @internal */
export type SummaryEventType =
  | 'new conversation'
  | 'new message'
  | 'participant update'
  | 'conversation closed'

/** Who hears what: agents through the hub, the customer side through listeners (the simulation). @internal */
export interface Broadcast {
  /** Subscribes to the frames customers receive; returns the unsubscribe. */
  onCustomerFrame(listener: CustomerListener): () => void
  toCustomer(c: ConversationRecord, frame: ConversationWebsocketFrame): void
  /** To every active agent of the conversation except `except`, and the customer side unless told not to. */
  toParticipants(
    c: ConversationRecord,
    frame: ConversationWebsocketFrame,
    except?: ConnectionEntry,
    customerToo?: boolean,
  ): void
  /** A summary event to every agent (each sees their own unread count) and, except `new message`, the customer. */
  summaryEvent(eventType: SummaryEventType, c: ConversationRecord): void
  /** `queue status update` to every agent and each waiting customer's new `queue position`. */
  queueChanged(q: QueueRecord | undefined): void
  /**
   * `participant join` / `participant left` to every agent and the customer side: the summary as each receiver
   * sees it and the participant who came or went.
   */
  participantEvent(
    eventType: 'participant join' | 'participant left',
    c: ConversationRecord,
    p: ParticipantRecord,
  ): void
  /** An event about a queue entry (`queue new member`, `engage customer`) to every agent. */
  queueEntryEvent(
    eventType: 'queue new member' | 'engage customer',
    q: QueueRecord,
    entry: QueueEntryRecord,
  ): void
}

const SUMMARY_FIELDS: Record<SummaryEventType, string> = {
  'new conversation': 'event_new_conversation',
  'new message': 'event_new_message',
  'participant update': 'event_participant_update',
  'conversation closed': 'event_conversation_closed',
}

export const activeAgentArns = (c: ConversationRecord): string[] =>
  c.participants.filter((p) => p.role === 'agent' && p.status === 'active').map((p) => p.arn)

export const customerOf = (c: ConversationRecord) => c.participants.find((p) => p.role === 'customer')

/** @internal */
export function createBroadcast(state: StateData, hub: Hub): Broadcast {
  const listeners = new Set<CustomerListener>()
  const toCustomer = (c: ConversationRecord, frame: ConversationWebsocketFrame) => {
    for (const listener of listeners) listener(c, frame)
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
  return {
    onCustomerFrame(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    toCustomer,
    toParticipants(c, frame, except, customerToo = true) {
      hub.toAgents(activeAgentArns(c), frame, except)
      if (customerToo) toCustomer(c, frame)
    },
    summaryEvent(eventType, c) {
      const field = SUMMARY_FIELDS[eventType]
      hub.toAgents('all', (arn) => eventFrame(eventType, c.uuid, summaryView(state, c, arn), field))
      if (eventType !== 'new message')
        toCustomer(c, eventFrame(eventType, c.uuid, summaryView(state, c, customerOf(c)?.arn), field))
    },
    queueChanged(q) {
      if (!q) return
      hub.toAgents(
        'all',
        eventFrame('queue status update', undefined, queueStatusView(state, q), 'event_queue_status_update'),
      )
      queuePositions(q)
    },
    participantEvent(eventType, c, p) {
      const [summaryField, participantField] =
        eventType === 'participant join'
          ? ['event_participant_join', 'event_participant_join_participant']
          : ['event_participant_left', 'event_participant_left_participant']
      const frameFor = (viewer: string | undefined) => ({
        ...eventFrame(eventType, c.uuid, summaryView(state, c, viewer), summaryField),
        [participantField]: participantView(c, p),
      })
      hub.toAgents('all', (arn) => frameFor(arn) as ConversationWebsocketFrame)
      toCustomer(c, frameFor(customerOf(c)?.arn) as ConversationWebsocketFrame)
    },
    queueEntryEvent(eventType, q, entry) {
      const field = eventType === 'queue new member' ? 'event_queue_new_member' : 'event_engage_customer'
      hub.toAgents('all', eventFrame(eventType, entry.conversationUuid, queueEntryView(q, entry), field))
    },
  }
}
