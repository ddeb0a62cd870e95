import {
  AGENT_STATUSES,
  type AgentStatus,
  CONVERSATION_MEDIUMS,
  type ConversationMedium,
  type ConversationMessagesResponse,
  type ConversationMultimediaUploadUrlResponse,
  type ConversationResponse,
  type ConversationStartResponse,
  type ConversationsResponse,
  type ConversationWebchatQueueStatusesResponse,
} from '@uc-conversation/core'
import {
  getConversation,
  getConversationContext,
  getConversationMessages,
  getConversationMultimediaUploadUrl,
  getConversations,
  getConversationWebchatQueueStatuses,
  joinConversation,
  leaveConversation,
  markReadConversation,
  smsUnsubscribeConversation,
  startConversation,
  updateConversationWebchatQueueStatus,
} from '@uc-conversation/core/operations'
import { optionalString } from '../body-fields'
import { badRequest, jsonResponse } from '../http-error'
import type { Internals } from '../internals'
import { type HandlerEntries, noContent } from '../operation-handler'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../page-size'
import { conversationUuidParam, intParam, queueNameParam } from '../params'
import { lastActivity, sortedConversations } from '../state'
import { EXTENSION_PATTERN } from '../uploads'
import { conversationView, queueStatusView, summaryView } from '../views'

