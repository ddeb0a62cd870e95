/**
 * What the bundled copy of the spec keeps (the build's `spec-for-emulator` plugin applies it): each operation's
 * id, request body and responses, and the schemas, without the `x-uc-*` extensions, prose, tags and security.
 * Only what src/spec.ts reads is kept, so the generic store sees the same spec in the bundle as in the sources.
 * @internal
 */
export function specForBundle(spec: {
  paths: Record<string, Record<string, Record<string, unknown>>>
  components: { schemas: Record<string, unknown> }
}): unknown {
  const strip = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(strip)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              // Prose and lists only: a schema may have a property named `description` or `tags`.
              .filter(
                ([k, v]) =>
                  !k.startsWith('x-uc-') &&
                  !(k === 'description' && typeof v === 'string') &&
                  !((k === 'tags' || k === 'security') && Array.isArray(v)),
              )
              .map(([k, v]) => [k, strip(v)]),
          )
        : value
  const paths = Object.fromEntries(
    Object.entries(spec.paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, op]) => [
          method,
          strip({ operationId: op.operationId, requestBody: op.requestBody, responses: op.responses }),
        ]),
      ),
    ]),
  )
  return { paths, components: { schemas: strip(spec.components.schemas) } }
}
