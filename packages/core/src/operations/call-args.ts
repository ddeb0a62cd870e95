import type { CallOptions } from '../request'
import type { Operation } from './operation'

/** The options of a call that change how it is sent, not what it asks (never part of a cache key). */
export const CALL_OPTION_NAMES: readonly (keyof CallOptions)[] = ['signal', 'timeoutMs', 'headers', 'retry']

/**
 * How many positional arguments `client.call(operation, ...args)` reads before the options object: one per
 * `{name}` of the path template, one more when the body is required. The rule the request loop follows, for code
 * that must split a call the same way (e.g. a cache key).
 */
export const positionalCount = (operation: Operation): number =>
  (operation.path.match(/\{\w+\}/g)?.length ?? 0) + (operation.body === 'required' ? 1 : 0)
