import type { Hono } from 'hono'
import { HttpError } from '../http-error'
import type { AppEnv, Internals } from '../internals'
import { readBody } from '../read-body'
import { UPLOAD_KEY_PATTERN } from '../uploads'

/**
 * The presigned upload target (PUT, no API credentials: the signature is the authorization) and the media
 * files it stores (GET, public under an unguessable key). @internal
 */
export function registerUploadRoutes(app: Hono<AppEnv>, ctx: Internals) {
  app.put('/uploads/:key', async (c) => {
    const key = c.req.param('key')
    const problem = UPLOAD_KEY_PATTERN.test(key)
      ? ctx.uploads.verify(key, c.req.query('expires'), c.req.query('signature'))
      : 'unknown upload key'
    if (problem) throw new HttpError(403, problem, 'Access denied.', 'forbidden')
    const bytes = await readBody(c.req.raw, ctx.config.maxUploadBytes, c.env?.incoming)
    ctx.uploads.store(key, bytes)
    return new Response(null, { status: 200 })
  })

  app.get('/media/:key', (c) => {
    const key = c.req.param('key')
    const file = UPLOAD_KEY_PATTERN.test(key) ? ctx.uploads.file(key) : undefined
    if (!file) throw new HttpError(404, 'no such media', 'Not found.', 'not_found')
    return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        'content-type': file.contentType,
        'content-length': String(file.bytes.byteLength),
        // Uploaded bytes are untrusted: never let a browser sniff them into something executable.
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, max-age=3600',
      },
    })
  })
}
