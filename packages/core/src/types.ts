/**
 * Wire types of UltraCart's Conversation API (REST v2) at today's revision, generated from the spec
 * (`generated/models.ts`), plus the names this toolkit has used since the 2022-09 revision. Every field is optional
 * on the wire; names stay snake_case because they are the API's. The 2022 models only gained fields since, so code
 * written against them still compiles.
 */
import type {
  ConversationMessage,
  ConversationMessageTransportStatus,
  ConversationWebchatQueueStatusUpdateRequest,
  ConversationWebsocketMessage,
  ErrorResponse,
  ModelError,
  Warning,
} from './generated/models'

export * from './generated/models'

/** Conversation medium. */
export type ConversationMedium = 'sms' | 'websocket'
/** Every medium, for validation and UI pickers. */
export const CONVERSATION_MEDIUMS: readonly ConversationMedium[] = ['sms', 'websocket']

/** An agent's status in a webchat queue. */
export type AgentStatus = NonNullable<ConversationWebchatQueueStatusUpdateRequest['agent_status']>
/** Every agent status. */
export const AGENT_STATUSES: readonly AgentStatus[] = ['available', 'busy', 'unavailable']

/** A message's `type`: `message`, `notice`, or (since 2022) `engagement prompt`. */
export type ConversationMessageType = NonNullable<ConversationMessage['type']>

/** A transport status of a message, per participant (`sent`, `read`, …). */
export type ConversationMessageTransportStatusValue = NonNullable<
  ConversationMessageTransportStatus['status']
>

/** A websocket event's `event_type`. */
export type ConversationEventType = NonNullable<ConversationWebsocketMessage['event_type']>

/** The `error` of a response (the SDK's `ModelError`). */
export type ApiError = ModelError
/** The `warning` of a response. */
export type ApiWarning = Warning
/** The envelope every `*Response` shares. */
export type ResponseEnvelope = ErrorResponse
