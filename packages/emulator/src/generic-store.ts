import { HttpError, jsonResponse } from './http-error'
import type { Internals } from './internals'
import { noContent, type OperationHandler, envelope as withEnvelope } from './operation-handler'
import { OPERATION_ROUTES, type OperationRoute } from './operation-routes'
import type { Random } from './random'
import { refName, requestSchemaOf, resolveSchema, responseSchemaOf, type SpecSchema } from './spec'

/** How the generic store answers an operation, read off its method, path and schemas. @internal */
export type GenericKind =
  | { kind: 'list'; field: string }
  | { kind: 'get'; field: string; idField: string; param: string }
  | { kind: 'delete'; field: string | undefined; idField: string; param: string }
  | { kind: 'update'; field: string; idField: string; param: string; schema: SpecSchema }
  | { kind: 'insert'; field: string; idField: string; schema: SpecSchema }
  | { kind: 'read settings'; field: string }
  | { kind: 'replace settings'; field: string; schema: SpecSchema }

const ENVELOPE = new Set(['success', 'error', 'metadata', 'warning'])
const snake = (name: string) => name.replace(/(?<!^)([A-Z])/g, '_$1').toLowerCase()

/** The fields of a response besides the envelope, with their schemas. */
const payloadFields = (id: string) =>
  Object.entries(resolveSchema(responseSchemaOf(id))?.properties ?? {}).filter(
    ([name]) => !ENVELOPE.has(name),
  )

/** The one field holding a record (`{ address: ConversationPbxAddress }`), and that record's schema name. */
const recordField = (id: string) => {
  const fields = payloadFields(id)
  const [only] = fields
  return fields.length === 1 && only?.[1].$ref ? { field: only[0], schema: refName(only[1])! } : undefined
}

const lastParam = (route: OperationRoute) => /\{(\w+)\}$/.exec(route.operation.path)?.[1]
const parentPath = (path: string) => path.slice(0, path.lastIndexOf('/'))

/** The property of a record holding the id a path parameter names (`classOfServiceUuid` → `…class_of_service_uuid`). */
const idFieldFor = (schemaName: string, param: string) => {
  const wanted = snake(param)
  return Object.keys(resolveSchema({ $ref: `#/components/schemas/${schemaName}` })?.properties ?? {}).find(
    (p) => p === wanted || p.endsWith(`_${wanted}`),
  )
}

/** The item route (`…/{id}`) beside a collection path, and the id field it names in `schemaName`. */
const itemRouteOf = (collectionPath: string, schemaName: string) => {
  for (const other of OPERATION_ROUTES) {
    const param = lastParam(other)
    if (other.operation.method !== 'GET' || !param || parentPath(other.operation.path) !== collectionPath)
      continue
    const idField = idFieldFor(schemaName, param)
    if (idField) return { param, idField }
  }
  return undefined
}

/**
 * Classifies an operation the emulator does not implement by hand: plain create, read, update and delete of
 * records (or of one settings object) are served from the generic store; anything else (uploads, searches,
 * purchases, statistics) is undefined and answered 501.
 */
export function genericKindOf(route: OperationRoute): GenericKind | undefined {
  const { id, operation } = route
  const param = lastParam(route)
  const record = recordField(id)
  const body = requestSchemaOf(id)
  const bodyName = refName(body)
  if (!param) {
    if (operation.method === 'GET') {
      const fields = payloadFields(id)
      const [only] = fields
      if (fields.length === 1 && only?.[1].type === 'array' && only[1].items?.$ref)
        return { kind: 'list', field: only[0] }
      // Settings read whole: only where the same path replaces them, else nothing would ever fill them.
      const replaced = OPERATION_ROUTES.some(
        (r) => r.operation.path === operation.path && r.operation.method === 'PUT',
      )
      return record && replaced ? { kind: 'read settings', field: record.field } : undefined
    }
    if (!record || !body || bodyName !== record.schema) return undefined
    if (operation.method === 'PUT') return { kind: 'replace settings', field: record.field, schema: body }
    const item = itemRouteOf(operation.path, record.schema)
    return item ? { kind: 'insert', field: record.field, idField: item.idField, schema: body } : undefined
  }
  if (operation.method === 'DELETE') {
    const sibling = OPERATION_ROUTES.find(
      (r) => r.operation.path === operation.path && r.operation.method === 'GET',
    )
    const schema = record?.schema ?? (sibling && recordField(sibling.id)?.schema)
    const idField = schema && idFieldFor(schema, param)
    return idField ? { kind: 'delete', field: record?.field, idField, param } : undefined
  }
  if (!record) return undefined
  const idField = idFieldFor(record.schema, param)
  if (!idField) return undefined
  if (operation.method === 'GET') return { kind: 'get', field: record.field, idField, param }
  if (body && bodyName === record.schema)
    return { kind: 'update', field: record.field, idField, param, schema: body }
  return undefined
}

