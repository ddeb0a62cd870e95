import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import type { Clock } from './clock'

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  bmp: 'image/bmp',
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  zip: 'application/zip',
  json: 'application/json',
}

/** The content type the emulator serves a file with, from its extension. */
export const contentTypeFor = (extension: string) =>
  CONTENT_TYPES[extension.toLowerCase()] ?? 'application/octet-stream'

/** An extension as the upload URL route accepts it. */
export const EXTENSION_PATTERN = /^[a-z0-9]{1,10}$/i
/** An upload key as the emulator makes them: a random UUID and the extension. */
export const UPLOAD_KEY_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[a-z0-9]{1,10}$/

interface UploadRecord {
  key: string
  origin: string
  expiresMs: number
  bytes?: Uint8Array
  createdMs: number
}

/**
 * Presigned upload URLs (HMAC-SHA256 over method, key and expiry) and the files put there. Keys are random
 * UUIDs from `node:crypto` rather than the seeded stream: media URLs are public, so keys must be unguessable.
 * Bounded by count and total bytes, oldest evicted first. @internal
 */
/** Presigned upload targets and the files put to them, bounded by count and bytes (oldest evicted). @internal */
export interface Uploads {
  /** A new key and its signed PUT URL on `origin`. */
  issue(extension: string, origin: string): { key: string; url: string }
  /** Undefined when the signature is good and not expired, else what is wrong. */
  verify(key: string, expires: string | undefined, signature: string | undefined): string | undefined
  store(key: string, bytes: Uint8Array): void
  file(key: string): { bytes: Uint8Array; contentType: string } | undefined
  /** The public URL of an uploaded file, or undefined when nothing was put under `key`. */
  mediaUrl(key: string): string | undefined
  clear(): void
}

export function createUploads(options: {
  secret: Uint8Array
  clock: Clock
  ttlMs: number
  maxFiles: number
  maxTotalBytes: number
}): Uploads {
  const records = new Map<string, UploadRecord>()
  let totalBytes = 0
  const sign = (key: string, expires: number) =>
    createHmac('sha256', options.secret).update(`PUT\n${key}\n${expires}`).digest('base64url')
  const evict = () => {
    while (records.size > options.maxFiles || totalBytes > options.maxTotalBytes) {
      const oldest = records.values().next().value
      if (!oldest) break
      records.delete(oldest.key)
      totalBytes -= oldest.bytes?.byteLength ?? 0
    }
  }
  return {
    issue(extension: string, origin: string) {
      const key = `${randomUUID()}.${extension.toLowerCase()}`
      const expiresMs = options.clock.now() + options.ttlMs
      const expires = Math.ceil(expiresMs / 1000)
      records.set(key, { key, origin, expiresMs: expires * 1000, createdMs: options.clock.now() })
      evict()
      const url = `${origin}/uploads/${key}?expires=${expires}&signature=${sign(key, expires)}`
      return { key, url }
    },
    verify(key: string, expires: string | undefined, signature: string | undefined): string | undefined {
      if (!expires || !/^\d{1,12}$/.test(expires) || !signature || !/^[A-Za-z0-9_-]{1,100}$/.test(signature))
        return 'missing or malformed signature'
      const expected = Buffer.from(sign(key, Number(expires)))
      const given = Buffer.from(signature)
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad signature'
      if (options.clock.now() >= Number(expires) * 1000) return 'upload URL expired'
      if (!records.has(key)) return 'unknown upload key'
      return undefined
    },
    store(key: string, bytes: Uint8Array) {
      const record = records.get(key)
      if (!record) return
      totalBytes += bytes.byteLength - (record.bytes?.byteLength ?? 0)
      record.bytes = bytes
      evict()
    },
    file(key: string): { bytes: Uint8Array; contentType: string } | undefined {
      const record = records.get(key)
      if (!record?.bytes) return undefined
      return { bytes: record.bytes, contentType: contentTypeFor(key.slice(key.lastIndexOf('.') + 1)) }
    },
    mediaUrl(key: string) {
      const record = records.get(key)
      return record?.bytes ? `${record.origin}/media/${key}` : undefined
    },
    clear() {
      records.clear()
      totalBytes = 0
    },
  }
}
