import { useMultimediaUpload } from '@uc-conversation/react-query'
import { useEffect, useState } from 'react'
import { fileProblem } from './composer-rules'

/** The attachment of a reply: checked, uploaded with progress, previewed (images), removable. */
export function useAttachment() {
  const uploader = useMultimediaUpload()
  const [file, setFile] = useState<{ file: File; previewUrl: string | undefined } | undefined>(undefined)
  const [refused, setRefused] = useState<string | undefined>(undefined)
  // The preview's object URL is released when it is replaced or the composer goes away.
  useEffect(() => () => void (file?.previewUrl && URL.revokeObjectURL(file.previewUrl)), [file])

  const clear = () => {
    uploader.abort()
    uploader.reset()
    setFile(undefined)
  }
  /** Checked before anything is sent: a file the server would refuse is never uploaded. */
  const attach = (f: File) => {
    clear()
    const problem = fileProblem(f)
    setRefused(problem)
    if (problem) return
    setFile({ file: f, previewUrl: f.type.startsWith('image/') ? URL.createObjectURL(f) : undefined })
    uploader.mutate({ file: f, extension: f.name.split('.').pop()?.toLowerCase() ?? 'bin' })
  }
  const state = uploader.isSuccess
    ? ({ status: 'done', key: uploader.data } as const)
    : uploader.progress
      ? ({ status: 'uploading', ...uploader.progress } as const)
      : undefined
  const percent =
    state?.status === 'done' ? 100 : state?.total ? Math.round((100 * state.loaded) / state.total) : undefined
  return {
    file: file?.file,
    previewUrl: file?.previewUrl,
    error: file ? uploader.error : null,
    refused,
    done: state?.status === 'done',
    key: state?.status === 'done' ? state.key : undefined,
    percent,
    uploading: !!file && state?.status !== 'done' && !uploader.error,
    attach,
    /** Removes the attachment (aborting its upload). */
    clear,
    /** After a send: the upload is part of the message now. */
    sent: () => {
      uploader.reset()
      setFile(undefined)
    },
  }
}

export type Attachment = ReturnType<typeof useAttachment>
