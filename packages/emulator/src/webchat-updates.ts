import type { ConversationSchemas } from '@uc-conversation/core'
import { activeAgentArns } from './broadcast'
import { eventFrame } from './event-frame'
import type { ConnectionEntry } from './hub'
import type { ServiceConfig } from './service-config'
import type { ConversationRecord, ParticipantRecord } from './state'
import { addCouponToCart, addToCart, webchatContextEvent } from './webchat-context'

type WebchatContext = ConversationSchemas['ConversationWebchatContext']

/** Changes to a webchat customer's page and cart, and the events they push. @internal */
export interface WebchatUpdates {
  /** The customer's browser reports a change (page, cart): applied, then `webchat context` to the agents in it. */
  updateWebchat(c: ConversationRecord, change: (context: WebchatContext) => void): void
  /** An agent puts items in the customer's cart: `add item` to the others, then the cart's `webchat context`. */
  addItems(
    c: ConversationRecord,
    agent: ParticipantRecord,
    items: ConversationSchemas['CartItem'][],
    except?: ConnectionEntry,
  ): void
  /** An agent applies a coupon to the customer's cart: `add coupon`, then the cart's `webchat context`. */
  addCoupon(c: ConversationRecord, agent: ParticipantRecord, code: string, except?: ConnectionEntry): void
}

/** @internal */
export function createWebchatUpdates(config: ServiceConfig): WebchatUpdates {
  const { hub, broadcast } = config
  const updates: WebchatUpdates = {
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
      updates.updateWebchat(c, (context) => addToCart(context, items))
    },

    addCoupon(c, agent, code, except) {
      if (!c.webchat || c.closed || !code) return
      const event = { agent_arn: agent.arn, agent_name: agent.name, coupon_code: code }
      broadcast.toParticipants(c, eventFrame('add coupon', c.uuid, event, 'event_add_coupon'), except)
      updates.updateWebchat(c, (context) => addCouponToCart(context, code))
    },
  }
  return updates
}
