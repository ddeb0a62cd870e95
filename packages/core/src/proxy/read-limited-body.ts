/** What {@link readLimitedBody} read: the bytes, or why not. */
export type BodyRead = { body: Uint8Array<ArrayBuffer> } | { refused: 'too-large' | 'timeout' }

/**
 * The request's body, read chunk by chunk and given up (the stream cancelled) as soon as it passes `maxBytes`
 * or when the whole body has not arrived within `timeoutMs`, so that neither a huge body nor a slow sender
 * (a slow-loris) holds the proxy. A `content-length` above the limit is refused before reading anything.
 */
export async function readLimitedBody(
  request: Request,
  maxBytes: number,
  timeoutMs: number,
): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => {})
    return { refused: 'too-large' }
  }
  if (!request.body) return { body: new Uint8Array(0) }
  const reader = request.body.getReader()
  let timedOut = false
  // Cancelling the reader settles its pending read, so the loop below ends at once.
  const timer = setTimeout(() => {
    timedOut = true
    reader.cancel().catch(() => {})
  }, timeoutMs)
  const chunks: Uint8Array[] = []
  let length = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (timedOut) return { refused: 'timeout' }
      if (done) break
      length += value.byteLength
      if (length > maxBytes) {
        await reader.cancel().catch(() => {})
        return { refused: 'too-large' }
      }
      chunks.push(value)
    }
  } catch (error) {
    if (timedOut) return { refused: 'timeout' }
    throw error
  } finally {
    clearTimeout(timer)
    reader.releaseLock()
  }
  const body = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { body }
}
