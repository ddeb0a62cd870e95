// An independent model of how UltraCart's generated TypeScript SDK (repository UltraCart/rest_api_v2_sdk_typescript,
// openapi-generator's typescript-fetch) turns one call into an HTTP request, driven by the spec
// (spec/conversation.openapi.json, itself extracted from that SDK). None of the SDK's code is copied: each rule
// below cites the file and function of the SDK it was read from, so a reviewer can check the model against it.
import { readFileSync } from 'node:fs'

export interface SpecSchema {
  type?: string
  $ref?: string
  items?: SpecSchema
  enum?: string[]
  properties?: Record<string, SpecSchema>
  additionalProperties?: boolean | SpecSchema
}

export interface SpecParameter {
  name: string
  in: 'path' | 'query'
  required?: boolean
  schema: SpecSchema
  /** The SDK's argument name (`_limit` → `limit`, `area_code` → `areaCode`). */
  'x-uc-sdk-name'?: string
}

export interface SpecOperation {
  operationId: string
  parameters?: SpecParameter[]
  requestBody?: {
    required?: boolean
    content: Record<string, { schema: SpecSchema }>
    'x-uc-sdk-name'?: string
  }
}

export interface Spec {
  paths: Record<string, Record<string, SpecOperation>>
  components: { schemas: Record<string, SpecSchema> }
}

/** One operation of the spec with what a request needs, in the spec's own order. */
export interface SpecRow {
  id: string
  method: 'GET' | 'PUT' | 'POST' | 'DELETE'
  path: string
  /** Path parameters in the order their placeholders appear in the path template. */
  pathParams: SpecParameter[]
  /** Query parameters in the spec's order. */
  queryParams: SpecParameter[]
  body?: { required: boolean; schema: SpecSchema; sdkName: string }
}

export const loadSpec = (): Spec =>
  JSON.parse(readFileSync(new URL('../../../spec/conversation.openapi.json', import.meta.url), 'utf8'))

/** The SDK's name of a parameter. */
export const sdkName = (p: SpecParameter): string => p['x-uc-sdk-name'] ?? p.name

export const specRows = (spec: Spec): SpecRow[] =>
  Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): SpecRow => {
      const params = op.parameters ?? []
      const body = op.requestBody
      return {
        id: op.operationId,
        method: method.toUpperCase() as SpecRow['method'],
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => params.find((p) => p.name === name)!),
        queryParams: params.filter((p) => p.in === 'query'),
        ...(body && {
          body: {
            required: body.required === true,
            schema: Object.values(body.content)[0]!.schema,
            sdkName: body['x-uc-sdk-name'] ?? 'body',
          },
        }),
      }
    }),
  )

/** `src/runtime.ts`, `BASE_PATH`. */
export const SDK_BASE_PATH = 'https://secure.ultracart.com/rest/v2'

/** `src/runtime.ts`, `API_VERSION`: `BaseAPI.createFetchParams` sends it as `X-UltraCart-Api-Version` on every request. */
export const SDK_API_VERSION = '2017-03-01'

/** `src/runtime.ts`, class `RequiredError`: thrown by an operation before anything is sent. */
export class SdkRequiredError extends Error {
  constructor(readonly field: string) {
    super(`Required parameter ${field} was null or undefined`)
  }
}

/** What the SDK hands to fetch: `src/runtime.ts`, `BaseAPI.createFetchParams`. */
export interface SdkRequest {
  method: string
  url: string
  apiVersion: string
  /** `JSON.stringify` of the body; absent when `JSON.stringify` gives `undefined`. */
  body?: string
  contentType?: string
}

const refName = (schema: SpecSchema) => schema.$ref?.split('/').pop()

/**
 * `src/models/<Model>.ts`, `<Model>ToJSON(value)`: `undefined` stays `undefined`, `null` stays `null`; otherwise a
 * new object with exactly the model's properties, in the model's declaration order (the spec keeps that order),
 * so fields outside the model are dropped. Per property: a nested model goes through its own `ToJSON`; an array
 * of models is `value.p === undefined ? undefined : value.p.map(ItemToJSON)` (so `null` makes `.map` throw); a
 * map of models is `mapValues(value.p, ItemToJSON)`; anything else (strings, numbers, booleans, arrays of
 * those, free-form objects) is copied as it is. No model of the Conversation API has a `Date` field (the spec's
 * README: `*_dts` are strings at runtime), so `toISOString` never applies.
 */
