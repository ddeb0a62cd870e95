import { parseDts } from './message-list'

/**
 * @internal A server time (a `…_dts` string) as epoch milliseconds; `unknown` when it is not a readable string.
 * The default, -Infinity, orders an unknown time before every known one.
 */
export const dtsTime = (dts: unknown, unknown = -Infinity): number => parseDts(dts) ?? unknown
