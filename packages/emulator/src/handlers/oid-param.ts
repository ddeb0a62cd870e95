import { HttpError } from '../http-error'
import { intParam } from '../params'

/** A numeric id path parameter (`conversation_canned_message_oid`, …), or 400 naming it. @internal */
export const oidParam = (value: string | undefined, name: string): number => intParam(value ?? '', name, 0)!

/** The 404 UltraCart gives for an id that names nothing. @internal */
export const notFound = (what: string, id: number | string) =>
  new HttpError(
    404,
    `${what} ${id} not found`,
    `${what[0]!.toUpperCase()}${what.slice(1)} not found.`,
    'not_found',
  )
