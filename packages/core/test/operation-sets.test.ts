// The named operation sets of @uc-conversation/core/operations, held to the spec: which set each of the 123
// operations belongs in is re-derived here from what its answer can hold (read from the spec's schemas), its
// scope and method, so a regenerated table or a hand edit cannot slip an operation into the wrong set.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  ADMIN_OPERATIONS,
  AGENT_CONSOLE_OPERATIONS,
  OPERATIONS,
  type Operation,
  READ_ONLY_OPERATIONS,
} from '../src/operations'
import { ELEVEN_OPERATIONS } from '../src/operations/eleven'

interface Schema {
  $ref?: string
  properties?: Record<string, unknown>
  [key: string]: unknown
}
const spec = JSON.parse(
  readFileSync(new URL('../../../spec/conversation.openapi.json', import.meta.url), 'utf8'),
) as {
  paths: Record<string, Record<string, { operationId?: string; responses?: unknown }>>
  components: { schemas: Record<string, Schema> }
}
const schemas = spec.components.schemas

/** Every schema reachable from `value`. */
const reachable = (value: unknown, out = new Set<string>()): Set<string> => {
  if (!value || typeof value !== 'object') return out
  const ref = (value as Schema).$ref
  if (typeof ref === 'string') {
    const name = ref.split('/').pop() as string
    if (out.has(name)) return out
    out.add(name)
    reachable(schemas[name], out)
  }
  for (const inner of Object.values(value)) reachable(inner, out)
  return out
}

/** Fields that hold a secret: passwords, shared secrets, credentials, header values, SIP logins, payment tokens. */
const SECRET_FIELD = /password|secret|header_value|credential|sip_|_token$|^pbx_.*token/

/** Schemas holding a secret field, and the records of customers (accounts and orders). */
const sensitive = new Set(
  Object.entries(schemas)
    .filter(
      ([name, schema]) =>
        name === 'Customer' ||
        name === 'Order' ||
        Object.keys(schema.properties ?? {}).some((f) => SECRET_FIELD.test(f)),
    )
    .map(([name]) => name),
)

/** What each operation's answer can hold that is sensitive, by operation id. */
const answerHolds = new Map<string, string[]>()
for (const item of Object.values(spec.paths))
  for (const operation of Object.values(item))
    if (operation.operationId)
      answerHolds.set(
        operation.operationId,
        [...reachable(operation.responses)].filter((name) => sensitive.has(name)),
      )

const ALL = OPERATIONS as Record<string, Operation>
const names = (set: object) => Object.keys(set).sort()

/** A read: `conversation_read` scope, and a GET or an operation named as a read (`get…`, `search…`). */
const isRead = (id: string) => {
  const operation = ALL[id] as Operation
  return (
    operation.scope === 'conversation_read' && (operation.method === 'GET' || /^(get|search)[A-Z]/.test(id))
  )
}

const THE_SEVEN = [
  'getPbxHardwarePhone',
  'getAgentProfileMcp',
  'getConversationPbxCustomerSnapshot',
  'purchasePbxPhoneNumber',
  'regeneratePasswordForPbxHardwarePhone',
  'deletePbxPhoneNumber',
  'updateVirtualAgentBudget',
]

describe('the named operation sets', () => {
  it('the seven operations of issue 17 (admin, money, secrets) are in no set but ADMIN_OPERATIONS', () => {
    for (const id of THE_SEVEN) {
      expect(Object.hasOwn(ADMIN_OPERATIONS, id), id).toBe(true)
      expect(Object.hasOwn(AGENT_CONSOLE_OPERATIONS, id), id).toBe(false)
      expect(Object.hasOwn(READ_ONLY_OPERATIONS, id), id).toBe(false)
    }
  })

  it('each entry is the table’s own descriptor under its own name', () => {
    for (const set of [ADMIN_OPERATIONS, AGENT_CONSOLE_OPERATIONS, READ_ONLY_OPERATIONS])
      for (const [id, operation] of Object.entries(set)) expect(operation, id).toBe(ALL[id])
  })

  it('admin ∪ console ∪ read-only is all 123 operations; admin shares none with the others', () => {
    const all = names(OPERATIONS)
    expect(all).toHaveLength(123)
    const union = new Set([
      ...names(ADMIN_OPERATIONS),
      ...names(AGENT_CONSOLE_OPERATIONS),
      ...names(READ_ONLY_OPERATIONS),
    ])
    expect([...union].sort()).toEqual(all)
    for (const id of names(ADMIN_OPERATIONS)) {
      expect(Object.hasOwn(AGENT_CONSOLE_OPERATIONS, id), id).toBe(false)
      expect(Object.hasOwn(READ_ONLY_OPERATIONS, id), id).toBe(false)
    }
  })

  it('READ_ONLY_OPERATIONS is exactly the reads whose answer holds no secret and no customer records', () => {
    const expected = names(OPERATIONS).filter((id) => isRead(id) && answerHolds.get(id)?.length === 0)
    expect(names(READ_ONLY_OPERATIONS)).toEqual(expected)
    // What the spec's schemas leave out, as the set's TSDoc says.
    for (const id of ['getPbxHardwarePhones', 'getAgentProfileMcps', 'getConversationItemVariations'])
      expect(answerHolds.get(id)?.length, id).toBeGreaterThan(0)
  })

  it('AGENT_CONSOLE_OPERATIONS: live chat only, the client’s eleven included, nothing that administers or spends', () => {
    for (const { id } of ELEVEN_OPERATIONS) expect(Object.hasOwn(AGENT_CONSOLE_OPERATIONS, id), id).toBe(true)
    for (const [id, operation] of Object.entries(AGENT_CONSOLE_OPERATIONS)) {
      expect((operation as Operation).group, id).toBe('chat')
      // Writes are the agent's own chat actions, never inserting, updating or deleting configuration.
      expect(id, id).not.toMatch(/^(insert|update|delete)(?!ConversationWebchatQueueStatus$)/)
    }
    // The two sensitive answers a console needs, and why: the agent socket's JWT, and the webchat context
    // (the cart and orders of the conversation's own customer).
    const sensitiveInConsole = names(AGENT_CONSOLE_OPERATIONS).filter((id) => answerHolds.get(id)?.length)
    expect(sensitiveInConsole).toEqual(['getAgentWebsocketAuthorization', 'getConversationContext'])
  })

  it('ADMIN_OPERATIONS is everything else: each one writes configuration, or reads something sensitive', () => {
    for (const id of names(ADMIN_OPERATIONS))
      expect(!isRead(id) || (answerHolds.get(id)?.length ?? 0) > 0, id).toBe(true)
  })
})
