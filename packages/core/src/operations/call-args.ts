import type { CallOptions } from '../request'
import type { Operation } from './operation'

/** The options of a call that change how it is sent, not what it asks (never part of a cache key). */
export const CALL_OPTION_NAMES: readonly (keyof CallOptions)[] = ['signal', 'timeoutMs', 'headers', 'retry']

const templates = new WeakMap<Operation, string[]>()

/**
 * @internal The path template of `operation` split once (per-call CPU): `[literal, name, literal, …]`, so its
 * `{name}`s are at the odd indexes.
 */
export const pathTemplate = (operation: Operation): string[] => {
  let parts = templates.get(operation)
  if (!parts) {
    parts = operation.path.split(/\{(\w+)\}/)
    templates.set(operation, parts)
  }
  return parts
}

/**
 * How many positional arguments `client.call(operation, ...args)` reads before the options object: one per
 * `{name}` of the path template, one more when the body is required. The rule the request loop follows, for code
 * that must split a call the same way (e.g. a cache key).
 */
export const positionalCount = (operation: Operation): number =>
  (pathTemplate(operation).length >> 1) + (operation.body === 'required' ? 1 : 0)
