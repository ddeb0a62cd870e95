import {
  type ConversationClient,
  ConversationConfigError,
  ConversationHttpError,
  ConversationNetworkError,
  ConversationParseError,
  ConversationValidationError,
  DEFAULT_MAX_UPLOAD_BYTES,
} from '@uc-conversation/core'
import { Observable } from 'rxjs'

/** What can be uploaded. */
export type AttachmentBody = Blob | ArrayBuffer | Uint8Array

/** PUTs a body to a presigned URL, reporting progress; rejects when `signal` aborts. */
export type PutUpload = (
  url: string,
  body: AttachmentBody,
  options: {
    signal: AbortSignal
    contentType?: string
    onProgress: (loaded: number, total?: number) => void
  },
) => Promise<void>

export interface UploadAttachmentOptions {
  /** File extension for the upload URL, e.g. `jpg`. @default from the file's name */
  extension?: string | undefined
  /** `Content-Type` of the PUT. @default the Blob's `type`, else none */
  contentType?: string | undefined
  /**
   * How to PUT the file.
   * @default XMLHttpRequest where it exists (real progress), else globalThis.fetch (progress at start and end)
   */
  put?: PutUpload | undefined
  /**
   * Largest file accepted, in bytes; a larger one errors with a `ConversationValidationError` naming `file`
   * before any request.
   * @default DEFAULT_MAX_UPLOAD_BYTES
   */
  maxBytes?: number | undefined
}

/** Progress of {@link uploadAttachment}. */
export type UploadState =
  | { status: 'uploading'; loaded: number; total: number | undefined }
  /** Pass `key` in `upload_keys` of {@link sendMessage}. */
  | { status: 'done'; key: string; total: number | undefined }

const sizeOf = (body: AttachmentBody) => ('size' in body ? body.size : body.byteLength)

const httpFailure = (status: number) =>
  new ConversationHttpError(status, undefined, 'The attachment upload was refused')

const xhrPut: PutUpload = (url, body, { signal, contentType, onProgress }) =>
  new Promise((resolve, reject) => {
    const Xhr = (globalThis as { XMLHttpRequest?: typeof XMLHttpRequest }).XMLHttpRequest!
    const xhr = new Xhr()
    xhr.open('PUT', url)
    if (contentType) xhr.setRequestHeader('Content-Type', contentType)
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : undefined)
    xhr.onload = () => (xhr.status < 300 ? resolve() : reject(httpFailure(xhr.status)))
    xhr.onerror = () => reject(new ConversationNetworkError('The attachment upload failed'))
    const abort = () => xhr.abort()
    xhr.onabort = () => reject(signal.reason)
    signal.addEventListener('abort', abort, { once: true })
    xhr.onloadend = () => signal.removeEventListener('abort', abort)
    xhr.send(body as XMLHttpRequestBodyInit)
  })

const fetchPut: PutUpload = async (url, body, { signal, contentType, onProgress }) => {
  const f = (globalThis as { fetch?: typeof fetch }).fetch
  if (!f)
    throw new ConversationConfigError(
      'No XMLHttpRequest or fetch in this runtime: pass uploadAttachment(..., { put })',
    )
  onProgress(0, sizeOf(body))
  const response = await f(url, {
    method: 'PUT',
    body: body as BodyInit,
    signal,
    ...(contentType ? { headers: { 'Content-Type': contentType } } : {}),
  })
  if (!response.ok) throw httpFailure(response.status)
  onProgress(sizeOf(body), sizeOf(body))
}

/**
 * Uploads an attachment: `getConversationMultimediaUploadUrl`, then a PUT of the file to the presigned URL
 * with progress, then `done` with the upload key for `sendMessage({ upload_keys })`. Unsubscribing aborts.
 */
export function uploadAttachment(
  client: ConversationClient,
  file: AttachmentBody,
  options: UploadAttachmentOptions = {},
): Observable<UploadState> {
  return new Observable<UploadState>((subscriber) => {
    const controller = new AbortController()
    const { signal } = controller
    const name = (file as { name?: unknown }).name
    const extension =
      options.extension ?? (typeof name === 'string' ? /\.([a-z0-9]+)$/i.exec(name)?.[1] : undefined)
    const contentType = options.contentType ?? ((file as Blob).type || undefined)
    const put: PutUpload =
      options.put ??
      (typeof (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest === 'function' ? xhrPut : fetchPut)
    const total = sizeOf(file)
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES
    ;(async () => {
      if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
        throw new ConversationValidationError('maxBytes', 'a positive integer')
      if (!(total <= maxBytes))
        throw new ConversationValidationError('file', `at most ${maxBytes} bytes (it has ${total})`)
      if (!extension) throw new ConversationValidationError('extension', 'given, or part of the file name')
      const response = await client.getConversationMultimediaUploadUrl(extension.toLowerCase(), { signal })
      const target = response?.conversation_multimedia_upload_url
      if (!target?.url || !target.key)
        throw new ConversationParseError(200, 'The upload URL response has no url or key')
      subscriber.next({ status: 'uploading', loaded: 0, total })
      await put(target.url, file, {
        signal,
        ...(contentType ? { contentType } : {}),
        onProgress: (loaded, reported) => {
          if (!signal.aborted) subscriber.next({ status: 'uploading', loaded, total: reported ?? total })
        },
      })
      return { key: target.key }
    })().then(
      ({ key }) => {
        if (signal.aborted) return
        subscriber.next({ status: 'done', key, total })
        subscriber.complete()
      },
      (error: unknown) => {
        if (!signal.aborted) subscriber.error(error)
      },
    )
    return () => controller.abort()
  })
}
