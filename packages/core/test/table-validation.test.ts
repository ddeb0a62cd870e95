// Validation read from the table, for every operation of the spec: a required path parameter that is missing,
// blank, `.`/`..` or of the wrong type, a required body that is not an object, an enum value outside its set, a
// required query parameter left out: each is a ConversationValidationError naming the field, and the transport
// is never called. The cases are generated from the spec, so a new operation is covered without touching this file.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ConversationValidationError, createConversationClient } from '../src'
import { OPERATIONS, type Operation } from '../src/operations'
import { recordingTransport } from './helpers'
import { loadSpec, type SpecParameter, type SpecRow, type SpecSchema, sdkName, specRows } from './sdk-model'

const spec = loadSpec()
const rows = specRows(spec)
const descriptor = (id: string) => (OPERATIONS as Record<string, Operation>)[id]!
const isInteger = (schema: SpecSchema) => schema.type === 'number' || schema.type === 'integer'
const resolve = (schema: SpecSchema) =>
  schema.$ref ? spec.components.schemas[schema.$ref.split('/').pop()!]! : schema

/** Top-level body fields the spec limits to a set of values. */
const bodyEnums = (row: SpecRow) =>
  Object.entries(row.body ? (resolve(row.body.schema).properties ?? {}) : {}).filter(([, p]) => p.enum)

/** Values every rule accepts: the upload URL's extension must be a bare extension (rules.ts). */
const goodPath = (row: SpecRow, p: SpecParameter) =>
  isInteger(p.schema) ? 1 : row.id === 'getConversationMultimediaUploadUrl' ? 'jpg' : 'ok'
/** A body that passes every rule: each top-level enum field set (agent_status is required by its rule). */
const goodBody = (row: SpecRow) => Object.fromEntries(bodyEnums(row).map(([field, p]) => [field, p.enum![0]]))
const goodQuery = (row: SpecRow, p: SpecParameter) =>
  descriptor(row.id).enums?.[sdkName(p)]?.[0] ??
  (p.schema.type === 'boolean' ? true : isInteger(p.schema) ? 1 : 'ok')

/** A valid call of `row`, positional as `client.call` takes it, with the given changes. */
const callArgs = (
  row: SpecRow,
  change: {
    path?: Record<number, unknown>
    body?: { value: unknown }
    options?: Record<string, unknown>
  } = {},
): unknown[] => {
  const args: unknown[] = row.pathParams.map((p, i) =>
    i in (change.path ?? {}) ? change.path![i] : goodPath(row, p),
  )
  const body = change.body ? change.body.value : row.body && goodBody(row)
  if (row.body?.required) args.push(body)
  const options: Record<string, unknown> = {}
  for (const p of row.queryParams) if (p.required) options[sdkName(p)] = goodQuery(row, p)
  if (row.body && !row.body.required && change.body) options.body = body
  args.push({ ...options, ...change.options })
  return args
}

/**
 * Calls `row`; `undefined` when it was refused with a validation error naming `field` and nothing was sent, else
 * what happened instead (for tests that list every offending operation at once).
 */
const misbehaviour = async (
  row: SpecRow,
  args: unknown[],
  field: string,
  op = descriptor(row.id),
): Promise<string | undefined> => {
  const { transport, requests } = recordingTransport()
  const client = createConversationClient({ transport, retry: false })
  const error = await client.call(op, ...(args as [])).then(
    () => undefined,
    (e: unknown) => e,
  )
  if (requests.length) return `${row.id}.${field}: sent ${requests[0]!.url}`
  if (!(error instanceof ConversationValidationError)) return `${row.id}.${field}: threw ${String(error)}`
  if (error.field !== field) return `${row.id}.${field}: named ${error.field}`
  return undefined
}

/** Calls `row` and expects a validation error naming `field` with nothing sent. */
const refused = async (row: SpecRow, args: unknown[], field: string) => {
  const { transport, requests } = recordingTransport()
  const client = createConversationClient({ transport, retry: false })
  const error = await client.call(descriptor(row.id), ...(args as [])).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(requests).toHaveLength(0)
  expect(error).toBeInstanceOf(ConversationValidationError)
  expect((error as ConversationValidationError).field).toBe(field)
}

