import { encodeMessageFrame, type MessageFrame } from '@uc-conversation/core'
import { afterEach, describe, expect, it } from 'vitest'
import { type Mode, openAgentSocket, setup, type TestSocket } from './helpers'

describe.each<Mode>(['in-process', 'http'])('uploads (%s)', (mode) => {
  let cleanup: (() => Promise<void>) | undefined
  let socket: TestSocket | undefined
  afterEach(async () => {
    socket?.close()
    await cleanup?.()
  })

  const start = async (options = {}) => {
    const env = await setup(mode, options)
    cleanup = env.close
    const request = mode === 'http' ? globalThis.fetch : env.emulator.fetch
    return { ...env, request }
  }

  it('round trip: upload URL, PUT bytes, message with upload_keys, media_urls serves the bytes', async () => {
    const { client, emulator, request } = await start()
    const { conversation_multimedia_upload_url: upload } =
      await client.getConversationMultimediaUploadUrl('png')
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4])
    const put = await request(upload!.url!, {
      method: 'PUT',
      body: bytes,
      headers: { 'content-type': 'image/png' },
    })
    expect(put.status).toBe(200)
    const { conversationUuid: uuid } = emulator.customers.arrive({ queue: 'support' })
    await client.joinConversation(uuid)
    let media: string | undefined
    if (mode === 'http') {
      socket = await openAgentSocket(client)
      socket.send(
        encodeMessageFrame(uuid, {
          body: 'see attached',
          client_message_id: 'u1',
          upload_keys: [upload!.key!],
        }),
      )
      const echo = await socket.waitFor<MessageFrame>((f) => f.type === 'message')
      expect(echo.message.upload_keys).toEqual([upload!.key])
      media = echo.message.media_urls?.[0]
    } else {
      // In-process there is no socket: the customer side attaches the upload instead.
      const said = emulator.customers.say(uuid, 'see attached', { uploadKeys: [upload!.key!] })
      expect(said?.upload_keys).toEqual([upload!.key])
      media = said?.media_urls?.[0]
    }
    expect(media).toBe(`${new URL(upload!.url!).origin}/media/${upload!.key}`)
    const got = await request(media!)
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('image/png')
    expect(got.headers.get('x-content-type-options')).toBe('nosniff')
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes)
  })

  it('403 with the envelope for a bad signature, a changed key, or an expired URL', async () => {
    const { client, emulator, request } = await start({ uploadUrlTtlMs: 60_000 })
    const { conversation_multimedia_upload_url: upload } =
      await client.getConversationMultimediaUploadUrl('jpg')
    const url = new URL(upload!.url!)
    const bad = new URL(url)
    bad.searchParams.set('signature', 'A'.repeat(43))
    const r1 = await request(bad.href, { method: 'PUT', body: 'x' })
    expect(r1.status).toBe(403)
    expect(r1.headers.get('UC-REST-ERROR')).toBe('Access denied.')
    expect(await r1.json()).toEqual({
      success: false,
      error: { developer_message: 'bad signature', user_message: 'Access denied.', error_code: 'forbidden' },
      metadata: {},
    })
    const longer = new URL(url)
    longer.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600))
    expect((await request(longer.href, { method: 'PUT', body: 'x' })).status).toBe(403)
    const unsigned = new URL(url)
    unsigned.search = ''
    expect((await request(unsigned.href, { method: 'PUT', body: 'x' })).status).toBe(403)
    emulator.clock.advance(60_000)
    const r2 = await request(url.href, { method: 'PUT', body: 'x' })
    expect(r2.status).toBe(403)
    expect((await r2.json()).error.developer_message).toBe('upload URL expired')
  })

  it('413 over the size limit; 404 for media never uploaded', async () => {
    const { client, request } = await start({ maxUploadBytes: 16 })
    const { conversation_multimedia_upload_url: upload } =
      await client.getConversationMultimediaUploadUrl('pdf')
    const r = await request(upload!.url!, { method: 'PUT', body: new Uint8Array(17) })
    expect(r.status).toBe(413)
    expect(await r.json()).toMatchObject({ success: false, error: { error_code: 'payload_too_large' } })
    const media = await request(`${new URL(upload!.url!).origin}/media/${upload!.key}`)
    expect(media.status).toBe(404)
    expect(await media.json()).toMatchObject({ success: false })
  })
})
