/** HTTP methods of the Conversation API's operations. */
export type ProxyMethod = 'GET' | 'PUT' | 'POST' | 'DELETE'

/**
 * What the proxy reads of one row of core's operation table (`@uc-conversation/core/operations`): every
 * descriptor there has this shape.
 */
export interface ProxyOperation {
  /** The operation's name, where the row carries one (used in messages; else `METHOD path`). */
  readonly id?: string
  readonly method: ProxyMethod
  /** Template below the API's base URL, e.g. `/conversation/conversations/{conversation_uuid}`. */
  readonly path: string
  /** Query parameters by wire name; only these are forwarded. */
  readonly query?: Readonly<Record<string, string>>
  /** Whether the operation takes a JSON body; without it no body is forwarded. */
  readonly body?: 'optional' | 'required'
  /** The part of the API (`chat`, `virtual-agent`, `pbx`): e.g. to narrow the proxy to chat. */
  readonly group?: string
  /** The OAuth scope UltraCart requires (`conversation_read`, `conversation_write`). */
  readonly scope?: string
}

/** The outcome of routing one request: the operation, or the methods its path allows (405), or nothing (404). */
export type OperationMatch =
  | { operation: ProxyOperation; params: Record<string, string>; allow?: undefined }
  | { operation?: undefined; allow: ProxyMethod[] }
  | undefined

const literalCount = (template: string[]) => template.filter((part) => !part.startsWith('{')).length

const fits = (template: string[], segments: readonly string[]) =>
  template.length === segments.length &&
  template.every((part, i) => part.startsWith('{') || part === segments[i])

/**
 * The operation of `operations` whose method and path template both fit the decoded `segments`. Where two
 * templates fit (`/conversations/search` and `/conversations/{conversation_uuid}`), the one with more literal
 * segments wins, as UltraCart's router prefers the fixed path.
 */
export function matchOperation(
  operations: readonly ProxyOperation[],
  method: string,
  segments: readonly string[],
): OperationMatch {
  let best: ProxyOperation | undefined
  let bestTemplate: string[] = []
  let bestLiterals = -1
  const allow = new Set<ProxyMethod>()
  for (const operation of operations) {
    const template = operation.path.split('/').filter(Boolean)
    if (!fits(template, segments)) continue
    allow.add(operation.method)
    const literals = literalCount(template)
    if (operation.method === method && literals > bestLiterals) {
      best = operation
      bestTemplate = template
      bestLiterals = literals
    }
  }
  if (best) {
    const params: Record<string, string> = {}
    bestTemplate.forEach((part, i) => {
      if (part.startsWith('{')) params[part.slice(1, -1)] = segments[i] as string
    })
    return { operation: best, params }
  }
  return allow.size > 0 ? { allow: [...allow].sort() } : undefined
}
