import { mutationOptions } from '@tanstack/react-query'
import type { AnyConversationError, ConversationClient } from '@uc-conversation/core'
import { type AttachmentBody, type UploadAttachmentOptions, uploadAttachment } from '@uc-conversation/rxjs'
import { filter, map, tap } from 'rxjs'
import { CONVERSATION_KEY_ROOT } from './conversation-keys'
import { firstValue } from './live-streams'

// Its own file: a bundle without uploads carries neither this nor its imports.

/** Variables of {@link conversationMutations.uploadAttachment}. */
export interface UploadAttachmentVariables extends UploadAttachmentOptions {
  file: AttachmentBody
}

/**
 * Error of an upload: one of core's errors, or the abort signal's reason (a `DOMException` named `AbortError`
 * from `useMultimediaUpload().abort()` or `controller.abort()`; a reason of your own is passed through as it is).
 */
export type UploadAttachmentError = AnyConversationError | DOMException

/** Options of {@link conversationMutations.uploadAttachment}. */
export interface UploadMutationOptions {
  /** Called with every progress report. @default undefined (no reports) */
  onProgress?: ((loaded: number, total: number | undefined) => void) | undefined
  /** Aborts the upload (the mutation then fails with the signal's reason). @default undefined (never aborted) */
  signal?: AbortSignal | undefined
}

/** @internal `conversationMutations.uploadAttachment`, importable alone so a bundle carries only what it uses. */
export const uploadAttachmentMutation = (client: ConversationClient, options: UploadMutationOptions = {}) =>
  mutationOptions<string, UploadAttachmentError, UploadAttachmentVariables>({
    mutationKey: [CONVERSATION_KEY_ROOT, 'upload'] as const,
    retry: false,
    // The query streams' first-value rule: the signal's abort rejects with its reason and ends the upload.
    mutationFn: ({ file, ...uploadOptions }: UploadAttachmentVariables): Promise<string> =>
      firstValue(
        uploadAttachment(client, file, uploadOptions).pipe(
          tap((state) =>
            state.status === 'uploading'
              ? options.onProgress?.(state.loaded, state.total)
              : options.onProgress?.(state.total ?? 0, state.total),
          ),
          filter((state) => state.status === 'done'),
          map((state) => state.key),
        ),
        options.signal,
      ),
  })
