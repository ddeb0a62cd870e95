/**
 * Wire types of UltraCart's Conversation API (REST v2), field by field from the published SDK models.
 * Every field is optional on the wire; names stay snake_case because they are the API's.
 */

/** Conversation medium. */
export type ConversationMedium = 'sms' | 'websocket'
/** Every medium, for validation and UI pickers. */
export const CONVERSATION_MEDIUMS: readonly ConversationMedium[] = ['sms', 'websocket']

/** An agent's status in a webchat queue. */
export type AgentStatus = 'available' | 'busy' | 'unavailable'
/** Every agent status. */
export const AGENT_STATUSES: readonly AgentStatus[] = ['available', 'busy', 'unavailable']

export type ConversationMessageType = 'message' | 'notice'

export type ConversationMessageTransportStatusValue =
  | 'accepted'
  | 'scheduled'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'read'
  | 'TWILIO_CREDENTIALS_MISSING'
  | 'SENT_TO_TWILIO'
  | 'TWILIO_ERROR'
  | 'SENT_TO_PINPOINT'
  | 'PINPOINT_ERROR'

export interface ApiError {
  developer_message?: string
  user_message?: string
  error_code?: string
  more_info?: string
  object_id?: string
}

export interface ApiWarning {
  warning_message?: string
  more_info?: string
}

export interface ResultSet {
  count?: number
  limit?: number
  offset?: number
  next_offset?: number
  /** May be null: keep iterating while `more`. */
  total_records?: number | null
  more?: boolean
}

export interface ResponseMetadata {
  payload_name?: string
  result_set?: ResultSet
}

/** The envelope every `*Response` shares. */
export interface ResponseEnvelope {
  success?: boolean
  error?: ApiError
  warning?: ApiWarning
  metadata?: ResponseMetadata
}

export type ErrorResponse = ResponseEnvelope

export interface ConversationMessageTransportStatus {
  conversation_participant_arn?: string
  status?: ConversationMessageTransportStatusValue
}

export interface ConversationMessage {
  conversation_message_uuid?: string
  client_message_id?: string
  merchant_id?: string
  type?: ConversationMessageType
  author_conversation_participant_arn?: string
  author_conversation_participant_name?: string
  body?: string
  media_urls?: string[]
  upload_keys?: string[]
  /** ISO-8601 date-time. */
  message_dts?: string
  /** Epoch milliseconds. */
  message_epoch?: number
  transport_statuses?: ConversationMessageTransportStatus[]
}

export interface ConversationParticipant {
  conversation_participant_uuid?: string
  conversation_participant_arn?: string
  conversation_participant_name?: string
  profile_image_url?: string
  status?: string
  joined_dts?: string
  left_dts?: string
  last_message_dts?: string
  unread_messages?: number
}

export interface ConversationSummary {
  conversation_uuid?: string
  conversation_arn?: string
  merchant_id?: string
  medium?: ConversationMedium
  closed?: boolean
  visible?: boolean
  unread_messages?: boolean
  message_count?: number
  start_dts?: string
  last_message_dts?: string
  last_conversation_message_body?: string
  last_conversation_participant_arn?: string
  last_conversation_participant_name?: string
  participants?: ConversationParticipant[]
}

export interface Conversation extends ConversationSummary {
  messages?: ConversationMessage[]
}

export interface ConversationTwilioAccount {
  merchant_id?: string
  twilio_phone_numbers?: string[]
}

export interface ConversationAgentAuth {
  conversation_participant_arn?: string
  conversation_participant_name?: string
  /** Secret: never log it. */
  jwt?: string
  merchant_id?: string
  websocket_url?: string
  twilio_accounts?: ConversationTwilioAccount[]
}

export interface ConversationMultimediaUploadUrl {
  /** The upload key to reference later in `upload_keys`. */
  key?: string
  /** Presigned URL to PUT the file to. */
  url?: string
}

export interface ConversationWebchatQueueStatusAgent {
  agent_status?: AgentStatus
  conversation_participant_arn?: string
  conversation_participant_name?: string
  last_chat_dts?: string
  next_round_robin?: boolean
  profile_image_url?: string
}

export interface ConversationWebchatQueueStatusQueueEntry {
  conversation_participant_arn?: string
  conversation_participant_name?: string
  conversation_webchat_queue_uuid?: string
  email?: string
  join_dts?: string
  question?: string
}

export interface ConversationWebchatQueueStatus {
  queue_name?: string
  agent_count?: number
  agent_available_count?: number
  agent_busy_count?: number
  agent_unavailable_count?: number
  customer_active_count?: number
  customer_waiting_count?: number
  customer_chat_count?: number
  customer_abandon_count?: number
  customer_average_abandon_time_seconds?: number
  customer_average_chat_time_seconds?: number
  customer_average_hold_time_seconds?: number
  /** Oldest waiting customer's join time. */
  customer_waiting_join_dts?: string
  agents?: ConversationWebchatQueueStatusAgent[]
  queue_entries?: ConversationWebchatQueueStatusQueueEntry[]
}

export interface ConversationStartRequest {
  conversation_arn?: string
  conversation_webchat_queue_uuid?: string
  add_conversation_participant_arns?: string[]
}

export interface ConversationWebchatQueueStatusUpdateRequest {
  agent_status?: AgentStatus
}

export interface ConversationResponse extends ResponseEnvelope {
  conversation?: Conversation
}
export interface ConversationsResponse extends ResponseEnvelope {
  conversations?: ConversationSummary[]
}
export interface ConversationMessagesResponse extends ResponseEnvelope {
  conversation_messages?: ConversationMessage[]
}
export interface ConversationAgentAuthResponse extends ResponseEnvelope {
  agent_auth?: ConversationAgentAuth
}
export interface ConversationMultimediaUploadUrlResponse extends ResponseEnvelope {
  conversation_multimedia_upload_url?: ConversationMultimediaUploadUrl
}
export interface ConversationWebchatQueueStatusesResponse extends ResponseEnvelope {
  queue_statuses?: ConversationWebchatQueueStatus[]
}
/** The published model has no envelope fields, only `conversation`. */
export interface ConversationStartResponse {
  conversation?: Conversation
}
