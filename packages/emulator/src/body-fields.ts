import { badRequest } from './http-error'

/** Readers for JSON body fields: each answers 400 naming the field when its value has the wrong type. @internal */

export function optionalString(
  body: Record<string, unknown>,
  field: string,
  max = 10_000,
): string | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value.length > max)
    throw badRequest(`${field} must be a string of at most ${max} characters`)
  return value
}

export function requiredString(body: Record<string, unknown>, field: string, max = 10_000): string {
  const value = optionalString(body, field, max)
  if (value === undefined || !value.trim()) throw badRequest(`${field} is required`)
  return value
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw badRequest(`${field} must be true or false`)
  return value
}

export function optionalNumber(
  body: Record<string, unknown>,
  field: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw badRequest(`${field} must be an integer from ${min} to ${max}`)
  return value
}

export function optionalEnum<T extends string>(
  body: Record<string, unknown>,
  field: string,
  values: readonly T[],
): T | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (!values.includes(value as T)) throw badRequest(`${field} must be one of ${values.join(', ')}`)
  return value as T
}

export function optionalNumbers(
  body: Record<string, unknown>,
  field: string,
  max = 1000,
): number[] | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.length > max || !value.every((v) => Number.isInteger(v) && v >= 0))
    throw badRequest(`${field} must be a list of at most ${max} non-negative integers`)
  return value as number[]
}

export function optionalStrings(
  body: Record<string, unknown>,
  field: string,
  max = 1000,
): string[] | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.length > max || !value.every((v) => typeof v === 'string'))
    throw badRequest(`${field} must be a list of at most ${max} strings`)
  return value as string[]
}

/** An object field (kept as given: the settings UltraCart stores without reading). */
export function optionalObject(
  body: Record<string, unknown>,
  field: string,
): Record<string, unknown> | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${field} must be an object`)
  return value as Record<string, unknown>
}
