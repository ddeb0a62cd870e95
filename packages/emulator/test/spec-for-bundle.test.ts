import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { specForBundle } from '../src/spec-for-bundle'

const full = JSON.parse(
  readFileSync(new URL('../../../spec/conversation.openapi.json', import.meta.url), 'utf8'),
)

describe('the spec as bundled for the generic store', () => {
  const bundled = specForBundle(full) as typeof full

  it('keeps every schema property (one named description or tags too) and every operation request and response', () => {
    for (const [name, schema] of Object.entries<{ properties?: object }>(full.components.schemas))
      expect(Object.keys(bundled.components.schemas[name].properties ?? {}), name).toEqual(
        Object.keys(schema.properties ?? {}),
      )
    expect(Object.keys(bundled.components.schemas.ConversationPbxClassOfService.properties)).toContain(
      'description',
    )
    type Op = {
      operationId: string
      requestBody?: { content: object }
      responses: Record<string, { content?: object }>
    }
    for (const [path, item] of Object.entries<Record<string, Op>>(full.paths))
      for (const [method, op] of Object.entries(item)) {
        const kept = bundled.paths[path][method] as Op
        expect(kept.operationId).toBe(op.operationId)
        expect(kept.requestBody?.content, `${method} ${path}`).toEqual(op.requestBody?.content)
        for (const [status, response] of Object.entries(op.responses))
          expect(kept.responses[status]?.content, `${method} ${path} ${status}`).toEqual(response.content)
      }
  })

  it('leaves out the extensions and prose', () => {
    const text = JSON.stringify(bundled)
    expect(text).not.toMatch(/"x-uc-/)
    expect(text.length).toBeLessThan(JSON.stringify(full).length * 0.85)
  })
})
