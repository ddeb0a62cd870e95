/**
 * A copy of `onto` with the defined fields of `from` over it: an explicit `undefined` never erases a known value.
 * Internal (summaries and participant records merge this way).
 */
export const overlay = <T extends object>(onto: T, from: T): T => {
  const out = { ...onto } as Record<string, unknown>
  for (const [key, value] of Object.entries(from)) if (value !== undefined) out[key] = value
  return out as T
}
