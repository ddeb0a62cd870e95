/**
 * @internal Replaces each secret with `***` in every string property (own, enumerable or not: `message`,
 * `stack`, ...) of `value` and of every object reachable from it (its `cause` chain, a parsed body), in place;
 * returns `value`. The second line of defence behind header validation: fetch, a proxy or a server may still
 * copy a credential into what it throws or answers, and errors get logged.
 */
/**
 * @internal Adds a credential just used to `secrets`, keeping the last 16 (an error can only quote the credential
 * of its own attempt; older ones need not be kept forever). Values under 8 characters are left out: test keys,
 * whose scrubbing would mangle ordinary words. Returns `value`.
 */
export const rememberSecret = (secrets: Set<string>, value: string): string => {
  if (value.length > 7) secrets.add(value)
  for (const old of secrets) if (secrets.size > 16) secrets.delete(old)
  return value
}

/** @internal `text` with every secret replaced by `***`. */
export const scrubText = (text: string, secrets: Set<string>): string => {
  for (const secret of secrets) text = text.replaceAll(secret, '***')
  return text
}

export const scrubSecrets = <T>(value: T, secrets: Set<string>, seen = new Set<unknown>()): T => {
  if (value instanceof Object && !seen.has(value)) {
    seen.add(value)
    for (const key of Object.getOwnPropertyNames(value))
      try {
        const target = value as Record<string, unknown>
        const text = target[key]
        if (typeof text === 'string') target[key] = scrubText(text, secrets)
        else scrubSecrets(text, secrets, seen)
      } catch {
        // A read-only property or a throwing getter: left as it is.
      }
  }
  return value
}
