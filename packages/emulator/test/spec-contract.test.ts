import { readFileSync } from 'node:fs'
import { createConversationClient } from '@uc-conversation/core'
import {
  getConversationsAutocomplete,
  getConversationsSearch,
  insertConversationCannedMessage,
  insertConversationDepartment,
  insertConversationEngagement,
  insertPbxAddress,
  OPERATIONS,
  type Operation,
  searchConversationCannedMessages,
  smsUnsubscribeConversation,
  startConversation,
  updateAgentProfile,
  updateConversationCannedMessage,
  updateConversationDepartment,
  updateConversationEngagement,
  updateConversationWebchatQueueStatus,
} from '@uc-conversation/core/operations'
import { Ajv, type ValidateFunction } from 'ajv'
import { afterEach, describe, expect, it } from 'vitest'
import { createEmulator, type Emulator, type OperationId } from '../src'

// Every operation of the spec, through core's `client.call`, against the emulator over real HTTP on 127.0.0.1;
// every answer's body checked against the spec's schema with ajv. The schemas are made closed (no property the
// spec does not name): the emulator must send exactly UltraCart's shapes, not merely compatible ones.

interface Schema {
  $ref?: string
  type?: string
  properties?: Record<string, Schema>
  items?: Schema
  additionalProperties?: boolean
}
interface SpecOperation {
  operationId: string
  parameters?: { name: string; in: string; required?: boolean; schema: Schema; 'x-uc-sdk-name'?: string }[]
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>
  requestBody?: { content: Record<string, { schema: Schema }> }
}
const spec = JSON.parse(
  readFileSync(new URL('../../../spec/conversation.openapi.json', import.meta.url), 'utf8'),
) as {
  paths: Record<string, Record<string, SpecOperation>>
  components: { schemas: Record<string, Schema> }
}
const specOperations = new Map(
  Object.values(spec.paths).flatMap((item) => Object.values(item).map((op) => [op.operationId, op] as const)),
)

