// Wire-identical to UltraCart's own SDK: for every operation of the spec, what core sends through
// `client.call(OPERATIONS[id], ...)` is what the SDK sends for the same arguments (method, URL with path and query
// in order and encoding, body, Content-Type). The SDK is modelled in ./sdk-model.ts from its source; the cases are
// generated from the spec, so an operation added to the spec is checked without touching this file.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createConversationClient } from '../src'
import { OPERATIONS, type Operation } from '../src/operations'
import { recordingTransport } from './helpers'
import {
  loadSpec,
  modelToJSON,
  type SpecParameter,
  type SpecRow,
  type SpecSchema,
  sdkName,
  sdkRequest,
  specRows,
} from './sdk-model'

const spec = loadSpec()
const rows = specRows(spec)
const descriptor = (id: string) => (OPERATIONS as Record<string, Operation>)[id]!

/** Arguments of one call, by the SDK's argument names (`<OperationId>Request` of the SDK). */
type SdkArgs = Record<string, unknown>

/**
 * Values a row's own rule accepts where the generic value would be refused before sending: the upload URL of
 * `getConversationMultimediaUploadUrl` is asked for a bare extension (operations/rules.ts, uploadExtensionRule).
 * That refusal is core's validation, not a wire difference: for `jpg` both send the same.
 */
const RULE_VALUES: Record<string, unknown> = { 'getConversationMultimediaUploadUrl.extension': 'jpg' }

const isInteger = (schema: SpecSchema) => schema.type === 'number' || schema.type === 'integer'

/**
 * Path values that need encoding (space, slash, question mark, hash, percent, non-ASCII), distinct per position
 * so a swapped pair would show; integers large enough that a float formatting would show.
 */
const pathValue = (row: SpecRow, p: SpecParameter, index: number) =>
  RULE_VALUES[`${row.id}.${p.name}`] ?? (isInteger(p.schema) ? 1_700_000_000_000 + index : `a b/é?#%${index}`)

/** Every query parameter set: booleans both ways, numbers inside every range, strings that need encoding. */
const queryValue = (row: SpecRow, p: SpecParameter, index: number) => {
  const allowed = descriptor(row.id).enums?.[sdkName(p)]
  if (allowed) return allowed[index % allowed.length]
  if (p.schema.type === 'boolean') return index % 2 === 0
  if (isInteger(p.schema)) return 25 + index
  return `x y&z=${index}/é+%?`
}

const resolve = (schema: SpecSchema) =>
  schema.$ref ? spec.components.schemas[schema.$ref.split('/').pop()!]! : schema

/**
 * A body of the schema with one field of each kind it has (string, number, boolean, enum, array of scalars, array
 * of models, nested model, free-form object), nested models two levels deep, keys in the model's order.
 */
const sampleBody = (schema: SpecSchema, depth = 0): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  const seen = new Set<string>()
  for (const [field, property] of Object.entries(resolve(schema).properties ?? {})) {
    const kind = property.enum
      ? 'enum'
      : property.$ref
        ? 'model'
        : property.type === 'array'
          ? `array of ${property.items?.$ref ? 'models' : property.items?.type}`
          : `${property.type}`
    if (seen.has(kind)) continue
    seen.add(kind)
    out[field] = sampleValue(property, field, depth)
  }
  return out
}

const sampleValue = (property: SpecSchema, field: string, depth: number): unknown => {
  if (property.enum) return property.enum[property.enum.length - 1]
  if (property.$ref) return depth < 2 ? sampleBody(property, depth + 1) : {}
  if (property.type === 'array') {
    const items = property.items ?? {}
    return items.$ref
      ? depth < 2
        ? [sampleBody(items, depth + 1)]
        : []
      : [sampleValue(items, field, depth), sampleValue(items, field, depth)]
  }
  if (property.type === 'boolean') return true
  if (isInteger(property)) return 7.5
  if (property.type === 'object') return { free: 'form', n: 1, nested: { ok: true } }
  return `"${field}" é\n\u2028`
}

interface Call {
  sdk: SdkArgs
  core: unknown[]
}

/** The same call for both: the SDK's parameter object and core's positional arguments. */
const callOf = (row: SpecRow, values: { path: unknown[]; query: unknown[]; body?: unknown }): Call => {
  const sdk: SdkArgs = {}
  const options: Record<string, unknown> = {}
  row.pathParams.forEach((p, i) => {
    sdk[sdkName(p)] = values.path[i]
  })
  row.queryParams.forEach((p, i) => {
    sdk[sdkName(p)] = values.query[i]
    options[sdkName(p)] = values.query[i]
  })
  const core: unknown[] = [...values.path]
  if (row.body) {
    sdk[row.body.sdkName] = values.body
    if (row.body.required) core.push(values.body)
    else options.body = values.body
  }
  core.push(options)
  return { sdk, core }
}

