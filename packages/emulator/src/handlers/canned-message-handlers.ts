import type { ConversationSchemas } from '@uc-conversation/core'
import {
  deleteConversationCannedMessage,
  getConversationCannedMessages,
  insertConversationCannedMessage,
  searchConversationCannedMessages,
  updateConversationCannedMessage,
} from '@uc-conversation/core/operations'
import { optionalNumber, optionalNumbers, optionalString, requiredString } from '../body-fields'
import { badRequest } from '../http-error'
import type { Internals } from '../internals'
import { envelope, type HandlerEntries, noContent } from '../operation-handler'
import { notFound, oidParam } from './oid-param'

type CannedMessage = ConversationSchemas['ConversationCannedMessage']

const bySortCode = (a: CannedMessage, b: CannedMessage) =>
  (a.short_code ?? '').localeCompare(b.short_code ?? '')

/** Saved replies: listed by short code, searched by its prefix, unique per short code. @internal */
export function cannedMessageHandlers(ctx: Internals): HandlerEntries {
  const chat = () => ctx.state.chat
  const find = (oid: number) => {
    const found = chat().cannedMessages.find((m) => m.conversation_canned_message_oid === oid)
    if (!found) throw notFound('canned message', oid)
    return found
  }
  const read = (request: Record<string, unknown>, oid: number | undefined): CannedMessage => {
    const shortCode = requiredString(request, 'short_code', 50).trim()
    if (
      chat().cannedMessages.some(
        (m) => m.short_code === shortCode && m.conversation_canned_message_oid !== oid,
      )
    )
      throw badRequest(`short_code ${shortCode} is already in use`, 'duplicate')
    const departments = optionalNumbers(request, 'conversation_department_oids', 100) ?? []
    for (const d of departments)
      if (!chat().departments.some((x) => x.oid === d))
        throw badRequest(`conversation_department_oids: no department ${d}`)
    return {
      short_code: shortCode,
      canned_message: requiredString(request, 'canned_message', 10_000),
      conversation_department_oids: departments,
    }
  }
  return [
    [
      getConversationCannedMessages,
      () =>
        envelope({ conversation_canned_messages: structuredClone(chat().cannedMessages).sort(bySortCode) }),
    ],
    [
      insertConversationCannedMessage,
      async ({ body }) => {
        const message = {
          conversation_canned_message_oid: chat().nextOid++,
          ...read(await body(), undefined),
        }
        chat().cannedMessages.push(message)
        return envelope({ conversation_canned_message: structuredClone(message) })
      },
    ],
    [
      updateConversationCannedMessage,
      async ({ params, body }) => {
        const oid = oidParam(params.conversation_canned_message_oid, 'conversation_canned_message_oid')
        const message = find(oid)
        Object.assign(message, read(await body(), oid))
        return envelope({ conversation_canned_message: structuredClone(message) })
      },
    ],
    [
      deleteConversationCannedMessage,
      ({ params }) => {
        const oid = oidParam(params.conversation_canned_message_oid, 'conversation_canned_message_oid')
        find(oid)
        chat().cannedMessages = chat().cannedMessages.filter((m) => m.conversation_canned_message_oid !== oid)
        return noContent()
      },
    ],
    [
      searchConversationCannedMessages,
      async ({ body }) => {
        const request = await body()
        const prefix = (optionalString(request, 'short_code', 50) ?? '').trim().toLowerCase()
        const max = optionalNumber(request, 'max_results', 1, 1000) ?? 25
        const found = chat()
          .cannedMessages.filter((m) => (m.short_code ?? '').toLowerCase().startsWith(prefix))
          .sort(bySortCode)
          .slice(0, max)
        return envelope({ conversation_canned_messages: structuredClone(found) })
      },
    ],
  ]
}
