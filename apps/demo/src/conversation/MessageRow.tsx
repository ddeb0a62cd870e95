import type { ConversationMessage } from '@uc-conversation/core'
import { useSendMessage } from '@uc-conversation/react-query'
import { formatTime, isImageUrl } from '../format'
import { MessageBody } from './MessageBody'

export const STATUS_TEXT = { pending: 'Sending…', sent: 'Sent', read: 'Read', failed: 'Not sent' } as const

interface Props {
  uuid: string
  message: ConversationMessage
  own: boolean
  status: keyof typeof STATUS_TEXT
}

const fileName = (url: string) =>
  decodeURIComponent(new URL(url, location.href).pathname.split('/').pop() ?? '')

/** One message: author, time, text with links, attachments, and for my own the delivery status. */
export function MessageRow({ uuid, message: m, own, status: delivery }: Props) {
  const { retry } = useSendMessage(uuid)
  if (m.type === 'notice')
    return (
      <div className="notice" data-testid="message" data-uuid={m.conversation_message_uuid}>
        {m.body}
      </div>
    )
  const status = own ? delivery : undefined
  return (
    <div
      className={`message ${own ? 'own' : ''} ${status ? `status-${status}` : ''}`}
      data-testid="message"
      data-uuid={m.conversation_message_uuid ?? ''}
      data-client-id={m.client_message_id ?? ''}
    >
      <div className="meta">
        <span className="author">{m.author_conversation_participant_name ?? (own ? 'You' : 'Unknown')}</span>
        <time dateTime={m.message_dts} title={m.message_dts ? new Date(m.message_dts).toLocaleString() : ''}>
          {formatTime(m.message_dts)}
        </time>
      </div>
      {m.body ? <MessageBody body={m.body} /> : null}
      {m.media_urls?.length ? (
        <div className="media">
          {m.media_urls.map((url) =>
            isImageUrl(url) ? (
              <a key={url} href={url} target="_blank" rel="noopener noreferrer">
                <img src={url} alt={`Attachment ${fileName(url)}`} className="thumb" loading="lazy" />
              </a>
            ) : (
              <a key={url} href={url} target="_blank" rel="noopener noreferrer" className="file-chip">
                {fileName(url) || 'Attachment'}
              </a>
            ),
          )}
        </div>
      ) : null}
      {status ? (
        <div className="delivery" data-testid="delivery" data-status={status}>
          {STATUS_TEXT[status]}
          {status === 'failed' ? (
            <button type="button" className="link" onClick={() => retry(m)}>
              Retry
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}
