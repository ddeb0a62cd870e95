import { CALL_OPTION_NAMES, type Operation, positionalCount } from '@uc-conversation/core/operations'

// Options that change how a request is sent, not what it answers: never part of a key (a signal is not
// serialisable, and headers may carry credentials).
const TRANSPORT_OPTIONS = new Set<string>(CALL_OPTION_NAMES)

/** @internal One call of an operation, split as core reads it. */
export interface OperationCall {
  /** Path parameters in path order, then the required body (when the operation has one). */
  positional: readonly unknown[]
  /** The query parameters and optional body, without transport options or undefined members; empty: `undefined`. */
  request: Readonly<Record<string, unknown>> | undefined
  /** The caller's own options, transport options included. */
  options: Readonly<Record<string, unknown>> | undefined
}

/**
 * @internal Splits `args` the way core's `client.call` reads them: one positional argument per `{name}` of the
 * path template, one more for a required body, then the options object.
 */
export function splitOperationArgs(operation: Operation, args: readonly unknown[]): OperationCall {
  const count = positionalCount(operation)
  const options = args[count] as Record<string, unknown> | undefined
  let request: Record<string, unknown> | undefined
  if (options && typeof options === 'object')
    for (const name of Object.keys(options).sort())
      if (!TRANSPORT_OPTIONS.has(name) && options[name] !== undefined) {
        request ??= {}
        request[name] = options[name]
      }
  return { positional: args.slice(0, count), request, options }
}

/** @internal `METHOD /path/{template}`: what names an operation in keys (descriptors carry no name). */
export const operationName = (operation: Operation): string => `${operation.method} ${operation.path}`
