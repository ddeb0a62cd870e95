import type { ConversationWebsocketFrame } from '@uc-conversation/core'
import { eventFrame } from './event-frame'
import type { ConnectionEntry, Hub } from './hub'
import {
  type ConversationRecord,
  type QueueRecord,
  queueStatusView,
  type StateData,
  summaryView,
} from './state'

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
  }
}
