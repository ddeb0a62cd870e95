import type { EventPayloads, EventType } from './frames'

/**
 * The main payload field of an event type (for join and left: the conversation's summary): `event_` and
 * the type in snake case, except `webchat start conversation`, which carries `event_new_conversation`.
 */
export const eventPayloadField = <K extends EventType>(type: K): keyof EventPayloads[K] & string =>
  `event_${type === 'webchat start conversation' ? 'new conversation' : type}`.replace(/ /g, '_') as never

/** The participant field of the two events that carry one besides their summary (join and left), else `undefined`. */
export const eventParticipantField = (type: string): string | undefined =>
  /^participant (join|left)$/.test(type) ? `${eventPayloadField(type as EventType)}_participant` : undefined
