'use client'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { type ConversationMutationHookOptions, composeMutationOptions } from './compose-mutation-options'
import { useConversationContext } from './conversation-provider'
import {
  type UploadAttachmentError,
  type UploadAttachmentVariables,
  uploadAttachmentMutation,
} from './upload-attachment-mutation'

/** Progress of the current upload. */
export interface UploadProgress {
  loaded: number
  total: number | undefined
}

/** Result of {@link useMultimediaUpload}: the mutation (its data is the upload key) plus progress and abort. */
export type UseMultimediaUploadResult = UseMutationResult<
  string,
  UploadAttachmentError,
  UploadAttachmentVariables
> & {
  /** `undefined` before the first upload. */
  progress: UploadProgress | undefined
  /** Aborts the upload in flight (the mutation fails with a `DOMException` named `AbortError`). */
  abort: () => void
}

/**
 * Uploads an attachment (rxjs's `uploadAttachment`: upload URL, then a PUT with progress) and resolves with the
 * upload key for `useSendMessage().send({ body, upload_keys: [key] })`. Unmounting aborts an upload in flight.
 */
export function useMultimediaUpload(
  options: ConversationMutationHookOptions<
    string,
    UploadAttachmentVariables,
    unknown,
    UploadAttachmentError
  > = {},
): UseMultimediaUploadResult {
  const { client } = useConversationContext()
  const [progress, setProgress] = useState<UploadProgress | undefined>(undefined)
  const controller = useRef<AbortController | undefined>(undefined)
  const base = useMemo(() => {
    const upload = uploadAttachmentMutation(client, {
      // Read when each upload starts: every upload gets its own controller.
      get signal() {
        return controller.current?.signal
      },
      onProgress: (loaded, total) => setProgress({ loaded, total }),
    })
    return {
      ...upload,
      onMutate: () => {
        controller.current?.abort()
        controller.current = new AbortController()
        setProgress({ loaded: 0, total: undefined })
      },
    }
  }, [client])
  useEffect(() => () => controller.current?.abort(), [])
  const mutation = useMutation(composeMutationOptions(base, options))
  const abort = useCallback(() => controller.current?.abort(), [])
  return Object.assign(mutation, { progress, abort })
}