const fullCall = (row: SpecRow) =>
  callOf(row, {
    path: row.pathParams.map((p, i) => pathValue(row, p, i)),
    query: row.queryParams.map((p, i) => queryValue(row, p, i)),
    ...(row.body && { body: sampleBody(row.body.schema) }),
  })

/** Only what is required: optional query parameters and an optional body left out. */
const minimalCall = (row: SpecRow) =>
  callOf(row, {
    path: row.pathParams.map((p, i) => pathValue(row, p, i)),
    query: row.queryParams.map((p, i) => (p.required ? queryValue(row, p, i) : undefined)),
    ...(row.body?.required && { body: sampleBody(row.body.schema) }),
  })

/** What core put on the wire for one call (the recording transport answers every request with success). */
const coreSends = async (row: SpecRow, args: unknown[]) => {
  const { transport, requests } = recordingTransport()
  const client = createConversationClient({ transport, retry: false })
  await client.call(descriptor(row.id), ...(args as []))
  expect(requests).toHaveLength(1)
  const [sent] = requests
  return {
    method: sent!.method,
    url: sent!.url,
    apiVersion: sent!.headers['X-UltraCart-Api-Version'],
    body: sent!.body,
    // The SDK sets Content-Type on every operation that has a body parameter, even when an optional body is
    // left out; with no body nothing is typed, so only a sent body's type is compared.
    contentType: sent!.body === undefined ? undefined : sent!.headers['Content-Type'],
  }
}

const sdkSends = (row: SpecRow, args: SdkArgs) => {
  const sdk = sdkRequest(spec, row, args)
  return { ...sdk, contentType: sdk.body === undefined ? undefined : sdk.contentType }
}

describe('the table covers exactly the spec', () => {
  it('has one descriptor per operation of the spec, no more', () => {
    expect(rows).toHaveLength(123)
    expect(Object.keys(OPERATIONS).sort()).toEqual(rows.map((r) => r.id).sort())
  })

  it.each(rows.map((r) => [r.id, r] as const))(
    '%s: method, path, query names, body as the spec says',
    (_, row) => {
      const op = descriptor(row.id)
      expect({ method: op.method, path: op.path }).toEqual({ method: row.method, path: row.path })
      // Wire name → option name, in the spec's order (the order the SDK writes them).
      expect(Object.entries(op.query ?? {})).toEqual(row.queryParams.map((p) => [p.name, sdkName(p)]))
      expect(op.body).toBe(row.body && (row.body.required ? 'required' : 'optional'))
    },
  )
})

describe('every operation sends what the SDK sends', () => {
  it.each(rows.map((r) => [r.id, r] as const))('%s, every parameter set', async (_, row) => {
    const call = fullCall(row)
    expect(await coreSends(row, call.core)).toEqual(sdkSends(row, call.sdk))
  })

  it.each(rows.map((r) => [r.id, r] as const))('%s, only the required parameters', async (_, row) => {
    const call = minimalCall(row)
    expect(await coreSends(row, call.core)).toEqual(sdkSends(row, call.sdk))
  })

  it('the generated calls exercise every kind of value the wire distinguishes', () => {
    // Guards the generator above: a spec change that removed these would make the comparison weaker silently.
    const kinds = new Set<string>()
    for (const row of rows) {
      for (const p of row.pathParams) kinds.add(`path ${isInteger(p.schema) ? 'integer' : 'string'}`)
      for (const p of row.queryParams) kinds.add(`query ${p.schema.type}`)
      if (row.body) kinds.add(`body ${row.body.required ? 'required' : 'optional'}`)
      if (row.pathParams.length > 1) kinds.add('two path parameters')
      if (row.queryParams.length > 3) kinds.add('four query parameters')
    }
    expect([...kinds].sort()).toEqual(
      [
        'body optional',
        'body required',
        'four query parameters',
        'path integer',
        'path string',
        'query boolean',
        'query number',
        'query string',
        'two path parameters',
      ].sort(),
    )
  })
})

describe('the comparison can fail', () => {
  // Rows bent the way a wrong generator or a hand edit would bend them: each must differ from the SDK, or the
  // comparison above proves nothing.
  const mutants: Array<[string, string, (op: Operation) => Operation]> = [
    [
      'query in another order',
      'searchPbxAvailablePhoneNumbers',
      (op) => ({ ...op, query: Object.fromEntries(Object.entries(op.query!).reverse()) }),
    ],
    [
      'query sent under its SDK name',
      'getConversations',
      (op) => ({ ...op, query: { ...op.query, limit: 'limit' } }),
    ],
    ['another method', 'getConversationContext', (op) => ({ ...op, method: 'GET' })],
    [
      'a segment in the singular',
      'getPbxQueueVoicemail',
      (op) => ({ ...op, path: '/conversation/pbx/queue/{queue_uuid}/voicemails/{recording_sid}' }),
    ],
    ['body dropped', 'updateConversationWebchatQueueStatus', ({ body: _, ...op }) => op],
  ]

  it.each(mutants)('%s (%s)', async (_, id, mutate) => {
    const row = rows.find((r) => r.id === id)!
    const call = fullCall(row)
    const { transport, requests } = recordingTransport()
    const client = createConversationClient({ transport, retry: false })
    await client.call(mutate(descriptor(id)), ...(call.core as []))
    const sent = requests[0]!
    const sdk = sdkSends(row, call.sdk)
    expect({ method: sent.method, url: sent.url, body: sent.body }).not.toEqual({
      method: sdk.method,
      url: sdk.url,
      body: sdk.body,
    })
  })
})

