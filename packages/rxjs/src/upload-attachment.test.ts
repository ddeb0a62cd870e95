import { ConversationValidationError, DEFAULT_MAX_UPLOAD_BYTES } from '@uc-conversation/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeServer } from '../test/fakes'
import { type PutUpload, type UploadState, uploadAttachment } from './upload-attachment'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('uploadAttachment', () => {
  it('gets an upload URL for the extension, PUTs with progress, ends with the key', async () => {
    const { client } = fakeServer()
    const put = vi.fn<PutUpload>(async (_url, _body, { onProgress }) => {
      onProgress(5, 10)
      onProgress(10, 10)
    })
    const file = new File([new Uint8Array(10)], 'photo.JPG', { type: 'image/jpeg' })
    const states: UploadState[] = []
    await new Promise<void>((resolve, reject) =>
      uploadAttachment(client, file, { put }).subscribe({
        next: (s) => states.push(s),
        complete: resolve,
        error: reject,
      }),
    )
    expect(client.getConversationMultimediaUploadUrl).toHaveBeenCalledWith('jpg', expect.anything())
    expect(put).toHaveBeenCalledWith(
      'https://upload.test/put',
      file,
      expect.objectContaining({ contentType: 'image/jpeg' }),
    )
    expect(states).toEqual([
      { status: 'uploading', loaded: 0, total: 10 },
      { status: 'uploading', loaded: 5, total: 10 },
      { status: 'uploading', loaded: 10, total: 10 },
      { status: 'done', key: 'key-jpg', total: 10 },
    ])
  })

  it('unsubscribing aborts the PUT', async () => {
    const { client } = fakeServer()
    let signal: AbortSignal | undefined
    let markStarted: () => void = () => {}
    const started = new Promise<void>((resolve) => {
      markStarted = resolve
    })
    const put: PutUpload = (_u, _b, o) => {
      signal = o.signal
      markStarted()
      return new Promise(() => {})
    }
    const sub = uploadAttachment(client, new Uint8Array(3), { extension: 'png', put }).subscribe()
    await started
    expect(signal?.aborted).toBe(false)
    sub.unsubscribe()
    expect(signal?.aborted).toBe(true)
  })

  it('falls back to fetch where there is no XMLHttpRequest, and reports refusals', async () => {
    const { client } = fakeServer()
    const fetch = vi.fn(async () => new Response(null, { status: 403 }))
    vi.stubGlobal('fetch', fetch)
    const error = await new Promise((resolve) =>
      uploadAttachment(client, new Blob(['abc']), { extension: 'txt' }).subscribe({ error: resolve }),
    )
    expect(fetch).toHaveBeenCalledWith('https://upload.test/put', expect.objectContaining({ method: 'PUT' }))
    expect((error as Error).message).toMatch(/403/)
  })

  it('needs an extension', async () => {
    const { client } = fakeServer()
    const error = await new Promise((resolve) =>
      uploadAttachment(client, new Blob(['x'])).subscribe({ error: resolve }),
    )
    expect((error as Error).message).toMatch(/extension/)
  })

  it('refuses a file over the size limit before asking for an upload URL or sending a byte', async () => {
    const { client } = fakeServer()
    const put = vi.fn<PutUpload>(async () => {})
    const over = new Uint8Array(DEFAULT_MAX_UPLOAD_BYTES + 1)
    const error = await new Promise((resolve) =>
      uploadAttachment(client, over, { extension: 'png', put }).subscribe({ error: resolve }),
    )
    expect(error).toBeInstanceOf(ConversationValidationError)
    expect((error as ConversationValidationError).field).toBe('file')
    const small = await new Promise((resolve) =>
      uploadAttachment(client, new Uint8Array(11), { extension: 'png', put, maxBytes: 10 }).subscribe({
        error: resolve,
      }),
    )
    expect((small as ConversationValidationError).field).toBe('file')
    expect(client.getConversationMultimediaUploadUrl).not.toHaveBeenCalled()
    expect(put).not.toHaveBeenCalled()
  })
})
