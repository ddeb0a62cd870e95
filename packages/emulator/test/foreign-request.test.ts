import { afterEach, describe, expect, it, vi } from 'vitest'

// A DOM-like test environment (happy-dom, jsdom) replaces the global Request before the emulator loads, and
// its copy drops streamed bodies. Over `listen()` the emulator must still read bodies: from Node's own request.

/** A Request that loses any body given to it, as happy-dom's does with a stream. */
class BodylessRequest extends Request {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init && { ...init, body: null })
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.resetModules()
})

describe('a global Request that drops bodies (happy-dom) while the emulator is loaded', () => {
  it('still reads JSON bodies and uploads over HTTP', async () => {
    vi.resetModules()
    vi.stubGlobal('Request', BodylessRequest)
    const { createEmulator } = await import('../src')
    const emulator = createEmulator({ clock: 'manual' })
    const server = await emulator.listen()
    vi.unstubAllGlobals()
    try {
      const { baseUrl, simpleKey } = emulator.clientOptions({ server })
      const headers = { 'x-ultracart-simple-key': simpleKey!, 'content-type': 'application/json' }
      const inserted = await fetch(`${baseUrl}/conversation/canned_messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ short_code: 'hi', canned_message: 'Hello!' }),
      })
      expect(inserted.status).toBe(200)
      expect(await inserted.json()).toMatchObject({ conversation_canned_message: { short_code: 'hi' } })
      const issued = await fetch(`${baseUrl}/conversation/upload_url/txt`, { headers })
      const { url, key } = (await issued.json()).conversation_multimedia_upload_url
      expect((await fetch(url, { method: 'PUT', body: 'hello file' })).status).toBe(200)
      expect(await (await fetch(`${server.url.replace('/rest/v2', '')}/media/${key}`)).text()).toBe(
        'hello file',
      )
    } finally {
      await emulator.close()
    }
  })
})