export const modelToJSON = (spec: Spec, schema: SpecSchema, value: unknown): unknown => {
  const name = refName(schema)
  const model = name ? spec.components.schemas[name]! : schema
  if (value === undefined) return undefined
  if (value === null) return null
  const source = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [field, property] of Object.entries(model.properties ?? {})) {
    const v = source[field]
    const items = property.items
    const map = typeof property.additionalProperties === 'object' ? property.additionalProperties : undefined
    if (refName(property)) out[field] = modelToJSON(spec, property, v)
    else if (items && refName(items))
      out[field] =
        v === undefined ? undefined : (v as unknown[]).map((item) => modelToJSON(spec, items, item))
    else if (map && refName(map))
      out[field] =
        v === undefined
          ? undefined
          : Object.fromEntries(
              Object.entries(v as object).map(([key, item]) => [key, modelToJSON(spec, map, item)]),
            )
    else out[field] = v
  }
  return out
}

/**
 * `src/runtime.ts`, `querystring` / `querystringSingleKey`: every key of the query object in insertion order,
 * `encodeURIComponent(key) + '=' + encodeURIComponent(String(value))`, joined by `&`; an array repeats the key
 * once per element. (Query parameters of this API are all scalars; nested objects and Dates never occur.)
 */
const querystring = (query: Array<[string, unknown]>): string =>
  query
    .map(([key, value]) =>
      (Array.isArray(value) ? value : [value])
        .map((v) => `${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`)
        .join('&'),
    )
    .join('&')

/**
 * The request the SDK sends for `<operationId>Raw(requestParameters)`, where `requestParameters` is the SDK's
 * `<OperationId>Request` object, keyed by SDK argument names (`src/apis/ConversationApi.ts`):
 * 1. every required parameter (path, query or body) that is `null` or `undefined` throws `RequiredError` naming
 *    it, before anything is sent;
 * 2. path: the template with each `{wire_name}` replaced by `encodeURIComponent(String(value))`;
 * 3. query: `queryParameters[wireName] = value` for each query parameter whose value `!== undefined`, in the
 *    order the spec lists them (the order of the generated `if` blocks); `null` is kept (and sent as `null`);
 * 4. body: operations with a request body set `Content-Type: application/json` (even when an optional body is
 *    left out) and pass `<Model>ToJSON(requestParameters.<body>)`;
 * 5. `src/runtime.ts`, `BaseAPI.createFetchParams`: `basePath + path`, then `?` + the query string only when the
 *    query object has keys; the body through `JSON.stringify` (so an absent body stays absent).
 */
export const sdkRequest = (
  spec: Spec,
  row: SpecRow,
  requestParameters: Record<string, unknown>,
  basePath = SDK_BASE_PATH,
): SdkRequest => {
  const required = [...row.pathParams, ...row.queryParams.filter((p) => p.required)].map(sdkName)
  if (row.body?.required) required.push(row.body.sdkName)
  for (const field of required)
    if (requestParameters[field] === null || requestParameters[field] === undefined)
      throw new SdkRequiredError(field)
  let path = row.path
  for (const p of row.pathParams)
    path = path.replace(`{${p.name}}`, encodeURIComponent(String(requestParameters[sdkName(p)])))
  const query: Array<[string, unknown]> = []
  for (const p of row.queryParams) {
    const value = requestParameters[sdkName(p)]
    if (value !== undefined) query.push([p.name, value])
  }
  const url = basePath + path + (query.length ? `?${querystring(query)}` : '')
  const request: SdkRequest = { method: row.method, url, apiVersion: SDK_API_VERSION }
  if (row.body) {
    request.contentType = 'application/json'
    const body = JSON.stringify(modelToJSON(spec, row.body.schema, requestParameters[row.body.sdkName]))
    if (body !== undefined) request.body = body
  }
  return request
}
