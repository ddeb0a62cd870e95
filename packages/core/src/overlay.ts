/**
 * A copy of `onto` with the defined fields of `from` over it: an explicit `undefined` never erases a known value.
 * Internal (summaries and participant records merge this way).
 */
export const overlay = <T extends object>(onto: T, from: T): T => {
  const out = { ...onto } as Record<string, unknown>
  for (const [key, value] of Object.entries(from)) if (value !== undefined) out[key] = value
  return out as T
}

// Two different primitives of JSON data never have the same JSON text: no type check before comparing the texts.
const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b)

/**
 * @internal `base` itself when `next` holds the same fields with the same content (by JSON for objects), whatever
 * their order, else `next`: a cache keeps an unchanged row's (or record's) identity.
 */
export const sameOr = <T extends object>(base: T, next: T): T => {
  const keys = new Set([...Object.keys(base), ...Object.keys(next)]) as Set<keyof T>
  for (const key of keys) if (!same(base[key], next[key])) return next
  return base
}
