// Every operation of the spec (chat, virtual agent, phone system) through one client.
import { createConversationClient } from '@uc-conversation/core'
import { OPERATIONS } from '@uc-conversation/core/operations'
import { all as eleven } from './core.js'

const c = createConversationClient({ simpleKey: 'k' })
export const all = [...eleven, ...Object.values(OPERATIONS).map((operation) => c.call(operation))]
