import { formatBytes } from '../format'
import { userMessage } from '../user-message'
import type { Attachment } from './use-attachment'

/** The attached file as a chip: preview (images), name and size, upload progress, Remove. */
export function AttachmentPreview({
  attachment,
  onRemove,
}: {
  attachment: Attachment
  onRemove: () => void
}) {
  const { file, previewUrl, error, percent, done } = attachment
  if (!file) return null
  return (
    <div className="attachment" data-testid="attachment">
      {previewUrl ? (
        <img src={previewUrl} alt={`Preview of ${file.name}`} className="thumb" />
      ) : (
        <span className="file-icon" aria-hidden="true">
          📄
        </span>
      )}
      <div className="attachment-info">
        <span className="small-text" data-testid="attachment-chip">
          {file.name} · {formatBytes(file.size)}
        </span>
        {error ? (
          <span role="alert" className="inline-error">
            {userMessage(error)}
          </span>
        ) : (
          <>
            <progress
              max={100}
              value={percent}
              aria-label={`Uploading ${file.name}`}
              data-testid="upload-progress"
              data-done={done ? 'true' : 'false'}
            />
            <span className="small-text" aria-live="polite">
              {done ? 'Ready to send' : percent !== undefined ? `${percent}%` : 'Starting…'}
            </span>
          </>
        )}
      </div>
      <button type="button" className="link" onClick={onRemove}>
        Remove
      </button>
    </div>
  )
}
