import { getPbxAgents, getPbxPhoneNumbers } from '@uc-conversation/core/operations'
import type { Random } from './random'
import type { AgentRecord, StateData } from './state'

/** The phone number UltraCart hands every emulated agent in `twilio_accounts` (getAgentWebsocketAuthorization). */
export const EMULATOR_PHONE_NUMBER = '+15555550100'

/**
 * The PBX records every merchant with agents has, in the generic store: a PBX agent per configured agent and the
 * merchant's phone number, so the PBX reads and updates of those records find something.
 * @internal
 */
export function seedPbx(state: StateData, agents: readonly AgentRecord[], random: Random): void {
  state.chat.collections[getPbxAgents.path] = agents.map((a, i) => ({
    conversation_pbx_agent_uuid: random.uuid(),
    user_id: a.userId,
    full_name: a.name,
    login: `agent${i + 1}@${state.merchantId.toLowerCase()}.example.com`,
    extension: 101 + i,
    merchant_id: state.merchantId,
    voicemail: true,
    ai: false,
    record_outgoing_automatically: false,
  }))
  state.chat.collections[getPbxPhoneNumbers.path] = [
    {
      conversation_pbx_phone_number_uuid: random.uuid(),
      phone_number: EMULATOR_PHONE_NUMBER,
      merchant_id: state.merchantId,
      default_phone_number: true,
      deletion_protected: false,
    },
  ]
}
