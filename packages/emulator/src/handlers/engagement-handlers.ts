import type { ConversationSchemas } from '@uc-conversation/core'
import {
  deleteEngagement,
  getConversationEngagement,
  getConversationEngagements,
  getLocationsForEngagement,
  insertConversationEngagement,
  updateConversationEngagement,
} from '@uc-conversation/core/operations'
import {
  optionalBoolean,
  optionalEnum,
  optionalNumber,
  optionalNumbers,
  optionalString,
  requiredString,
} from '../body-fields'
import { LOCATIONS } from '../catalogue'
import { badRequest } from '../http-error'
import type { Internals } from '../internals'
import { envelope, type HandlerEntries, noContent } from '../operation-handler'
import { notFound, oidParam } from './oid-param'

type Engagement = ConversationSchemas['ConversationEngagement']
type EquationFunction = ConversationSchemas['ConversationEngagementEquationFunction']

const URL_LOGIC = ['contains', 'does not contain', 'is exactly', 'is not'] as const
const COUNT_LOGIC = ['is at least', 'is more than', 'is less than', 'is at most'] as const
const FUNCTION_TYPES = [
  'current page url',
  'customers location',
  'customers browsing time',
  'number of viewed pages',
  'referring website address',
  'any page from session',
] as const

/** One condition of an engagement's equation: its enums checked, its fields kept. */
const readFunction = (f: unknown, where: string): EquationFunction => {
  if (typeof f !== 'object' || f === null) throw badRequest(`${where} must be an object`)
  const o = f as Record<string, unknown>
  const field = (name: string) => `${where}.${name}`
  const pick = <T>(name: string, read: (body: Record<string, unknown>, n: string) => T) => {
    try {
      return read(o, name)
    } catch {
      // Name the whole path, not just the leaf, so the caller finds the condition at fault.
      throw badRequest(`${field(name)} is not valid`)
    }
  }
  const result: EquationFunction = {
    type: pick('type', (b, n) => optionalEnum(b, n, FUNCTION_TYPES)),
    any_page_url_logic: pick('any_page_url_logic', (b, n) => optionalEnum(b, n, URL_LOGIC)),
    any_page_url_value: pick('any_page_url_value', (b, n) => optionalString(b, n, 2000)),
    current_page_url_logic: pick('current_page_url_logic', (b, n) => optionalEnum(b, n, URL_LOGIC)),
    current_page_url_value: pick('current_page_url_value', (b, n) => optionalString(b, n, 2000)),
    referring_website_logic: pick('referring_website_logic', (b, n) => optionalEnum(b, n, URL_LOGIC)),
    referring_website_value: pick('referring_website_value', (b, n) => optionalString(b, n, 2000)),
    customers_browsing_time_logic: pick('customers_browsing_time_logic', (b, n) =>
      optionalEnum(b, n, COUNT_LOGIC),
    ),
    customers_browsing_time_seconds: pick('customers_browsing_time_seconds', (b, n) => optionalNumber(b, n)),
    number_of_viewed_pages_logic: pick('number_of_viewed_pages_logic', (b, n) =>
      optionalEnum(b, n, COUNT_LOGIC),
    ),
    number_of_viewed_pages_value: pick('number_of_viewed_pages_value', (b, n) => optionalNumber(b, n)),
    customers_location_logic: pick('customers_location_logic', (b, n) =>
      optionalEnum(b, n, ['is', 'is not'] as const),
    ),
    customers_location_country: pick('customers_location_country', (b, n) => optionalString(b, n, 2)),
    customers_location_state: pick('customers_location_state', (b, n) => optionalString(b, n, 10)),
  }
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined)) as EquationFunction
}

/** Proactive chat invitations: which visitors an agent greets, on which pages, after how long. @internal */
export function engagementHandlers(ctx: Internals): HandlerEntries {
  const { state } = ctx
  const find = (oid: number) => {
    const found = state.chat.engagements.find((e) => e.conversation_engagement_oid === oid)
    if (!found) throw notFound('engagement', oid)
    return found
  }
  const read = (request: Record<string, unknown>): Omit<Engagement, 'conversation_engagement_oid'> => {
    const departments = optionalNumbers(request, 'department_oids', 100) ?? []
    for (const d of departments)
      if (!state.chat.departments.some((x) => x.oid === d))
        throw badRequest(`department_oids: no department ${d}`)
    const equation = request.equation as { groups?: unknown } | undefined
    const groups = equation?.groups ?? []
    if (!Array.isArray(groups)) throw badRequest('equation.groups must be a list')
    return {
      engagement_name: requiredString(request, 'engagement_name', 100),
      active: optionalBoolean(request, 'active') ?? false,
      customer_initiated: optionalBoolean(request, 'customer_initiated') ?? false,
      customer_greeting: optionalString(request, 'customer_greeting', 2000) ?? '',
      time_on_page: optionalNumber(request, 'time_on_page', 0, 86_400) ?? 0,
      visitor_type:
        optionalEnum(request, 'visitor_type', ['all', 'first time', 'returning'] as const) ?? 'all',
      department_oids: departments,
      equation: {
        groups: groups.map((g: { functions?: unknown }, i) => {
          if (!Array.isArray(g?.functions)) throw badRequest(`equation.groups[${i}].functions must be a list`)
          return {
            functions: g.functions.map((f, j) => readFunction(f, `equation.groups[${i}].functions[${j}]`)),
          }
        }),
      },
    }
  }
  return [
    [
      getConversationEngagements,
      () => envelope({ conversation_engagements: structuredClone(state.chat.engagements) }),
    ],
    [
      getConversationEngagement,
      ({ params }) =>
        envelope({
          conversation_engagement: structuredClone(
            find(oidParam(params.conversation_engagement_oid, 'conversation_engagement_oid')),
          ),
        }),
    ],
    [
      insertConversationEngagement,
      async ({ body }) => {
        const engagement = { conversation_engagement_oid: state.chat.nextOid++, ...read(await body()) }
        state.chat.engagements.push(engagement)
        return envelope({ conversation_engagement: structuredClone(engagement) })
      },
    ],
    [
      updateConversationEngagement,
      async ({ params, body }) => {
        const engagement = find(oidParam(params.conversation_engagement_oid, 'conversation_engagement_oid'))
        Object.assign(engagement, read(await body()))
        return envelope({ conversation_engagement: structuredClone(engagement) })
      },
    ],
    [
      deleteEngagement,
      ({ params }) => {
        const oid = oidParam(params.conversation_engagement_oid, 'conversation_engagement_oid')
        find(oid)
        state.chat.engagements = state.chat.engagements.filter((e) => e.conversation_engagement_oid !== oid)
        return noContent()
      },
    ],
    // The places an engagement's location condition can name.
    [getLocationsForEngagement, () => envelope({ countries: structuredClone(LOCATIONS) })],
  ]
}
