import { ConversationValidationError } from './errors'

/** Throws unless `value` is a non-empty string; returns it. */
export const requireString = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || !value.trim())
    throw new ConversationValidationError(field, 'a non-empty string')
  return value
}

/** Throws unless `value` is undefined or a safe integer in [min, max]. */
export const optionalInt = (value: unknown, field: string, min: number, max?: number): void => {
  if (
    value !== undefined &&
    !(Number.isSafeInteger(value) && (value as number) >= min && !((value as number) > max!))
  )
    throw new ConversationValidationError(field, `an integer ${max ? `from ${min} to ${max}` : `>= ${min}`}`)
}

/** Throws unless `value` is undefined or one of `allowed`. */
export const optionalOneOf = (value: unknown, field: string, allowed: readonly string[]): void => {
  if (value !== undefined && !allowed.includes(value as string))
    throw new ConversationValidationError(field, `one of ${allowed.join(', ')}`)
}
