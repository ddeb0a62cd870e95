import { HttpError } from './http-error'

const tooLarge = (max: number) =>
  new HttpError(
    413,
    `request body larger than ${max} bytes`,
    'The request is too large.',
    'payload_too_large',
  )

/** Reads a request body, refusing (413) anything over `max` bytes without buffering more than that. */
export async function readBody(request: Request, max: number): Promise<Uint8Array> {
  const length = request.headers.get('content-length')
  if (length && /^\d+$/.test(length) && Number(length) > max) throw tooLarge(max)
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => {})
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
export async function readJsonObject(request: Request, max: number): Promise<Record<string, unknown>> {
  const bytes = await readBody(request, max)
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