describe('bodies', () => {
  const bodyRows = rows.filter((r) => r.body)

  it.each(bodyRows.map((r) => [r.id, r] as const))(
    '%s: keys in another order reach the server as the same JSON',
    async (_, row) => {
      // The SDK rebuilds the body in the model's key order (`<Model>ToJSON`); core sends the caller's object as it
      // is. Byte-identical when the caller writes the model's order (above); the same JSON in any order.
      const reversed = (value: unknown): unknown =>
        Array.isArray(value)
          ? value.map(reversed)
          : value && typeof value === 'object'
            ? Object.fromEntries(
                Object.entries(value)
                  .reverse()
                  .map(([k, v]) => [k, reversed(v)]),
              )
            : value
      const body = reversed(sampleBody(row.body!.schema))
      const call = callOf(row, {
        path: row.pathParams.map((p, i) => pathValue(row, p, i)),
        query: row.queryParams.map(() => undefined),
        body,
      })
      const sent = await coreSends(row, call.core)
      expect(JSON.parse(sent.body!)).toEqual(JSON.parse(sdkSends(row, call.sdk).body!))
    },
  )

  it('null fields travel as null, as the SDK sends them', async () => {
    const row = rows.find((r) => r.id === 'updateConversationCannedMessage')!
    const body = { canned_message: null, short_code: 'hi' }
    const call = callOf(row, { path: [3], query: [], body })
    expect(await coreSends(row, call.core)).toEqual(sdkSends(row, call.sdk))
  })

  it('the model of ToJSON keeps only model fields, in model order (a check of the model itself)', () => {
    const schema = { $ref: '#/components/schemas/ConversationCannedMessage' }
    expect(
      JSON.stringify(modelToJSON(spec, schema, { short_code: 's', extra: 1, canned_message: 'c' })),
    ).toBe('{"canned_message":"c","short_code":"s"}')
  })
})

describe('any value the SDK could be given', () => {
  // Strings of any code point (no lone surrogates: those cannot be percent-encoded by either, see
  // table-validation.test.ts), integers of the whole safe range, both booleans.
  const text = fc
    .string({ unit: 'binary', minLength: 1, maxLength: 12 })
    .filter((s) => !/^\s*$|^\.\.?$/.test(s))
  const valueFor = (row: SpecRow, p: SpecParameter, where: 'path' | 'query'): fc.Arbitrary<unknown> => {
    const fixed = RULE_VALUES[`${row.id}.${p.name}`]
    if (fixed !== undefined) return fc.constant(fixed)
    const allowed = descriptor(row.id).enums?.[sdkName(p)]
    if (allowed) return fc.constantFrom(...allowed)
    if (p.schema.type === 'boolean') return fc.boolean()
    if (isInteger(p.schema)) {
      const [min = 0, max = Number.MAX_SAFE_INTEGER] =
        descriptor(row.id).ints?.[where === 'path' ? p.name : sdkName(p)] ?? []
      return fc.integer({ min, max: Math.min(max, Number.MAX_SAFE_INTEGER) })
    }
    return text
  }
  const callArbitrary = fc.constantFrom(...rows).chain((row) =>
    fc
      .record({
        path: fc.tuple(...row.pathParams.map((p) => valueFor(row, p, 'path'))),
        query: fc.tuple(
          ...row.queryParams.map((p) => fc.option(valueFor(row, p, 'query'), { nil: undefined })),
        ),
      })
      .map((values) => ({ row, values })),
  )

  it('every operation, random path and query values: same method and URL', async () => {
    await fc.assert(
      fc.asyncProperty(callArbitrary, async ({ row, values }) => {
        const query = row.queryParams.map((p, i) =>
          p.required && values.query[i] === undefined ? queryValue(row, p, i) : values.query[i],
        )
        const call = callOf(row, {
          path: values.path,
          query,
          ...(row.body?.required && { body: sampleBody(row.body.schema) }),
        })
        const sent = await coreSends(row, call.core)
        const sdk = sdkSends(row, call.sdk)
        expect({ method: sent.method, url: sent.url }).toEqual({ method: sdk.method, url: sdk.url })
      }),
      { numRuns: 400 },
    )
  })
})
