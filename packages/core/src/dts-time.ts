/**
 * @internal A server time (a `…_dts` string) as epoch milliseconds; `unknown` when it is not a readable string.
 * The default, -Infinity, orders an unknown time before every known one.
 */
export const dtsTime = (dts: unknown, unknown = -Infinity): number => {
  const t = typeof dts === 'string' ? Date.parse(dts) : Number.NaN
  return Number.isFinite(t) ? t : unknown
}
