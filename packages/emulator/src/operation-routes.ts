import { OPERATIONS, type Operation } from '@uc-conversation/core/operations'

/** UltraCart's name of an operation: a key of core's table. */
export type OperationId = Extract<keyof typeof OPERATIONS, string>

/** Where the API lives on the emulator, as on UltraCart. */
export const API_ROOT = '/rest/v2'

/** One row of core's table, ready to match request paths. @internal */
export interface OperationRoute {
  readonly id: OperationId
  readonly operation: Operation
  /** Matches the whole request path; one group per path parameter, in template order. */
  readonly pattern: RegExp
  readonly params: readonly string[]
  /** Literal segments first: `/pbx/agent/voicemails` is its own operation, not `/pbx/agent/{uuid}`. */
  readonly rank: string
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const routeOf = (id: OperationId, operation: Operation): OperationRoute => {
  const segments = `${API_ROOT}${operation.path}`.split('/')
  const params: string[] = []
  const source = segments
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment)?.[1]
      if (!param) return escapeRegExp(segment)
      params.push(param)
      return '([^/]+)'
    })
    .join('/')
  return {
    id,
    operation,
    pattern: new RegExp(`^${source}$`),
    params,
    rank: segments.map((s) => (s.startsWith('{') ? '1' : '0')).join(''),
  }
}

/** Every operation of core's table, most literal first. */
export const OPERATION_ROUTES: readonly OperationRoute[] = (
  Object.entries(OPERATIONS) as [OperationId, Operation][]
)
  .map(([id, operation]) => routeOf(id, operation))
  .sort((a, b) => a.rank.localeCompare(b.rank))

/** A matched request: the route and its path parameters, percent-decoded (undefined when one does not decode). */
export interface OperationMatch {
  route: OperationRoute
  params: Record<string, string>
}

const decode = (value: string) => {
  try {
    return decodeURIComponent(value)
  } catch {
    return undefined
  }
}

/** The operation a method and path name, if any (HEAD counts as GET). */
export function matchOperation(method: string, pathname: string): OperationMatch | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method
  for (const route of OPERATION_ROUTES) {
    if (route.operation.method !== wanted) continue
    const found = route.pattern.exec(pathname)
    if (!found) continue
    const params: Record<string, string> = {}
    for (const [i, name] of route.params.entries()) {
      const value = decode(found[i + 1]!)
      if (value === undefined) continue
      params[name] = value
    }
    return { route, params }
  }
  return undefined
}

/** The methods some operation accepts on this path, for 405's `Allow` (HEAD wherever GET is; empty: unknown path). */
export function allowedMethods(pathname: string): string[] {
  const methods = new Set<string>()
  for (const route of OPERATION_ROUTES)
    if (route.pattern.test(pathname)) {
      methods.add(route.operation.method)
      if (route.operation.method === 'GET') methods.add('HEAD')
    }
  return ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'].filter((m) => methods.has(m))
}
