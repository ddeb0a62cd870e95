import type { OperationId } from './operation-routes'

/**
 * A name faults can be set per: an operation of UltraCart's API (a key of core's table), or one of the
 * emulator's own upload (`uploadFile`) and media (`getMedia`) routes.
 */
export type OperationName = OperationId | 'uploadFile' | 'getMedia'

/** The emulator's own route a method and path name, outside the API (HEAD counts as GET). */
export function ownRouteOf(method: string, pathname: string): 'uploadFile' | 'getMedia' | undefined {
  if (method === 'PUT' && /^\/uploads\/[^/]+$/.test(pathname)) return 'uploadFile'
  if ((method === 'GET' || method === 'HEAD') && /^\/media\/[^/]+$/.test(pathname)) return 'getMedia'
  return undefined
}