const closed = (schema: Schema): Schema => {
  if (schema.properties)
    return {
      ...schema,
      additionalProperties: false,
      properties: Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, closed(v)])),
    }
  if (schema.items) return { ...schema, items: closed(schema.items) }
  return schema
}
const ajv = new Ajv({ strict: false, allErrors: true })
ajv.addSchema({
  $id: 'spec',
  components: {
    schemas: Object.fromEntries(Object.entries(spec.components.schemas).map(([k, v]) => [k, closed(v)])),
  },
})
const validators = new Map<string, ValidateFunction>()
/** A validator of a schema of the spec by name (its `$ref`s resolve into the spec's components). */
export const validatorOf = (name: string): ValidateFunction => {
  let validate = validators.get(name)
  if (!validate) {
    validate = ajv.compile({ $ref: `spec#/components/schemas/${name}` })
    validators.set(name, validate)
  }
  return validate
}
const schemaName = (schema: Schema | undefined) => schema?.$ref?.split('/').pop()
const successSchema = (id: string) => {
  const [, response] = Object.entries(specOperations.get(id)!.responses).find(([s]) => s.startsWith('2'))!
  return schemaName(response.content && Object.values(response.content)[0]?.schema)
}
const expectValid = (name: string, body: unknown, what: string) => {
  const validate = validatorOf(name)
  const ok = validate(body)
  expect(ok, `${what}: ${name} ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true)
}

const snake = (name: string) => name.replace(/(?<!^)([A-Z])/g, '_$1').toLowerCase()

/** A request body the spec allows: every field of the schema two levels down, enums at their first value. */
const sampleOf = (schema: Schema | undefined, depth = 0): unknown => {
  const s = schema?.$ref ? spec.components.schemas[schemaName(schema)!] : schema
  if (!s) return undefined
  const withEnum = s as Schema & { enum?: unknown[] }
  if (withEnum.enum) return withEnum.enum[0]
  if (s.type === 'string') return 'sample'
  if (s.type === 'number' || s.type === 'integer') return 1
  if (s.type === 'boolean') return true
  if (s.type === 'array') return []
  if (depth > 1) return {}
  return Object.fromEntries(
    Object.entries(s.properties ?? {})
      .filter(([k]) => !/_(uuid|oid|sid|dts)$/.test(k))
      .map(([k, v]) => [k, sampleOf(v, depth + 1)]),
  )
}

interface Answer {
  status: number
  body: unknown
  restError: string | null
}

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

/** An emulator on 127.0.0.1 and a client whose every answer is recorded as received. */
async function start() {
  emulator = createEmulator({ clock: 'manual', customers: { autoReply: false } })
  const server = await emulator.listen()
  const answers: Answer[] = []
  const client = createConversationClient({
    ...emulator.clientOptions({ server }),
    retry: false,
    fetch: async (input, init) => {
      const response = await fetch(input, init)
      const text = await response.clone().text()
      answers.push({
        status: response.status,
        body: text ? JSON.parse(text) : undefined,
        restError: response.headers.get('UC-REST-ERROR'),
      })
      return response
    },
  })
  return { emulator, server, client, answers }
}

/** Request bodies that mean something to the chat operations (the others get a sample of their schema). */
const CHAT_BODIES = new Map<Operation, unknown>([
  [startConversation, { add_conversation_participant_arns: ['+15555550124'] }],
  [updateConversationWebchatQueueStatus, { agent_status: 'available' }],
  [insertConversationCannedMessage, { short_code: 'hello', canned_message: 'Hello! How can I help?' }],
  [updateConversationCannedMessage, { short_code: 'hello', canned_message: 'Hi there, how can I help?' }],
  [searchConversationCannedMessages, { short_code: 'he', max_results: 5 }],
  [insertConversationDepartment, { department_name: 'Support', members: [{ user_id: 10001, member: true }] }],
  [
    updateConversationDepartment,
    { department_name: 'Support team', members: [{ user_id: 10001, member: true }] },
  ],
  [
    insertConversationEngagement,
    {
      engagement_name: 'Cart helper',
      active: true,
      visitor_type: 'all',
      time_on_page: 30,
      equation: {
        groups: [
          {
            functions: [
              {
                type: 'current page url',
                current_page_url_logic: 'contains',
                current_page_url_value: '/cart',
              },
            ],
          },
        ],
      },
    },
  ],
  [updateConversationEngagement, { engagement_name: 'Cart helper (EU)', active: false }],
  [updateAgentProfile, { display_name: 'Dee', chat_limit: 3, default_status: 'busy' }],
  [getConversationsSearch, { text_search: 'order', range_begin: 0, range_end: 10 }],
  [getConversationsAutocomplete, { field: 'email', term: 'ada' }],
])

/** Creates first, then lists, then reads by id, updates and deletes: each finds what the earlier ones made. */
const phaseOf = (op: Operation) => {
  const endsWithParam = op.path.endsWith('}')
  if (op.method === 'DELETE') return 4
  if (op.method === 'GET') return endsWithParam ? 2 : 1
  return endsWithParam ? 3 : 0
}

describe('every operation of the spec, through core, over HTTP on 127.0.0.1', () => {
  it('answers in UltraCart form, every body valid against the spec (closed schemas), no bare 404', async () => {
    const { emulator, client, answers } = await start()
    const { conversationUuid } = emulator.customers.arrive({
      queue: 'support',
      name: 'Ada Moreau',
      email: 'ada@example.com',
    })
    await client.joinConversation(conversationUuid)
    emulator.customers.say(conversationUuid, 'Where is my order?')
    const sms = await client.startConversation({ add_conversation_participant_arns: ['+15555550123'] })
    const smsUuid = sms.conversation!.conversation_uuid!

    // Ids handed out so far, by field name, for the path parameters of later calls.
    const ids = new Map<string, string | number>([
      ['conversation_uuid', conversationUuid],
      ['user_id', 10001],
    ])
    const harvest = (value: unknown) => {
      if (Array.isArray(value)) for (const v of value) harvest(v)
      else if (value && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) {
          if (/_(uuid|oid|sid)$/.test(k) && (typeof v === 'string' || typeof v === 'number') && !ids.has(k))
            ids.set(k, v)
          harvest(v)
        }
    }
    const FIXED: Record<string, string | number> = {
      since: 0,
      queue_name: 'support',
      extension: 'jpg',
      merchant_item_id: 'TSHIRT',
    }
    const paramValue = (op: Operation, name: string) => {
      if (op === smsUnsubscribeConversation && name === 'conversation_uuid') return smsUuid
      if (name in FIXED) return FIXED[name]
      const wanted = snake(name)
      const key =
        [...ids.keys()].find((k) => k === wanted) ?? [...ids.keys()].find((k) => k.endsWith(`_${wanted}`))
      return key === undefined ? (op.ints?.[name] ? 999_999 : `missing-${name}`) : ids.get(key)!
    }

    const ordered = (Object.entries(OPERATIONS) as [OperationId, Operation][]).sort(
      ([, a], [, b]) => phaseOf(a) - phaseOf(b),
    )
    const outcomes: Record<string, { emulation: string; status: number }> = {}
    for (const [id, op] of ordered) {
      const params = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => paramValue(op, name!))
      const body =
        CHAT_BODIES.get(op) ??
        sampleOf(Object.values(specOperations.get(id)!.requestBody?.content ?? {})[0]?.schema)
      // Query parameters the spec requires, under their option names (`country` of the number search).
      const required = (specOperations.get(id)!.parameters ?? []).filter(
        (p) => p.in === 'query' && p.required,
      )
      const options = Object.fromEntries(
        required.map((p) => [p['x-uc-sdk-name'] ?? p.name, p.name === 'country' ? 'US' : sampleOf(p.schema)]),
      )
      const args = [
        ...(op.body === 'required' ? [...params, body] : params),
        ...(required.length ? [options] : []),
      ]
      const before = answers.length
      const call = client.call as (operation: Operation, ...rest: unknown[]) => Promise<unknown>
      const result = await call(op, ...args).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      )
      expect(answers.length, `${id} reached the emulator: ${result.ok ? '' : String(result.error)}`).toBe(
        before + 1,
      )
      const answer = answers.at(-1)!
      const emulation = emulator.emulation(id)
      outcomes[id] = { emulation, status: answer.status }
      if (answer.status >= 200 && answer.status < 300) {
        expect(result.ok, id).toBe(true)
        const name = successSchema(id)
        if (name) expectValid(name, answer.body, id)
        else expect(answer.status, `${id} has no result`).toBe(204)
        harvest(answer.body)
      } else {
        // Every refusal is UltraCart's envelope with UC-REST-ERROR, never a bare status.
        expectValid('ErrorResponse', answer.body, id)
        expect(answer.restError, id).toBeTruthy()
      }
      if (emulation === 'faithful') expect(answer.status, `${id} (faithful)`).toBeLessThan(300)
      if (emulation === '501') {
        expect(answer.status, id).toBe(501)
        expect(answer.restError, id).toMatch(/not emulated/)
      }
      if (emulation === 'generic') expect([200, 204, 404], id).toContain(answer.status)
    }

    const count = (e: string) => Object.values(outcomes).filter((o) => o.emulation === e).length
    const chat = Object.entries(OPERATIONS)
      .filter(([, op]) => op.group === 'chat')
      .map(([id]) => id)
    expect(chat).toHaveLength(37)
    expect(chat.every((id) => outcomes[id]?.emulation === 'faithful')).toBe(true)
    expect(Object.keys(outcomes)).toHaveLength(123)
    // The figures for the report.
    console.info(
      `operations: ${Object.keys(outcomes).length}; faithful ${count('faithful')}, generic ${count('generic')} (${
        Object.values(outcomes).filter((o) => o.emulation === 'generic' && o.status < 300).length
      } answered 2xx here), 501 ${count('501')}: ${Object.entries(outcomes)
        .filter(([, o]) => o.emulation === '501')
        .map(([id]) => id)
        .join(', ')}; generic answered 404 (nothing stored under the id): ${Object.entries(outcomes)
        .filter(([, o]) => o.emulation === 'generic' && o.status === 404)
        .map(([id]) => id)
        .join(', ')}`,
    )
    // 123 requests over HTTP and the first compile of the large schemas (Item, Cart) take a few seconds on CI.
  }, 30_000)

  it('the generic store keeps records: insert, read, list, update, delete, then 404 in the envelope', async () => {
    const { client, emulator } = await start()
    expect(emulator.emulation('insertPbxAddress')).toBe('generic')
    const created = await client.call(insertPbxAddress, {
      street: '1 Main St',
      city: 'Portland',
      friendly_name: 'HQ',
    })
    const uuid = created.address?.conversation_pbx_address_uuid
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/)
    expect((await client.call(OPERATIONS.getPbxAddress, uuid!)).address).toMatchObject({ city: 'Portland' })
    expect((await client.call(OPERATIONS.getPbxAddresses)).addresses).toHaveLength(1)
    const updated = await client.call(OPERATIONS.updatePbxAddress, uuid!, {
      city: 'Salem',
      conversation_pbx_address_uuid: 'x',
    })
    expect(updated.address).toMatchObject({
      city: 'Salem',
      friendly_name: 'HQ',
      conversation_pbx_address_uuid: uuid,
    })
    await client.call(OPERATIONS.deletePbxAddress, uuid!)
    await expect(client.call(OPERATIONS.getPbxAddress, uuid!)).rejects.toMatchObject({
      status: 404,
      body: { success: false, error: { developer_message: `no record ${uuid}` } },
    })
  })

  it('the PBX agents and phone number every merchant has are there to read and update', async () => {
    const { client, emulator } = await start()
    const [agent] = (await client.call(OPERATIONS.getPbxAgents)).agents ?? []
    expect(agent).toMatchObject({ user_id: 10001, full_name: 'Demo Agent', extension: 101 })
    const uuid = agent!.conversation_pbx_agent_uuid!
    await client.call(OPERATIONS.updatePbxAgent, uuid, { extension: 205 })
    expect((await client.call(OPERATIONS.getPbxAgent, uuid)).agent).toMatchObject({
      extension: 205,
      user_id: 10001,
    })
    const [number] = (await client.call(OPERATIONS.getPbxPhoneNumbers)).phone_numbers ?? []
    const auth = await client.getAgentWebsocketAuthorization()
    expect(auth.agent_auth?.twilio_accounts?.[0]?.twilio_phone_numbers).toEqual([number?.phone_number])
    expect(emulator.emulation('getPbxAgents')).toBe('generic')
  })

  it('the generic store refuses a body that does not fit the schema, naming the field, and stores nothing', async () => {
    const { client } = await start()
    await expect(client.call(insertPbxAddress, { city: 42 } as never)).rejects.toMatchObject({
      status: 400,
      developerMessage: 'city must be a string',
    })
    expect((await client.call(OPERATIONS.getPbxAddresses)).addresses).toEqual([])
  })
})
