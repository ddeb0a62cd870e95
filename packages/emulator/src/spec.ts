import specJson from '../../../spec/conversation.openapi.json'

/** The parts of a JSON schema the spec uses (OpenAPI 3.0: no `required`, no `nullable`, no `additionalProperties`). */
export interface SpecSchema {
  $ref?: string
  type?: string
  enum?: readonly unknown[]
  items?: SpecSchema
  properties?: Readonly<Record<string, SpecSchema>>
}

interface SpecOperation {
  operationId: string
  requestBody?: { content: Record<string, { schema: SpecSchema }> }
  responses: Record<string, { content?: Record<string, { schema: SpecSchema }> }>
}

/**
 * UltraCart's API as facts (the repository's `spec/conversation.openapi.json`, bundled): the generic store reads
 * the request and response schemas of the operations it emulates from here, as core reads its table from it.
 */
const spec = specJson as unknown as {
  paths: Record<string, Record<string, SpecOperation>>
  components: { schemas: Record<string, SpecSchema> }
}

const byId = new Map<string, SpecOperation>()
for (const item of Object.values(spec.paths))
  for (const op of Object.values(item)) if (op?.operationId) byId.set(op.operationId, op)

/** A named schema of the spec. */
export const schemaNamed = (name: string): SpecSchema | undefined => spec.components.schemas[name]

/** The name a `$ref` points at. */
export const refName = (schema: SpecSchema | undefined): string | undefined => schema?.$ref?.split('/').pop()

/** Follows a `$ref` to the schema it names. */
export const resolveSchema = (schema: SpecSchema | undefined): SpecSchema | undefined =>
  schema?.$ref ? schemaNamed(refName(schema)!) : schema

const jsonSchemaOf = (content: Record<string, { schema: SpecSchema }> | undefined) =>
  content ? Object.values(content)[0]?.schema : undefined

/** The request body schema of an operation, if it takes one. */
export const requestSchemaOf = (operationId: string): SpecSchema | undefined =>
  jsonSchemaOf(byId.get(operationId)?.requestBody?.content)

/** The schema of an operation's successful answer (undefined for 204). */
export const responseSchemaOf = (operationId: string): SpecSchema | undefined => {
  const responses = byId.get(operationId)?.responses ?? {}
  const success = Object.entries(responses).find(([status]) => status.startsWith('2'))?.[1]
  return jsonSchemaOf(success?.content)
}
