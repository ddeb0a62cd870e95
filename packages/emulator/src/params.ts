import { badRequest } from './http-error'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A conversation UUID path parameter, or 400. */
export function conversationUuidParam(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw badRequest('conversation_uuid must be a UUID')
  return value.toLowerCase()
}

/** An optional integer query or path parameter in [min, max], or 400. */
export function intParam(
  value: string | undefined,
  name: string,
  min: number,
  max?: number,
): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d{1,15}$/.test(value)) throw badRequest(`${name} must be an integer`)
  const n = Number(value)
  if (n < min || (max !== undefined && n > max))
    throw badRequest(`${name} must be ${max === undefined ? `>= ${min}` : `from ${min} to ${max}`}`)
  return n
}

/** A queue name path parameter: 1-100 visible characters. */
export function queueNameParam(value: string | undefined): string {
  // Control characters (code points below 0x20 and 0x7f) have no place in a name.
  if (
    !value ||
    value.length > 100 ||
    [...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
  )
    throw badRequest('queue_name must be 1 to 100 visible characters')
  return value
}
