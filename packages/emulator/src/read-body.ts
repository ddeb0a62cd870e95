import { HttpError } from './http-error'

const tooLarge = (max: number) =>
  new HttpError(
    413,
    `request body larger than ${max} bytes`,
    'The request is too large.',
    'payload_too_large',
  )

/**
 * Reads a request body, refusing (413) anything over `max` bytes without buffering more than that. Over
 * `listen()` the bytes come from Node's own request (`incoming`), not through the `Request` object: a test
 * environment such as happy-dom replaces the global `Request`, and its copy drops streamed bodies.
 */
export async function readBody(
  request: Request,
  max: number,
  incoming?: AsyncIterable<Uint8Array>,
): Promise<Uint8Array> {
  const length = request.headers.get('content-length')
  if (length && /^\d+$/.test(length) && Number(length) > max) throw tooLarge(max)
  const source = incoming ?? request.body
  if (!source) return new Uint8Array(0)
  const chunks: Uint8Array[] = []
  let size = 0
  const iterator = source[Symbol.asyncIterator]()
  for (;;) {
    const { done, value } = await iterator.next()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await iterator.return?.()
      throw tooLarge(max)
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

/** Parses a JSON object body (400 for anything else). */
export async function readJsonObject(
  request: Request,
  max: number,
  incoming?: AsyncIterable<Uint8Array>,
): Promise<Record<string, unknown>> {
  const bytes = await readBody(request, max, incoming)
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw new HttpError(400, 'request body is not valid JSON', 'Invalid request.', 'invalid_json')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new HttpError(400, 'request body must be a JSON object', 'Invalid request.', 'invalid_json')
  return parsed as Record<string, unknown>
}
