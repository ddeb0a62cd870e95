/**
 * The example's stand-in for your sign-in: a session cookie signed with `UC_SESSION_SECRET` (HMAC-SHA-256, Web
 * Crypto, so it runs in every runtime Next uses). `proxy.ts` gives one to whoever loads a page; the
 * conversation proxy's `authorize` accepts only requests that carry a valid one. Replace both with your own
 * authentication: the point is that `authorize` decides, not that this check is enough for production.
 */
export const SESSION_COOKIE = 'uc_example_session'

const encoder = new TextEncoder()

const secret = () => {
  const value = process.env.UC_SESSION_SECRET
  if (!value) throw new Error('UC_SESSION_SECRET is not set (scripts/start.mjs sets one)')
  return value
}

const hex = (buffer: ArrayBuffer) =>
  [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('')

async function sign(id: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret()),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return hex(await crypto.subtle.sign('HMAC', key, encoder.encode(id)))
}

/** A new signed session value. */
export async function newSession(): Promise<string> {
  const id = crypto.randomUUID()
  return `${id}.${await sign(id)}`
}

/** Whether a cookie value is a session this server signed. */
export async function isSession(value: string | undefined): Promise<boolean> {
  if (!value) return false
  const dot = value.indexOf('.')
  if (dot < 1) return false
  const expected = await sign(value.slice(0, dot))
  const given = value.slice(dot + 1)
  // Compared in full whatever differs first, so the time taken says nothing about the signature.
  let diff = expected.length ^ given.length
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (given.charCodeAt(i) || 0)
  return diff === 0
}

/** The session cookie of a request's `cookie` header. */
export function sessionOf(request: Request): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === SESSION_COOKIE) return rest.join('=')
  }
  return undefined
}