/** The conversation operations: list, start, read, join, leave, mark read, SMS unsubscribe, context, queues, uploads. @internal */
export function conversationHandlers(ctx: Internals): HandlerEntries {
  const { state, service } = ctx
  const conversationOf = (uuid: string | undefined) => service.conversation(conversationUuidParam(uuid))
  return [
    [
      getConversationWebchatQueueStatuses,
      () => {
        const body: ConversationWebchatQueueStatusesResponse = {
          success: true,
          queue_statuses: [...state.queues.values()].map((q) => queueStatusView(state, q)),
          metadata: {},
        }
        return jsonResponse(200, body)
      },
    ],
    [
      updateConversationWebchatQueueStatus,
      async ({ agent, params, body }) => {
        const queueName = queueNameParam(params.queue_name)
        const request = await body()
        const status = request.agent_status
        if (!AGENT_STATUSES.includes(status as AgentStatus))
          throw badRequest(`agent_status must be one of ${AGENT_STATUSES.join(', ')}`)
        service.setAgentStatus(agent, queueName, status as AgentStatus)
        return noContent()
      },
    ],
    [
      getConversations,
      ({ agent, query }) => {
        const medium = query.get('medium') ?? undefined
        if (medium !== undefined && !CONVERSATION_MEDIUMS.includes(medium as ConversationMedium))
          throw badRequest(`medium must be one of ${CONVERSATION_MEDIUMS.join(', ')}`)
        const before = query.get('before') ?? undefined
        const beforeMs = before === undefined ? undefined : Date.parse(before)
        if (beforeMs !== undefined && Number.isNaN(beforeMs))
          throw badRequest('before must be a date and time')
        const limit =
          intParam(query.get('_limit') ?? undefined, '_limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE
        const offset = intParam(query.get('_offset') ?? undefined, '_offset', 0) ?? 0
        // `before` pages the list as it is ordered: by last activity, newest first.
        const all = sortedConversations(state).filter(
          (x) => (!medium || x.medium === medium) && (beforeMs === undefined || lastActivity(x) < beforeMs),
        )
        const page = all.slice(offset, offset + limit)
        const body: ConversationsResponse = {
          success: true,
          conversations: page.map((x) => summaryView(state, x, agent.arn)),
          metadata: {
            result_set: {
              count: page.length,
              limit,
              offset,
              next_offset: offset + page.length,
              total_records: all.length,
              more: offset + page.length < all.length,
            },
          },
        }
        return jsonResponse(200, body)
      },
    ],
    [
      startConversation,
      async ({ agent, body }) => {
        const request = await body()
        const queueUuid = request.conversation_webchat_queue_uuid
        const add = request.add_conversation_participant_arns ?? []
        if (queueUuid !== undefined && queueUuid !== null && typeof queueUuid !== 'string')
          throw badRequest('conversation_webchat_queue_uuid must be a string')
        if (request.conversation_arn != null && typeof request.conversation_arn !== 'string')
          throw badRequest('conversation_arn must be a string')
        if (
          !Array.isArray(add) ||
          add.length > 20 ||
          !add.every((a) => typeof a === 'string' && a.length > 0 && a.length <= 200)
        )
          throw badRequest('add_conversation_participant_arns must be at most 20 non-empty strings')
        const conversation = service.startConversation(agent, {
          ...(typeof queueUuid === 'string' ? { queueUuid } : {}),
          addArns: add as string[],
        })
        const response: ConversationStartResponse = {
          conversation: conversationView(state, conversation, agent.arn),
        }
        return jsonResponse(200, response)
      },
    ],
    [
      getConversationMessages,
      ({ params, query }) => {
        const uuid = conversationUuidParam(params.conversation_uuid)
        const since = intParam(params.since, 'since', 0) ?? 0
        const limit = intParam(query.get('limit') ?? undefined, 'limit', 1)
        const conversation = service.conversation(uuid)
        const newer = conversation.messages.filter((m) => (m.message_epoch ?? 0) > since)
        const body: ConversationMessagesResponse = {
          success: true,
          conversation_messages: structuredClone(limit === undefined ? newer : newer.slice(0, limit)),
          metadata: {},
        }
        return jsonResponse(200, body)
      },
    ],
    [
      joinConversation,
      async ({ agent, params, optionalBody }) => {
        const conversation = conversationOf(params.conversation_uuid)
        const request = await optionalBody()
        const language = request && optionalString(request, 'participant_language_iso_code', 10)
        service.join(conversation, agent, language || undefined)
        return noContent()
      },
    ],
    [
      leaveConversation,
      ({ agent, params }) => {
        service.leave(conversationOf(params.conversation_uuid), agent)
        return noContent()
      },
    ],
    [
      markReadConversation,
      ({ agent, params }) => {
        const conversation = conversationOf(params.conversation_uuid)
        const me = conversation.participants.find((p) => p.arn === agent.arn)
        // An agent who never joined has nothing to mark; UltraCart answers 204 all the same.
        if (me) service.markRead(conversation, me, { epoch: conversation.lastEpoch })
        return noContent()
      },
    ],
    [
      smsUnsubscribeConversation,
      ({ params }) => {
        service.smsUnsubscribe(conversationOf(params.conversation_uuid))
        return noContent()
      },
    ],
    [
      getConversationContext,
      // The bare context, without the envelope: the one chat operation answered that way.
      ({ params }) =>
        jsonResponse(200, structuredClone(conversationOf(params.conversation_uuid).webchat ?? {})),
    ],
    [
      getConversation,
      ({ agent, params, query }) => {
        const uuid = conversationUuidParam(params.conversation_uuid)
        const limit = intParam(query.get('limit') ?? undefined, 'limit', 1)
        const conversation = service.conversation(uuid)
        const body: ConversationResponse = {
          success: true,
          conversation: conversationView(state, conversation, agent.arn, limit),
          metadata: {},
        }
        return jsonResponse(200, body)
      },
    ],
    [
      getConversationMultimediaUploadUrl,
      ({ params, origin }) => {
        const extension = params.extension ?? ''
        if (!EXTENSION_PATTERN.test(extension))
          throw badRequest('extension must be 1 to 10 letters or digits')
        const body: ConversationMultimediaUploadUrlResponse = {
          success: true,
          conversation_multimedia_upload_url: ctx.uploads.issue(extension, origin),
          metadata: {},
        }
        return jsonResponse(200, body)
      },
    ],
  ]
}
