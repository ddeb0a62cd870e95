// Every row of the generated table carries UltraCart's name for it: the spec's operationId, read here from the spec
// itself, so a regenerated table or a hand edit cannot drift from it.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createConversationClient, OPERATION_SCOPES } from '../src'
import * as table from '../src/operations'
import { OPERATIONS, type Operation } from '../src/operations'
import { ELEVEN_OPERATIONS } from '../src/operations/eleven'

const spec = JSON.parse(
  readFileSync(new URL('../../../spec/conversation.openapi.json', import.meta.url), 'utf8'),
) as { paths: Record<string, Record<string, { operationId: string }>> }

/** `METHOD path` → operationId, as the spec states it. */
const specIds = new Map<string, string>()
for (const [path, item] of Object.entries(spec.paths))
  for (const [method, operation] of Object.entries(item))
    specIds.set(`${method.toUpperCase()} ${path}`, operation.operationId)

const rows = (Object.entries(table) as [string, unknown][]).filter(
  (entry): entry is [string, Operation] =>
    typeof entry[1] === 'object' && entry[1] !== null && 'method' in entry[1] && 'path' in entry[1],
)

describe('operation ids', () => {
  it('every exported row carries the operationId the spec gives its method and path, and is exported under it', () => {
    expect(rows).toHaveLength(specIds.size)
    expect(specIds.size).toBe(123)
    for (const [exportName, row] of rows) {
      expect(row.id, exportName).toBe(specIds.get(`${row.method} ${row.path}`))
      expect(exportName).toBe(row.id)
    }
  })

  it('OPERATIONS holds every row under its id, and no two rows share one', () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual([...specIds.values()].sort())
    for (const [id, row] of Object.entries(OPERATIONS)) expect((row as Operation).id).toBe(id)
  })

  it('the client has a method per eleven row, named by its id, and OPERATION_SCOPES reads the same ids', () => {
    const client = createConversationClient({ transport: async () => new Response('{}') })
    const ids = ELEVEN_OPERATIONS.map((operation) => operation.id).sort()
    expect(ids).toHaveLength(11)
    for (const id of ids)
      expect(typeof (client as unknown as Record<string, unknown>)[id], id).toBe('function')
    expect(Object.keys(OPERATION_SCOPES).sort()).toEqual(ids)
    for (const operation of ELEVEN_OPERATIONS)
      expect(OPERATION_SCOPES[operation.id as keyof typeof OPERATION_SCOPES]).toBe(operation.scope)
  })
})