/** Calls `row` and expects it sent once. */
const accepted = async (row: SpecRow, args: unknown[]) => {
  const { transport, requests } = recordingTransport()
  const client = createConversationClient({ transport, retry: false })
  await client.call(descriptor(row.id), ...(args as []))
  expect(requests).toHaveLength(1)
}

const BAD_STRINGS: Array<[string, unknown]> = [
  ['missing', undefined],
  ['empty', ''],
  ['blank', ' \t\n\u00a0'],
  ['.', '.'],
  ['..', '..'],
  ['a number', 5],
  ['null', null],
  ['an object', { toString: () => 'ok' }],
  ['an array', ['ok']],
]
const BAD_INTEGERS: Array<[string, unknown]> = [
  ['missing', undefined],
  ['-1', -1],
  ['1.5', 1.5],
  ["'3'", '3'],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['2^53', 2 ** 53],
  ['null', null],
]

const pathCases = rows.flatMap((row) =>
  row.pathParams.flatMap((p, i) =>
    (isInteger(p.schema) ? BAD_INTEGERS : BAD_STRINGS).map(
      ([what, value]) => [`${row.id}: ${p.name} ${what}`, row, i, value, p.name] as const,
    ),
  ),
)

describe('names the checks rely on do not collide', () => {
  // Query options share one object with the call options (and joinConversation's `body`); body enums and query
  // options share `enums`, and integer path and query names share `ints`, in each row. A spec change that made
  // two of them meet would check or send one as the other.
  const CALL_OPTIONS = ['signal', 'timeoutMs', 'headers', 'retry', 'body']

  it('no query option is named like a call option', () => {
    const clashes = rows.flatMap((row) =>
      row.queryParams
        .map(sdkName)
        .filter((name) => CALL_OPTIONS.includes(name))
        .map((n) => `${row.id}.${n}`),
    )
    expect(clashes).toEqual([])
  })

  it('no body enum field is named like a query option, no integer path parameter like a query option', () => {
    const clashes = rows.flatMap((row) => {
      const options = row.queryParams.map(sdkName)
      return [
        ...bodyEnums(row).map(([field]) => field),
        ...row.pathParams.filter((p) => isInteger(p.schema)).map((p) => p.name),
      ]
        .filter((name) => options.includes(name))
        .map((name) => `${row.id}.${name}`)
    })
    expect(clashes).toEqual([])
  })
})

describe('the valid calls these cases start from', () => {
  it.each(rows.map((r) => [r.id, r] as const))('%s is sent', async (_, row) => {
    await accepted(row, callArgs(row))
  })
})

describe('required path parameters', () => {
  it('every operation with path parameters is covered', () => {
    const covered = new Set(pathCases.map(([, row]) => row.id))
    expect(covered.size).toBe(rows.filter((r) => r.pathParams.length).length)
    expect(covered.size).toBeGreaterThan(60)
  })

  it.each(pathCases)('%s is refused naming it', async (_, row, index, value, field) => {
    await refused(row, callArgs(row, { path: { [index]: value } }), field)
  })

  it.each(rows.filter((r) => r.pathParams.length).map((r) => [r.id, r] as const))(
    '%s called with nothing is refused naming its first path parameter',
    async (_, row) => {
      await refused(row, [], row.pathParams[0]!.name)
    },
  )

  it('a lone surrogate in any string path parameter is refused naming it (it cannot be percent-encoded)', async () => {
    // encodeURIComponent throws a bare URIError on one: a typed error naming the field is owed instead.
    const failures: string[] = []
    for (const row of rows)
      for (const [i, p] of row.pathParams.entries())
        if (!isInteger(p.schema)) {
          const wrong = await misbehaviour(row, callArgs(row, { path: { [i]: 'ab\uD800' } }), p.name)
          if (wrong) failures.push(wrong)
        }
    expect(failures).toEqual([])
  })

  it('property: a blank, dotted or non-string value in any string path parameter is refused naming it', async () => {
    const stringParams = rows.flatMap((row) =>
      row.pathParams.flatMap((p, i) => (isInteger(p.schema) ? [] : [{ row, index: i, field: p.name }])),
    )
    const blank = fc
      .array(fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u2028', '\ufeff'), { maxLength: 6 })
      .map((s) => s.join(''))
    const bad = fc.oneof(
      blank,
      fc.constantFrom('.', '..'),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.object(),
      fc.array(fc.string()),
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...stringParams), bad, async ({ row, index, field }, value) => {
        await refused(row, callArgs(row, { path: { [index]: value } }), field)
      }),
      { numRuns: 300 },
    )
  })

  it('property: an integer path parameter takes exactly the safe integers >= 0', async () => {
    const intParams = rows.flatMap((row) =>
      row.pathParams.flatMap((p, i) => (isInteger(p.schema) ? [{ row, index: i, field: p.name }] : [])),
    )
    expect(intParams.length).toBeGreaterThan(10)
    const value = fc.oneof(
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
      fc.double({ noInteger: true }),
      fc.integer({ min: 0 }).map(String),
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...intParams), value, async ({ row, index, field }, v) => {
        const args = callArgs(row, { path: { [index]: v } })
        if (Number.isSafeInteger(v) && (v as number) >= 0) await accepted(row, args)
        else await refused(row, args, field)
      }),
      { numRuns: 300 },
    )
  })
})

