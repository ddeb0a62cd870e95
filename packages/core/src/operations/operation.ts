import type { ConversationScope } from '../scopes'

/**
 * One operation of UltraCart's Conversation API: a row of the wire table (`./table.ts`, generated from the spec).
 * `client.call(operation, ...args)` sends it; `Args` is the positional call: path parameters in path order, the
 * request body when one is required, then the options (query parameters by their SDK names, an optional body
 * as `body`, and `signal`, `timeoutMs`, `headers`, `retry`).
 */
export interface Operation<Args extends readonly unknown[] = readonly unknown[], Result = unknown> {
  /** UltraCart's name of the operation (the spec's `operationId`), e.g. `getConversation`. */
  readonly id: string
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE'
  /** Path template under the API root, e.g. `/conversation/conversations/{conversation_uuid}`. */
  readonly path: string
  /** Query parameters: name as sent → name of the option that holds it (e.g. `_limit` → `limit`). */
  readonly query?: Readonly<Record<string, string>>
  /** Query options that must be given (by option name). */
  readonly required?: readonly string[]
  /** Integer parameters (path names, option names) and their range `[min, max?]`. */
  readonly ints?: Readonly<Record<string, readonly number[]>>
  /** Top-level body fields, or query options of an operation without a body, limited to a set of values. */
  readonly enums?: Readonly<Record<string, readonly string[]>>
  /** Whether the operation takes a JSON body (`required`: positional; `optional`: the `body` option). */
  readonly body?: 'required' | 'optional'
  /** `void` operations resolve to `undefined` (UltraCart answers 204). */
  readonly result?: 'void'
  /**
   * Creates something: retried only when the failure proves the server never saw the request (a refused
   * connection, an unknown host, a 429), since a retry after a lost answer would create a second one.
   */
  readonly once?: true
  /** Rules the spec does not state, checked with the others before anything is sent. */
  readonly check?: (args: readonly unknown[]) => void
  /** The OAuth scope UltraCart requires. */
  readonly scope: ConversationScope
  /** The part of the API: live chat, the virtual agent, or the phone system. */
  readonly group: 'chat' | 'virtual-agent' | 'pbx'
  /** Never present: carries the call's types. */
  readonly types?: { args: Args; result: Result }
}

/** The positional arguments of an operation. */
export type OperationArgs<O> = O extends Operation<infer Args, unknown> ? Args : never
/** What an operation resolves to. */
export type OperationResult<O> = O extends Operation<readonly unknown[], infer Result> ? Result : never
