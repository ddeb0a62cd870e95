import {
  AGENT_STATUSES,
  type AgentStatus,
  CONVERSATION_MEDIUMS,
  type ConversationAgentAuthResponse,
  type ConversationMedium,
  type ConversationMessagesResponse,
  type ConversationMultimediaUploadUrlResponse,
  type ConversationResponse,
  type ConversationStartResponse,
  type ConversationsResponse,
  type ConversationWebchatQueueStatusesResponse,
} from '@uc-conversation/core'
import type { Context, Hono } from 'hono'
import { badRequest, jsonResponse } from '../http-error'
import type { AppEnv, Internals } from '../internals'
import { conversationUuidParam, intParam, queueNameParam } from '../params'
import { readJsonObject } from '../read-body'
import { conversationView, queueStatusView, sortedConversations, summaryView } from '../state'
import { EXTENSION_PATTERN } from '../uploads'

/** Default and largest `_limit` of getConversations. */
export const DEFAULT_PAGE_SIZE = 100
export const MAX_PAGE_SIZE = 200

const noContent = () => new Response(null, { status: 204 })

/** The origin clients reach the emulator on: `publicUrl`, else the request's own origin. */
export const originOf = (ctx: Internals, c: Context<AppEnv>) =>
  (ctx.config.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '')

/** The eleven operations under `/rest/v2`. Authentication and rate limiting run before these. @internal */
export function registerRestRoutes(app: Hono<AppEnv>, ctx: Internals) {
  const { state, service } = ctx
  const base = '/rest/v2/conversation'

  app.get(`${base}/agent/keepalive`, (c) => {
    service.keepAlive(c.get('agent'))
    return noContent()
  })

  app.put(`${base}/agent/auth`, (c) => {
    const agent = c.get('agent')
    const { jwt } = ctx.jwt.issue(agent.arn)
    const defaultUrl = `${originOf(ctx, c).replace(/^http/, 'ws')}${ctx.config.websocketPath}`
    const websocketUrl = ctx.websocketUrlRewrite ? ctx.websocketUrlRewrite(defaultUrl) : defaultUrl
    const body: ConversationAgentAuthResponse = {
      success: true,
      agent_auth: {
        conversation_participant_arn: agent.arn,
        conversation_participant_name: agent.name,
        jwt,
        merchant_id: state.merchantId,
        websocket_url: websocketUrl,
        twilio_accounts: [{ merchant_id: state.merchantId, twilio_phone_numbers: ['+15555550100'] }],
      },
      metadata: {},
    }
    return jsonResponse(200, body)
  })

  app.get(`${base}/conversations/queues/statuses`, () => {
    const body: ConversationWebchatQueueStatusesResponse = {
      success: true,
      queue_statuses: [...state.queues.values()].map((q) => queueStatusView(state, q)),
      metadata: {},
    }
    return jsonResponse(200, body)
  })

  app.put(`${base}/conversations/queues/:queue_name/status`, async (c) => {
    const queueName = queueNameParam(c.req.param('queue_name'))
    const request = await readJsonObject(c.req.raw, ctx.config.maxBodyBytes)
    const status = request.agent_status
    if (!AGENT_STATUSES.includes(status as AgentStatus))
      throw badRequest(`agent_status must be one of ${AGENT_STATUSES.join(', ')}`)
    service.setAgentStatus(c.get('agent'), queueName, status as AgentStatus)
    return noContent()
  })

  app.get(`${base}/conversations`, (c) => {
    const medium = c.req.query('medium')
    if (medium !== undefined && !CONVERSATION_MEDIUMS.includes(medium as ConversationMedium))
      throw badRequest(`medium must be one of ${CONVERSATION_MEDIUMS.join(', ')}`)
    const limit = intParam(c.req.query('_limit'), '_limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE
    const offset = intParam(c.req.query('_offset'), '_offset', 0) ?? 0
    const viewer = c.get('agent').arn
    const all = sortedConversations(state).filter((x) => !medium || x.medium === medium)
    const page = all.slice(offset, offset + limit)
    const more = offset + page.length < all.length
    const body: ConversationsResponse = {
      success: true,
      conversations: page.map((x) => summaryView(state, x, viewer)),
      metadata: {
        result_set: {
          count: page.length,
          limit,
          offset,
          next_offset: offset + page.length,
          total_records: all.length,
          more,
        },
      },
    }
    return jsonResponse(200, body)
  })

  app.put(`${base}/conversations`, async (c) => {
    const request = await readJsonObject(c.req.raw, ctx.config.maxBodyBytes)
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
    const conversation = service.startConversation(c.get('agent'), {
      ...(typeof queueUuid === 'string' ? { queueUuid } : {}),
      addArns: add as string[],
    })
    const body: ConversationStartResponse = {
      conversation: conversationView(state, conversation, c.get('agent').arn),
    }
    return jsonResponse(200, body)
  })

  app.get(`${base}/conversations/:uuid/messages/:since`, (c) => {
    const uuid = conversationUuidParam(c.req.param('uuid'))
    const since = intParam(c.req.param('since'), 'since', 0)!
    const limit = intParam(c.req.query('limit'), 'limit', 1)
    const conversation = service.conversation(uuid)
    const newer = conversation.messages.filter((m) => (m.message_epoch ?? 0) > since)
    const body: ConversationMessagesResponse = {
      success: true,
      conversation_messages: structuredClone(limit === undefined ? newer : newer.slice(0, limit)),
      metadata: {},
    }
    return jsonResponse(200, body)
  })

  app.put(`${base}/conversations/:uuid/join`, (c) => {
    service.join(service.conversation(conversationUuidParam(c.req.param('uuid'))), c.get('agent'))
    return noContent()
  })

  app.delete(`${base}/conversations/:uuid/leave`, (c) => {
    service.leave(service.conversation(conversationUuidParam(c.req.param('uuid'))), c.get('agent'))
    return noContent()
  })

  app.get(`${base}/conversations/:uuid`, (c) => {
    const uuid = conversationUuidParam(c.req.param('uuid'))
    const limit = intParam(c.req.query('limit'), 'limit', 1)
    const conversation = service.conversation(uuid)
    const body: ConversationResponse = {
      success: true,
      conversation: conversationView(state, conversation, c.get('agent').arn, limit),
      metadata: {},
    }
    return jsonResponse(200, body)
  })

  app.get(`${base}/upload_url/:extension`, (c) => {
    const extension = c.req.param('extension')
    if (!EXTENSION_PATTERN.test(extension)) throw badRequest('extension must be 1 to 10 letters or digits')
    const body: ConversationMultimediaUploadUrlResponse = {
      success: true,
      conversation_multimedia_upload_url: ctx.uploads.issue(extension, originOf(ctx, c)),
      metadata: {},
    }
    return jsonResponse(200, body)
  })
}