describe('request bodies', () => {
  const NOT_OBJECTS: Array<[string, unknown]> = [
    ['missing', undefined],
    ['null', null],
    ['a string', '{}'],
    ['a number', 1],
    ['true', true],
    ['an array', [{}]],
  ]
  const required = rows.filter((r) => r.body?.required)
  const optional = rows.filter((r) => r.body && !r.body.required)

  it('the spec has required bodies and one optional body (joinConversation)', () => {
    expect(required.length).toBeGreaterThan(30)
    expect(optional.map((r) => r.id)).toEqual(['joinConversation'])
  })

  it.each(
    required.flatMap((row) =>
      NOT_OBJECTS.map(([what, value]) => [`${row.id}: ${what}`, row, value] as const),
    ),
  )('%s is refused naming request', async (_, row, value) => {
    await refused(row, callArgs(row, { body: { value } }), 'request')
  })

  it.each(
    optional.flatMap((row) =>
      NOT_OBJECTS.filter(([what]) => what !== 'missing').map(
        ([what, value]) => [`${row.id}: ${what}`, row, value] as const,
      ),
    ),
  )('%s as the optional body is refused naming body', async (_, row, value) => {
    await refused(row, callArgs(row, { body: { value } }), 'body')
  })

  it.each(optional.map((r) => [r.id, r] as const))('%s without its optional body is sent', async (_, row) => {
    await accepted(row, callArgs(row))
  })
})

describe('enums', () => {
  const enumCases = rows.flatMap((row) =>
    bodyEnums(row).flatMap(([field, p]) =>
      ['nope', p.enum![0]!.toUpperCase(), ` ${p.enum![0]}`, 1].map(
        (value) => [`${row.id}: ${field} ${JSON.stringify(value)}`, row, field, value] as const,
      ),
    ),
  )

  it('every top-level body enum of the spec is covered, agent_status among them', () => {
    expect(enumCases.map(([, , field]) => field)).toContain('agent_status')
    expect(new Set(enumCases.map(([, row]) => row.id)).size).toBeGreaterThan(5)
  })

  it.each(enumCases)('%s is refused naming it', async (_, row, field, value) => {
    await refused(row, callArgs(row, { body: { value: { ...goodBody(row), [field]: value } } }), field)
  })

  it.each(
    rows.flatMap((row) =>
      bodyEnums(row).flatMap(([field, p]) =>
        p.enum!.map((v) => [`${row.id}: ${field} ${v}`, row, field, v] as const),
      ),
    ),
  )('%s is accepted', async (_, row, field, value) => {
    await accepted(row, callArgs(row, { body: { value: { ...goodBody(row), [field]: value } } }))
  })

  it('updateConversationWebchatQueueStatus without agent_status is refused naming it', async () => {
    const row = rows.find((r) => r.id === 'updateConversationWebchatQueueStatus')!
    await refused(row, callArgs(row, { body: { value: {} } }), 'agent_status')
  })

  // The spec types `medium` as a string; the table limits it (scripts/generate.mjs, ENUMS).
  it.each([['email'], ['SMS'], ['']])('getConversations: medium %j is refused naming it', async (value) => {
    const row = rows.find((r) => r.id === 'getConversations')!
    await refused(row, callArgs(row, { options: { medium: value } }), 'medium')
  })
})

