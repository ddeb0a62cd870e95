/**
 * The decoded segments of a request path below `basePath`, or `undefined` when the path is not one a
 * Conversation operation can have: outside `basePath`, a segment that does not decode, an empty, `.` or `..`
 * segment (in any encoding), or a decoded segment holding a slash, a backslash or a control character (an
 * encoded `/` smuggled into a parameter would address another resource once the upstream decodes it).
 * Every segment is checked by value after decoding, so `%2e%2e`, `%2F` and `%5C` fail like their plain forms.
 */
export function proxyPathSegments(pathname: string, basePath: string): string[] | undefined {
  const base = basePath.replace(/\/+$/, '')
  if (pathname !== base && !pathname.startsWith(`${base}/`)) return undefined
  const rest = pathname.slice(base.length + 1)
  if (rest === '') return undefined
  const segments: string[] = []
  for (const raw of rest.split('/')) {
    let value: string
    try {
      value = decodeURIComponent(raw)
    } catch {
      return undefined
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    if (value === '' || value === '.' || value === '..' || /[/\\\u0000-\u001f\u007f]/.test(value))
      return undefined
    segments.push(value)
  }
  return segments
}
