import { AGENT_STATUSES, type ConversationStartRequest } from '../types'
import { must, optionalOneOf, optionalString, optionalStrings } from '../validate'

/** An upload URL is asked for a file extension: `jpg`, `pdf`, … never a path. */
export const uploadExtensionRule = ([extension]: readonly unknown[]): void =>
  must(
    typeof extension === 'string' && /^[a-z0-9]{1,10}$/i.test(extension),
    'extension',
    '1-10 alphanumerics',
  )

/** Every ARN of a new conversation must be a usable name. */
export const startConversationRule = ([request]: readonly unknown[]): void => {
  const start = request as ConversationStartRequest
  optionalString(start.conversation_arn, 'conversation_arn')
  optionalString(start.conversation_webchat_queue_uuid, 'conversation_webchat_queue_uuid')
  optionalStrings(start.add_conversation_participant_arns, 'add_conversation_participant_arns')
}

/** A status update without a status would change nothing: `agent_status` is required. */
export const queueStatusUpdateRule = ([, request]: readonly unknown[]): void =>
  optionalOneOf((request as { agent_status?: unknown }).agent_status ?? 0, 'agent_status', AGENT_STATUSES)
