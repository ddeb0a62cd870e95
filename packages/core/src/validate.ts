import { ConversationValidationError } from './errors'

/** Throws a validation error naming `field` and `rule` unless `ok`. */
export const must = (ok: unknown, field: string, rule: string): void => {
  if (!ok) throw new ConversationValidationError(field, rule)
}

/**
 * A non-blank string other than `.` and `..` (which would climb out of a URL path segment), without a lone
 * surrogate (which has no UTF-8 form, so no percent-encoding either).
 */
const isName = (value: unknown): value is string =>
  typeof value === 'string' && !/^\s*$|^\.\.?$/.test(value) && isWellFormed(value)

/** Every surrogate paired (ES2024's `isWellFormed`: Node 20, every current browser; an older runtime skips it). */
const isWellFormed = (value: string) => (value as { isWellFormed?(): boolean }).isWellFormed?.() !== false

/** Throws unless `value` is undefined or has a query-string form: a number, a boolean, a well-formed string. */
export const optionalQueryValue = (value: unknown, field: string): void =>
  must(
    value === undefined ||
      typeof value === 'number' ||
      typeof value === 'boolean' ||
      (typeof value === 'string' && isWellFormed(value)),
    field,
    'a string, number or boolean',
  )

/** Throws unless `value` is a non-blank string other than `.` and `..`; returns it. */
export const requireString = (value: unknown, field: string): string => {
  must(isName(value), field, 'a non-empty string, not . or ..')
  return value as string
}

/** Throws unless `value` is undefined or what {@link requireString} accepts. */
export const optionalString = (value: unknown, field: string): unknown =>
  value === undefined || requireString(value, field)

/** Throws unless `value` is undefined or an array of what {@link requireString} accepts. */
export const optionalStrings = (value: unknown, field: string): void =>
  must(
    value === undefined || (Array.isArray(value) && value.every(isName)),
    field,
    'an array of such strings',
  )

/** Throws unless `value` is undefined or a safe integer in [min, max]. */
export const optionalInt = (value: unknown, field: string, min: number, max?: number): void => {
  // The rule's text is built only for an error: this runs on every call of every operation.
  if (
    !(
      value === undefined ||
      (Number.isSafeInteger(value) && (value as number) >= min && !((value as number) > max!))
    )
  )
    must(0, field, `an integer ${max ? `from ${min} to ${max}` : `>= ${min}`}`)
}

/** Throws unless `value` is undefined or one of `allowed`. */
export const optionalOneOf = (value: unknown, field: string, allowed: readonly string[]): void => {
  if (!(value === undefined || allowed.includes(value as string)))
    must(0, field, `one of ${allowed.join(', ')}`)
}

/** Throws unless `value` is undefined or of `typeof` `type`. */
export const optionalType = (value: unknown, field: string, type: string): void =>
  must(value === undefined || typeof value === type, field, `a ${type}`)

/** Throws unless `value` is a non-null object other than an array. */
export const requireObject = (value: unknown, field: string): void =>
  must(value && typeof value === 'object' && !Array.isArray(value), field, 'an object')

/**
 * Throws unless `value` can travel in an HTTP header: a string without CR, LF or NUL (header injection; and
 * fetch would copy the whole value into its error) and within Latin-1. The error names the field, never the value.
 */
export const headerValue = (value: unknown, field: string): void =>
  must(typeof value === 'string' && !/[\0\n\r\u0100-\uffff]/.test(value), field, 'a header value')

/**
 * Throws unless `headers` is undefined or an object of header values (each named `headers.<name>`) under names
 * that are HTTP tokens (`X-Trace`, never `bad name`: fetch would throw at the first call, another transport send it).
 */
export const optionalHeaders = (headers: unknown): void => {
  if (headers !== undefined) requireObject(headers, 'headers')
  for (const name in headers as object) {
    must(/^[\w!#$%&'*+.^`|~-]+$/.test(name), 'headers', 'named by HTTP tokens')
    headerValue((headers as Record<string, unknown>)[name], `headers.${name}`)
  }
}