/**
 * Checks a body against its schema (types and enums, recursively), answering 400 with the path of the first
 * field that does not fit: what is stored is echoed back, so it must be valid.
 */
export function checkBody(value: unknown, schema: SpecSchema | undefined, path: string): void {
  const s = resolveSchema(schema)
  if (!s || value === undefined || value === null) return
  const where = path || 'the request body'
  const fail = (what: string) => {
    throw new HttpError(400, `${where} must be ${what}`, `${where} is not valid.`, 'invalid_parameter')
  }
  if (s.enum && !s.enum.includes(value)) fail(`one of ${s.enum.join(', ')}`)
  switch (s.type) {
    case 'string':
      if (typeof value !== 'string') fail('a string')
      return
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('a number')
      return
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false')
      return
    case 'array':
      if (!Array.isArray(value)) fail('a list')
      for (const [i, v] of (value as unknown[]).entries()) checkBody(v, s.items, `${path}[${i}]`)
      return
    default:
      if (typeof value !== 'object' || Array.isArray(value)) fail('an object')
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        const property = s.properties?.[key]
        if (s.properties && !property) fail(`free of unknown field ${key}`)
        checkBody(v, property, path ? `${path}.${key}` : key)
      }
  }
}

/** Fills a template path with a request's parameters: the key of the collection it names. */
const concrete = (template: string, params: Readonly<Record<string, string | undefined>>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''))

const notFound = (id: string) => new HttpError(404, `no record ${id}`, 'Not found.', 'not_found')

/** The 501 in UltraCart's envelope for an operation of the spec the emulator does not emulate. @internal */
export const notEmulated =
  (route: OperationRoute): OperationHandler =>
  () => {
    throw new HttpError(
      501,
      `${route.id} (${route.operation.method} ${route.operation.path}) is not emulated`,
      `${route.id} is not emulated.`,
      'not_implemented',
    )
  }

/** A handler serving `kind` from the generic store. @internal */
export function genericHandler(
  route: OperationRoute,
  kind: GenericKind,
  ctx: Internals,
  ids: Random,
): OperationHandler {
  // A few list schemas carry no envelope (`{ addresses }` alone): answer exactly what the spec says.
  const enveloped = 'success' in (resolveSchema(responseSchemaOf(route.id))?.properties ?? {})
  const envelope = (fields: Record<string, unknown>) =>
    enveloped ? withEnvelope(fields) : jsonResponse(200, fields)
  const records = (key: string) => {
    ctx.state.chat.collections[key] ??= []
    return ctx.state.chat.collections[key]
  }
  const collectionKey = (params: Readonly<Record<string, string | undefined>>) =>
    parentPath(concrete(route.operation.path, params))
  const findIn = (key: string, idField: string, id: string) => {
    const list = records(key)
    const index = list.findIndex((r) => String(r[idField]) === id)
    if (index < 0) throw notFound(id)
    return { list, index, record: list[index]! }
  }
  switch (kind.kind) {
    case 'list':
      return ({ params }) =>
        envelope({ [kind.field]: structuredClone(records(concrete(route.operation.path, params))) })
    case 'read settings':
      return () =>
        envelope({ [kind.field]: structuredClone(ctx.state.chat.singletons[route.operation.path] ?? {}) })
    case 'replace settings':
      return async ({ body }) => {
        const settings = await body()
        checkBody(settings, kind.schema, '')
        ctx.state.chat.singletons[route.operation.path] = settings
        return envelope({ [kind.field]: structuredClone(settings) })
      }
    case 'insert':
      return async ({ params, body }) => {
        const record = await body()
        checkBody(record, kind.schema, '')
        const key = concrete(route.operation.path, params)
        const idSchema = resolveSchema(kind.schema)?.properties?.[kind.idField]
        record[kind.idField] = idSchema?.type === 'number' ? ctx.state.chat.nextOid++ : ids.uuid()
        records(key).push(record)
        return envelope({ [kind.field]: structuredClone(record) })
      }
    case 'get':
      return ({ params }) =>
        envelope({
          [kind.field]: structuredClone(
            findIn(collectionKey(params), kind.idField, params[kind.param] ?? '').record,
          ),
        })
    case 'update':
      return async ({ params, body }) => {
        const change = await body()
        checkBody(change, kind.schema, '')
        const { record } = findIn(collectionKey(params), kind.idField, params[kind.param] ?? '')
        // The id is the path's: a body naming another one does not move the record.
        Object.assign(record, change, { [kind.idField]: record[kind.idField] })
        return envelope({ [kind.field]: structuredClone(record) })
      }
    case 'delete':
      return ({ params }) => {
        const { list, index, record } = findIn(collectionKey(params), kind.idField, params[kind.param] ?? '')
        list.splice(index, 1)
        if (kind.field) return envelope({ [kind.field]: structuredClone(record) })
        // Some deletes answer a bare envelope (BaseResponse), the others 204.
        return responseSchemaOf(route.id) ? envelope({}) : noContent()
      }
  }
}
