import type { ConversationAgentAuthResponse, ConversationSchemas } from '@uc-conversation/core'
import {
  getAgentKeepAlive,
  getAgentProfile,
  getAgentProfiles,
  getAgentWebsocketAuthorization,
  getConversationPermissions,
  updateAgentProfile,
} from '@uc-conversation/core/operations'
import {
  optionalBoolean,
  optionalEnum,
  optionalNumber,
  optionalString,
  optionalStrings,
} from '../body-fields'
import { HttpError, jsonResponse } from '../http-error'
import type { Internals } from '../internals'
import { envelope, type HandlerEntries, noContent } from '../operation-handler'
import { EMULATOR_PHONE_NUMBER } from '../pbx-seed'
import type { AgentRecord } from '../state'

type AgentProfile = ConversationSchemas['ConversationAgentProfile']

const STATUSES = ['available', 'busy', 'unavailable'] as const
const VOICES = ['Ara', 'Rex', 'Sal', 'Eve', 'Leo'] as const

/** The profile UltraCart shows for an agent: the stored settings plus the identity the record holds. */
export const profileView = (agent: AgentRecord): AgentProfile => ({
  ...structuredClone(agent.profile),
  user_id: agent.userId,
  name: agent.name,
  ...(agent.profileImageUrl ? { profile_image_url: agent.profileImageUrl } : {}),
})

/** Keepalive, websocket authorization, agent profiles and permissions. @internal */
export function agentHandlers(ctx: Internals): HandlerEntries {
  const { state, service } = ctx
  return [
    [
      getAgentKeepAlive,
      ({ agent }) => {
        service.keepAlive(agent)
        return noContent()
      },
    ],
    [
      getAgentWebsocketAuthorization,
      ({ agent, origin, credentialExpiresMs }) => {
        // A socket opened with an OAuth token lasts no longer than the token: after that the client needs a
        // new JWT, which takes a refreshed (unexpired, unrevoked) token.
        const { jwt } = ctx.jwt.issue(
          agent.arn,
          credentialExpiresMs === undefined
            ? undefined
            : Math.min(ctx.jwt.defaultTtlMs, credentialExpiresMs - ctx.clock.now()),
        )
        const defaultUrl = `${origin.replace(/^http/, 'ws')}${ctx.config.websocketPath}`
        const body: ConversationAgentAuthResponse = {
          success: true,
          agent_auth: {
            conversation_participant_arn: agent.arn,
            conversation_participant_name: agent.name,
            jwt,
            merchant_id: state.merchantId,
            websocket_url: ctx.websocketUrlRewrite ? ctx.websocketUrlRewrite(defaultUrl) : defaultUrl,
            twilio_accounts: [
              { merchant_id: state.merchantId, twilio_phone_numbers: [EMULATOR_PHONE_NUMBER] },
            ],
          },
          metadata: {},
        }
        return jsonResponse(200, body)
      },
    ],
    [getAgentProfile, ({ agent }) => envelope({ agent_profile: profileView(agent) })],
    [getAgentProfiles, () => envelope({ agent_profiles: [...state.agents.values()].map(profileView) })],
    [
      updateAgentProfile,
      async ({ agent, body }) => {
        const request = await body()
        const uploadKey = optionalString(request, 'profile_image_upload_key', 200)
        const imageUrl = uploadKey === undefined ? undefined : ctx.uploads.mediaUrl(uploadKey)
        if (uploadKey !== undefined && !imageUrl)
          throw new HttpError(
            400,
            'profile_image_upload_key names no uploaded file',
            'The image was not uploaded.',
            'invalid_parameter',
          )
        const change: Partial<AgentProfile> = {
          display_name: optionalString(request, 'display_name', 100),
          chat_limit: optionalNumber(request, 'chat_limit', 0, 100),
          default_status: optionalEnum(request, 'default_status', STATUSES),
          default_language_iso_code: optionalString(request, 'default_language_iso_code', 10),
          ai: optionalBoolean(request, 'ai'),
          ai_persona: optionalString(request, 'ai_persona'),
          ai_chat_instructions: optionalString(request, 'ai_chat_instructions'),
          ai_sms_instructions: optionalString(request, 'ai_sms_instructions'),
          ai_ticket_instructions: optionalString(request, 'ai_ticket_instructions'),
          ai_voice_instructions: optionalString(request, 'ai_voice_instructions'),
          ai_voice_personality: optionalEnum(request, 'ai_voice_personality', VOICES),
          zohodesk_classifications: optionalStrings(request, 'zohodesk_classifications'),
          zohodesk_departments: optionalStrings(request, 'zohodesk_departments'),
        }
        for (const [field, value] of Object.entries(change))
          if (value !== undefined) (agent.profile as Record<string, unknown>)[field] = value
        if (imageUrl) agent.profileImageUrl = imageUrl
        return envelope({ agent_profile: profileView(agent) })
      },
    ],
    // Every configured agent may edit the chat settings: the emulator has no admin roles.
    [getConversationPermissions, () => envelope({ permissions: { edit_settings: true } })],
  ]
}