describe('query parameters', () => {
  const queryRows = rows.filter((r) => r.queryParams.length)
  const intQuery = queryRows.flatMap((row) =>
    row.queryParams.filter((p) => isInteger(p.schema)).map((p) => [row, p] as const),
  )

  it.each(
    intQuery.flatMap(([row, p]) =>
      BAD_INTEGERS.filter(([what]) => what !== 'missing').map(
        ([what, value]) => [`${row.id}: ${sdkName(p)} ${what}`, row, sdkName(p), value] as const,
      ),
    ),
  )('%s is refused naming it', async (_, row, field, value) => {
    await refused(row, callArgs(row, { options: { [field]: value } }), field)
  })

  it.each(
    queryRows.flatMap((row) =>
      row.queryParams
        .filter((p) => p.required)
        .map((p) => [`${row.id}: ${sdkName(p)}`, row, sdkName(p)] as const),
    ),
  )('%s (required) left out is refused naming it', async (_, row, field) => {
    await refused(row, callArgs(row, { options: { [field]: undefined } }), field)
  })

  it('a value without a query-string form (object, array, function, symbol) is refused naming it', async () => {
    // Today an object travels as `[object Object]`, an array as `a,b`, and a symbol throws a bare TypeError.
    const failures: string[] = []
    for (const row of queryRows)
      for (const p of row.queryParams.filter((q) => !isInteger(q.schema)))
        for (const value of [{ a: 1 }, ['a', 'b'], () => 'x', Symbol('x')]) {
          const wrong = await misbehaviour(
            row,
            callArgs(row, { options: { [sdkName(p)]: value } }),
            sdkName(p),
          )
          if (wrong)
            failures.push(
              `${wrong} (given ${typeof value === 'symbol' ? 'a symbol' : Array.isArray(value) ? 'an array' : typeof value})`,
            )
        }
    expect(failures).toEqual([])
  })

  it('a lone surrogate in any string query parameter is refused naming it (it cannot be percent-encoded)', async () => {
    const failures: string[] = []
    for (const row of queryRows)
      for (const p of row.queryParams)
        if (p.schema.type === 'string' && !descriptor(row.id).enums?.[sdkName(p)]) {
          const wrong = await misbehaviour(
            row,
            callArgs(row, { options: { [sdkName(p)]: '\uDC00x' } }),
            sdkName(p),
          )
          if (wrong) failures.push(wrong)
        }
    expect(failures).toEqual([])
  })
})

describe('the checks come from the table', () => {
  // The same bad calls against rows stripped of what the table says: each must then get through, or the tests
  // above would pass without the table.
  const row = (id: string) => rows.find((r) => r.id === id)!
  const cases: Array<
    [string, string, (op: Operation) => Operation, Record<number, unknown>, unknown, string]
  > = [
    [
      'no ints: a string in an integer path parameter',
      'getConversationEngagement',
      ({ ints: _, ...op }) => op,
      { 0: '3' },
      undefined,
      'conversation_engagement_oid',
    ],
    [
      'no enums: an unknown agent_status',
      'updateConversationWebchatQueueStatus',
      ({ enums: _, check: __, ...op }) => op,
      {},
      { agent_status: 'nope' },
      'agent_status',
    ],
    [
      'an optional body: a required body left out',
      'updatePbxMenu',
      (op) => ({ ...op, body: 'optional' }),
      {},
      undefined,
      'request',
    ],
  ]

  it.each(cases)('%s (%s) is sent', async (_, id, strip, path, body, field) => {
    const r = row(id)
    const args = callArgs(r, {
      path,
      ...(body !== undefined || r.body?.required ? { body: { value: body } } : {}),
    })
    expect(await misbehaviour(r, args, field)).toBeUndefined()
    expect(await misbehaviour(r, args, field, strip(descriptor(id)))).toMatch(/: sent https:/)
  })
})
