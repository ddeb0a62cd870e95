import type { EventFrameOf, EventType } from '@uc-conversation/core'

/** Builds an event frame with its payload under `field` (each event type has its own payload field). */
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
