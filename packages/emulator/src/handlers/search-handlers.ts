import { CONVERSATION_MEDIUMS, type ConversationMedium } from '@uc-conversation/core'
import { getConversationsAutocomplete, getConversationsSearch } from '@uc-conversation/core/operations'
import { optionalBoolean, optionalEnum, optionalNumber, optionalString, requiredString } from '../body-fields'
import { badRequest, jsonResponse } from '../http-error'
import type { Internals } from '../internals'
import { envelope, type HandlerEntries } from '../operation-handler'
import { type ConversationRecord, sortedConversations } from '../state'
import { summaryView } from '../views'

const SMS_NUMBER = /:participant:sms:(.+)$/

const customerOf = (c: ConversationRecord) => c.participants.find((p) => p.role === 'customer')
const smsNumberOf = (c: ConversationRecord) =>
  c.participants.map((p) => SMS_NUMBER.exec(p.arn)?.[1]).find((n) => n !== undefined)

/** What autocomplete completes, and how each value is read from a conversation. */
const AUTOCOMPLETE_FIELDS: Record<
  string,
  (c: ConversationRecord) => { value?: string; description?: string }[]
> = {
  email: (c) => c.participants.filter((p) => p.email).map((p) => ({ value: p.email, description: p.name })),
  name: (c) => c.participants.map((p) => ({ value: p.name, description: p.role })),
  sms_phone_number: (c) => {
    const number = smsNumberOf(c)
    return number ? [{ value: number, description: customerOf(c)?.name }] : []
  },
}

const dateParam = (request: Record<string, unknown>, field: string) => {
  const value = optionalString(request, field, 40)
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) throw badRequest(`${field} must be a date and time`)
  return ms
}

/** Conversation search and autocomplete over the stored conversations. @internal */
export function searchHandlers(ctx: Internals): HandlerEntries {
  const { state } = ctx
  return [
    [
      getConversationsSearch,
      async ({ agent, body }) => {
        const request = await body()
        const text = optionalString(request, 'text_search', 200)?.trim().toLowerCase()
        const email = optionalString(request, 'email_filter', 200)?.trim().toLowerCase()
        const sms = optionalString(request, 'sms_phone_number_filter', 30)?.replace(/[^\d+]/g, '')
        const medium = optionalEnum(
          request,
          'medium_filter',
          CONVERSATION_MEDIUMS as readonly ConversationMedium[],
        )
        const language = optionalString(request, 'language_filter', 10)
        const visible = optionalBoolean(request, 'visible_filter')
        const start = dateParam(request, 'date_start')
        const end = dateParam(request, 'date_end')
        const oldestFirst = optionalBoolean(request, 'order_by_oldest') === true
        const rangeBegin = optionalNumber(request, 'range_begin') ?? 0
        const rangeEnd = optionalNumber(request, 'range_end') ?? rangeBegin + 25
        if (rangeEnd < rangeBegin) throw badRequest('range_end must not be before range_begin')
        const matches = sortedConversations(state).filter(
          (c) =>
            (!medium || c.medium === medium) &&
            // Every conversation here is visible and in English: a filter asking otherwise matches none.
            (visible === undefined || visible) &&
            (!language || language.toLowerCase() === 'en') &&
            (start === undefined || c.startMs >= start) &&
            (end === undefined || c.startMs <= end) &&
            (!email || c.participants.some((p) => p.email?.toLowerCase().includes(email))) &&
            (!sms || (smsNumberOf(c) ?? '').includes(sms)) &&
            (!text ||
              c.participants.some((p) => p.name.toLowerCase().includes(text)) ||
              c.messages.some((m) => m.body?.toLowerCase().includes(text))),
        )
        if (oldestFirst) matches.reverse()
        const page = matches.slice(rangeBegin, rangeEnd)
        // The search response has no envelope: these four fields are all UltraCart sends.
        return jsonResponse(200, {
          range_begin: rangeBegin,
          range_end: rangeBegin + page.length,
          records: page.map((c) => summaryView(state, c, agent.arn)),
          total: matches.length,
        })
      },
    ],
    [
      getConversationsAutocomplete,
      async ({ body }) => {
        const request = await body()
        const field = requiredString(request, 'field', 50)
        const term = optionalString(request, 'term', 200) ?? ''
        const wanted = term.trim().toLowerCase()
        const read = AUTOCOMPLETE_FIELDS[field]
        if (!read) throw badRequest(`field must be one of ${Object.keys(AUTOCOMPLETE_FIELDS).join(', ')}`)
        const seen = new Map<string, { value: string; description?: string }>()
        for (const c of sortedConversations(state))
          for (const { value, description } of read(c))
            if (value?.toLowerCase().includes(wanted) && !seen.has(value))
              seen.set(value, { value, ...(description ? { description } : {}) })
        return envelope({ field, term, results: [...seen.values()].slice(0, 20) })
      },
    ],
  ]
}
