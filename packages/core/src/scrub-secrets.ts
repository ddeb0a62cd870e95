/**
 * @internal Replaces each secret with `***` in every string property (own, enumerable or not: `message`,
 * `stack`, ...) of `value` and of every object reachable from it (its `cause` chain, a parsed body), in place;
 * returns `value`. The second line of defence behind header validation: fetch, a proxy or a server may still
 * copy a credential into what it throws or answers, and errors get logged.
 */
export const scrubSecrets = <T>(value: T, secrets: Set<string>, seen = new Set<unknown>()): T => {
  if (value instanceof Object && !seen.has(value)) {
    seen.add(value)
    for (const key of Object.getOwnPropertyNames(value))
      try {
        const target = value as Record<string, unknown>
        let text = target[key]
        if (typeof text === 'string') {
          for (const secret of secrets) text = (text as string).replaceAll(secret, '***')
          target[key] = text
        } else scrubSecrets(text, secrets, seen)
      } catch {
        // A read-only property or a throwing getter: left as it is.
      }
  }
  return value
}
